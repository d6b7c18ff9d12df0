/**
 * Positions and the wallet ledger: entry averaging, partial close, flip (one-way),
 * realized PnL, fees and isolated margin allocation.
 *
 * Ledger identity (checked by the property tests):
 *   wallet = start + Σ realized PnL − Σ fees + Σ funding + Σ insurance coverage + Σ socialized loss
 *
 * Isolated margin: opening a size moves IM = qty·price/leverage (rounded up) from the cross
 * wallet into the position's isolated wallet; closing releases the same fraction of it.
 * Fees and realized PnL are booked on the total wallet (so the cross part), a documented
 * simplification of Binance (exchange-rules.md §8.5 lists it as unknown).
 */
import type { PositionSide, Side } from '../../../shared/trading/commands'
import { emit, sym, type Ctx } from '../context'
import { D, type Dec, minus, MONEY_DP, plus, plusMinus, ZERO } from '../decimal'
import { cancelWhere } from '../matching/order-book'
import { noShortfall, releasedScaled } from './close-scaled'
import { closePnl } from './pnl'
import { settleFillShortfall } from './shortfall'
import { scopeKey } from '../risk/check'
import type { PositionState } from '../state'
import { emitPositionChanged } from '../position-event'
import { add, div, exInt, fromDec, mul, RM, sub, toDec, toDp } from '../exact'
import { wordsAveragedEntry, wordsCarriedFees, wordsPlus } from '../word-math'

export interface TradeInput {
  symbol: string
  positionSide: PositionSide
  side: Side
  qty: Dec
  price: Dec
  fee: Dec
  /** Realized PnL booked here is exempt from fee allocation to openFees (ADL, liquidation). */
  noOpen?: boolean
  /**
   * Rule 1 (issue 12), tiered liquidation steps: a partial close of an isolated position
   * releases nothing to the cross wallet; its realized PnL and fee are settled inside the
   * isolated margin, so the position never costs more than its margin.
   */
  settleInIsolated?: boolean
  /**
   * Rule 1 (issue 12): set (to the order's id) for a trader's own fill, not for liquidations
   * or ADL, which settle their own deficit. When closing part of an isolated position loses
   * more than the margin that part releases (a stop-market slipping past the bankruptcy
   * price), the excess is a loss past bankruptcy, covered like a liquidation gap (shortfall.ts).
   */
  fillOrderId?: string
  /**
   * closePnl(entry, price, min(qty, size), dir) of the position as it is now, when the caller
   * has computed it already (a fill reports it in its event): the same value, not computed twice.
   */
  realized?: Dec
}

export interface TradeResult {
  realized: Dec
  closedQty: Dec
  openedQty: Dec
}

export function findPosition(
  ctx: Ctx,
  symbol: string,
  positionSide: PositionSide,
): PositionState | undefined {
  // a loop, not find(): no closure per call (a fill asks three times)
  for (const p of ctx.s.positions)
    if (p.symbol === symbol && p.positionSide === positionSide) return p
  return undefined
}

/** Direction of an order side: BUY +1, SELL −1. */
export function sideDir(side: Side): 1 | -1 {
  return side === 'BUY' ? 1 : -1
}

/** Direction a trade would give/extend: hedge uses positionSide, one-way uses side. */
function tradeDir(side: Side, positionSide: PositionSide): 1 | -1 {
  if (positionSide === 'LONG') return 1
  if (positionSide === 'SHORT') return -1
  return sideDir(side)
}

/** Order side that closes (reduces) position p. */
export function closeSide(p: PositionState): Side {
  return p.dir === 1 ? 'SELL' : 'BUY'
}

/** Does this trade reduce the current position (true) or open/extend it? */
export function isReducing(ctx: Ctx, symbol: string, side: Side, ps: PositionSide): boolean {
  const p = findPosition(ctx, symbol, ps)
  const orderDir = sideDir(side)
  if (ps !== 'BOTH') return orderDir !== (ps === 'LONG' ? 1 : -1)
  return !!p && p.dir !== orderDir
}

