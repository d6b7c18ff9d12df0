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
import { chargeUp, closePnl, D, type Dec, MONEY_DP, ZERO } from '../decimal'
import { cancelWhere } from '../matching/order-book'
import { settleFillShortfall } from './shortfall'
import { scopeKey } from '../risk/check'
import type { PositionState } from '../state'
import { positionView } from '../views'
import { divD } from '../exact'

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
  return ctx.s.positions.find((p) => p.symbol === symbol && p.positionSide === positionSide)
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
  ctx.s.wallet = ctx.s.wallet.plus(realized).minus(fee)
  ctx.s.totals.realizedPnl = ctx.s.totals.realizedPnl.plus(realized)
  ctx.s.totals.fees = ctx.s.totals.fees.plus(fee)
}

export function applyTrade(ctx: Ctx, t: TradeInput): TradeResult {
  const orderDir = sideDir(t.side)
  let p = findPosition(ctx, t.symbol, t.positionSide)
  let closedQty = ZERO
  let realized = ZERO
  let shortfall = ZERO
  if (p && p.dir !== orderDir) {
    closedQty = D.min(t.qty, p.qty)
    realized = t.realized ?? closePnl(p.entry, t.price, closedQty, p.dir)
    const frac = divD(closedQty, p.qty)
    if (t.settleInIsolated && p.marginType === 'ISOLATED' && closedQty.lt(p.qty))
      p.isolatedMargin = p.isolatedMargin.plus(realized).minus(t.fee)
    else {
      // a cross position holds no isolated margin: nothing to release
      const release = closedQty.eq(p.qty)
        ? p.isolatedMargin
        : p.isolatedMargin.isZero()
          ? ZERO
          : p.isolatedMargin.times(frac).toDecimalPlaces(MONEY_DP, D.ROUND_DOWN)
      p.isolatedMargin = p.isolatedMargin.minus(release)
      if (t.fillOrderId !== undefined && p.marginType === 'ISOLATED') {
        const feeClose = t.fee.times(closedQty).div(t.qty)
        shortfall = D.max(ZERO, feeClose.minus(release).minus(realized))
      }
    }
    p.openFees = p.openFees.minus(p.openFees.times(frac))
    p.qty = p.qty.minus(closedQty)
    p.realizedPnl = p.realizedPnl.plus(realized)
  }
  const closingSide = t.positionSide !== 'BOTH' && orderDir !== tradeDir(t.side, t.positionSide)
  const openedQty = closingSide || t.noOpen ? ZERO : t.qty.minus(closedQty)
  const feeClose = t.qty.isZero() || closedQty.isZero() ? ZERO : divD(t.fee.times(closedQty), t.qty)
  book(ctx, realized, t.fee)
  if (t.fillOrderId !== undefined) settleFillShortfall(ctx, shortfall, t.fillOrderId)
  if (p && p.qty.isZero()) {
    closePositionRecord(ctx, p)
    p = undefined
  }
  if (openedQty.gt(0)) {
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
    const newQty = p.qty.plus(openedQty)
    p.entry = divD(p.entry.times(p.qty).plus(t.price.times(openedQty)), newQty)
    p.qty = newQty
    p.openFees = p.openFees.plus(t.fee.minus(feeClose))
    if (iso)
      p.isolatedMargin = p.isolatedMargin.plus(chargeUp(openedQty.times(t.price).div(st.leverage)))
  }
  if (p) emit(ctx, { type: 'positionChanged', position: positionView(ctx, p) })
  return { realized, closedQty, openedQty }
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