function book(ctx: Ctx, realized: Dec, fee: Dec): void {
  ctx.s.wallet = plusMinus(ctx.s.wallet, realized, fee)
  ctx.s.totals.realizedPnl = plus(ctx.s.totals.realizedPnl, realized)
  ctx.s.totals.fees = plus(ctx.s.totals.fees, fee)
}

/**
 * Every amount follows the Decimal formula in the comment beside it, digit for digit: the
 * long operands (averaged entries of up to 40 digits, the closed fraction, fees carried in
 * proportion) go through exact.ts, zeros are not added (decimal.ts plus/minus), and what a
 * trade does not need is not computed (the fee split of a trade that closes nothing or opens
 * nothing, the fraction of a full close).
 */
export function applyTrade(ctx: Ctx, t: TradeInput): TradeResult {
  const orderDir = sideDir(t.side)
  let p = findPosition(ctx, t.symbol, t.positionSide)
  let closedQty = ZERO
  let realized = ZERO
  let shortfall = ZERO
  if (p && p.dir !== orderDir) {
    const full = !t.qty.lt(p.qty)
    closedQty = full ? p.qty : t.qty // D.min(t.qty, p.qty)
    realized = t.realized ?? closePnl(p.entry, t.price, closedQty, p.dir)
    if (t.settleInIsolated && p.marginType === 'ISOLATED' && !full)
      p.isolatedMargin = minus(plus(p.isolatedMargin, realized), t.fee)
    else {
      // a cross position holds no isolated margin: nothing to release
      const release = full
        ? p.isolatedMargin
        : p.isolatedMargin.isZero()
          ? ZERO
          : releasedMargin(p.isolatedMargin, closedQty, p.qty)
      // a full close releases it all: x − x = +0; so does 0 − 0 (decimal.js's zero difference)
      p.isolatedMargin =
        full || (release === ZERO && p.isolatedMargin.isZero())
          ? ZERO
          : minus(p.isolatedMargin, release)
      if (
        t.fillOrderId !== undefined &&
        p.marginType === 'ISOLATED' &&
        !noShortfall(t.fee, release, realized)
      )
        shortfall = D.max(ZERO, feeShare(t, closedQty).minus(release).minus(realized))
    }
    // openFees − openFees·closed/qty; a full close leaves +0 (x − x)
    p.openFees = full ? ZERO : carriedFees(p.openFees, closedQty, p.qty)
    p.qty = minus(p.qty, closedQty)
    p.realizedPnl = plus(p.realizedPnl, realized)
  }
  const closingSide = t.positionSide !== 'BOTH' && orderDir !== tradeDir(t.side, t.positionSide)
  // (a close of the whole trade opens nothing: x − x = +0)
  const openedQty = closingSide || t.noOpen || closedQty === t.qty ? ZERO : minus(t.qty, closedQty)
  book(ctx, realized, t.fee)
  if (t.fillOrderId !== undefined) settleFillShortfall(ctx, shortfall, t.fillOrderId)
  if (p && p.qty.isZero()) {
    closePositionRecord(ctx, p)
    p = undefined
  }
  if (openedQty.isPos() && !openedQty.isZero()) {
    const st = sym(ctx, t.symbol)
    const iso = st.marginType === 'ISOLATED'
    if (!p) {
      p = {
        symbol: t.symbol,
        positionSide: t.positionSide,
        dir: tradeDir(t.side, t.positionSide),
        qty: ZERO,
        entry: t.price,
        isolatedMargin: ZERO,
        openFees: ZERO,
        funding: ZERO,
        realizedPnl: ZERO,
        marginType: st.marginType,
        openedAt: ctx.s.t,
      }
      ctx.s.positions.push(p)
    }
    const newQty = plus(p.qty, openedQty)
    p.entry = averagedEntry(p, t.price, openedQty, newQty)
    p.qty = newQty
    // openFees + (fee − fee·closed/qty): the opening part's share of the fee
    const feeOpen = closedQty.isZero() ? t.fee : minus(t.fee, feeShare(t, closedQty))
    // (a carried total is long: on digit words, where decimal.js's plus is the slow general one)
    p.openFees = wordsPlus(p.openFees, feeOpen) ?? plus(p.openFees, feeOpen)
    if (iso)
      // chargeUp(opened·price / leverage)
      p.isolatedMargin = plus(
        p.isolatedMargin,
        toDec(
          toDp(div(mul(fromDec(openedQty), fromDec(t.price)), exInt(st.leverage)), MONEY_DP, RM.UP),
        ),
      )
  }
  if (p) emitPositionChanged(ctx, p)
  return { realized, closedQty, openedQty }
}

/** fee·closed / qty: the closing part's share of a trade's fee. */
function feeShare(t: TradeInput, closedQty: Dec): Dec {
  if (t.qty.isZero()) return t.fee.times(closedQty).div(t.qty) // as decimal.js has it (±∞, NaN)
  const x = div(mul(fromDec(t.fee), fromDec(closedQty)), fromDec(t.qty))
  return x.m === 0n ? t.fee.times(closedQty).div(t.qty) : toDec(x)
}

/** (isolatedMargin·closed/qty) rounded down to 8 dp: the margin a partial close releases. */
function releasedMargin(isolatedMargin: Dec, closed: Dec, qty: Dec): Dec {
  const w = releasedScaled(isolatedMargin, closed, qty)
  if (w) return w
  // closed / qty (40 digits)
  const frac = div(fromDec(closed), fromDec(qty))
  const x = toDp(mul(fromDec(isolatedMargin), frac), MONEY_DP, RM.DOWN)
  return x.m === 0n
    ? isolatedMargin.times(toDec(frac)).toDecimalPlaces(MONEY_DP, D.ROUND_DOWN)
    : toDec(x)
}

/**
 * openFees − openFees·frac, frac = closed / qty: the opening fees the rest of a partly closed
 * position carries (on digit words when they take it, word-math.ts; else on exact.ts).
 */
function carriedFees(openFees: Dec, closed: Dec, qty: Dec): Dec {
  if (openFees.isZero()) return ZERO // 0 − 0·frac = +0
  const w = wordsCarriedFees(openFees, closed, qty)
  if (w) return w
  const frac = div(fromDec(closed), fromDec(qty))
  const f = fromDec(openFees)
  const x = sub(f, mul(f, frac))
  return x.m === 0n ? openFees.minus(openFees.times(toDec(frac))) : toDec(x)
}

/**
 * (entry·qty + price·opened) / newQty: the size-weighted entry after adding `opened` (on digit
 * words when they take it, word-math.ts; else on exact.ts).
 */
function averagedEntry(p: PositionState, price: Dec, opened: Dec, newQty: Dec): Dec {
  const w = wordsAveragedEntry(p.entry, p.qty, price, opened, newQty)
  if (w) return w
  const x = div(
    add(mul(fromDec(p.entry), fromDec(p.qty)), mul(fromDec(price), fromDec(opened))),
    fromDec(newQty),
  )
  return x.m === 0n ? p.entry.times(p.qty).plus(price.times(opened)).div(newQty) : toDec(x)
}

/** Remove a flat position, report it and cancel the orders that only made sense with it. */
function closePositionRecord(ctx: Ctx, p: PositionState): void {
  const i = ctx.s.positions.indexOf(p)
  if (i >= 0) ctx.s.positions.splice(i, 1)
  delete ctx.s.marginCallLevel[scopeKey({ kind: 'ISOLATED', pos: p })]
  emit(ctx, {
    type: 'positionClosed',
    symbol: p.symbol,
    positionSide: p.positionSide,
    realizedPnl: p.realizedPnl.toFixed(),
  })
  cancelWhere(
    ctx,
    (o) =>
      o.symbol === p.symbol &&
      (o.origin === 'POSITION_TPSL' || o.closePosition) &&
      o.positionSide === p.positionSide,
    'POSITION_CLOSED',
  )
  cancelWhere(
    ctx,
    (o) =>
      o.symbol === p.symbol &&
      o.positionSide === p.positionSide &&
      (o.reduceOnly || (o.positionSide !== 'BOTH' && sideDir(o.side) !== p.dir)),
    'REDUCE_ONLY',
  )
}
