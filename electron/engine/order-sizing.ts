/**
 * Order sizing for the desk's ticket and leverage dialog (`order:preview`): turns a size in
 * USDT or as a fraction of the maximum into a coin quantity, finds the maximum order size at
 * a leverage, and previews the sized order with the engine's own checks and formulas
 * (preview.ts), all on throw-away copies of a snapshot: the live engine never changes.
 *
 * Maximum order size (one side, one position side), at the reference price P:
 *   open  = min( available / (P / L + openLoss₁ + P × takerFee),  maxNotional(L) / P − held )
 * with openLoss₁ the §1.4 open loss per coin, `held` the same-direction position, rounded DOWN
 * to the lot step; plus the size an opposite one-way position closes first (reduce-only:
 * that closing size alone). For MARKET and LIMIT orders the candidate is then checked on a
 * copy of the engine and lowered (bisection over lots) until the engine's own margin and
 * bracket checks accept it, so 100 % of the max is always placeable (slippage included).
 */
import type { PlaceOrderCommand } from '../../shared/trading/commands'
import type { OrderPreview, OrderSizingRequest } from '../../shared/trading/preview'
import { REJECTION_CODES, type Rejection } from '../../shared/trading/rejections'
import { availableBalance } from './accounting/available'
import { tradingFee } from './accounting/fees'
import { findPosition, isReducing, sideDir } from './accounting/positions'
import { brackets, lastOf, markOf, spec } from './context'
import { D, type Dec, money, str, ZERO } from './decimal'
import { restoreCore, type EngineCore, type EngineSnapshot } from './engine'
import { bracketFor, type Bracket, maxNotionalFor } from './instruments'
import { orderCost } from './matching/order-checks'
import { displayedLiquidationPrice, previewOnCore } from './preview'

/** USDT notional → coin quantity at a price, rounded DOWN to the lot step. */
export function quoteToQuantity(quote: Dec, price: Dec, step: Dec): Dec {
  if (price.lte(0)) return ZERO
  return floorToStep(quote.div(price), step)
}

/** x rounded down to a multiple of step (never negative). */
export function floorToStep(x: Dec, step: Dec): Dec {
  if (x.lte(0)) return ZERO
  return x.div(step).floor().times(step)
}

/**
 * Largest size that opens or extends a position at leverage L (formula in the header),
 * rounded down to the lot step. `held` is the same-direction position already open.
 */
export function maxOpenQuantity(a: {
  available: Dec
  leverage: number
  price: Dec
  mark: Dec
  side: 'BUY' | 'SELL'
  takerFee: Dec
  maxNotional: Dec
  held: Dec
  step: Dec
}): Dec {
  if (a.price.lte(0) || a.available.lte(0)) return ZERO
  const d = sideDir(a.side)
  const lossPerCoin = D.max(0, a.price.minus(a.mark).times(d))
  const perCoin = a.price.div(a.leverage).plus(lossPerCoin).plus(a.price.times(a.takerFee))
  const byMargin = a.available.div(perCoin)
  const byBracket = a.maxNotional.div(a.price).minus(a.held)
  return floorToStep(D.min(byMargin, byBracket), a.step)
}

/** Reference price: limit price, else trigger, else last. */
function referencePrice(r: OrderSizingRequest, last: Dec): Dec {
  if (r.price) return new D(r.price)
  if (r.stopPrice) return new D(r.stopPrice)
  return last
}

function rejection(name: keyof typeof REJECTION_CODES, message: string): Rejection {
  return { name, code: REJECTION_CODES[name], message }
}

function command(r: OrderSizingRequest, qty: Dec): PlaceOrderCommand {
  return {
    kind: 'placeOrder',
    symbol: r.symbol,
    side: r.side,
    positionSide: r.positionSide,
    type: r.type,
    quantity: str(qty),
    ...(r.price !== undefined ? { price: r.price } : {}),
    ...(r.stopPrice !== undefined ? { stopPrice: r.stopPrice } : {}),
    ...(r.reduceOnly ? { reduceOnly: true } : {}),
  }
}

const SIZE_REJECTIONS = new Set(['MARGIN_INSUFFICIENT', 'LEVERAGE_TOO_HIGH'])

/** Lower a candidate max until the engine accepts it (margin / bracket checks only). */
function engineMax(
  core: EngineCore,
  r: OrderSizingRequest,
  candidate: Dec,
  floor: Dec,
  step: Dec,
): Dec {
  const fits = (q: Dec) => {
    const rej = previewOnCore(core, command(r, q)).rejection
    return !rej || !SIZE_REJECTIONS.has(rej.name)
  }
  if (candidate.lte(floor) || fits(candidate)) return candidate
  // fits(floor) is assumed (closing size / zero); bisect over whole lots in (floor, candidate).
  let lo = floor.div(step).floor()
  let hi = candidate.div(step).floor()
  while (hi.minus(lo).gt(1)) {
    const mid = lo.plus(hi).div(2).floor()
    if (fits(mid.times(step))) lo = mid
    else hi = mid
  }
  return lo.times(step)
}

/**
 * Preview an order sized by coin, USDT or fraction of max, optionally at another leverage,
 * on copies of `snapshot`. Business problems come back as `rejection`, never as throws.
 */
export function previewSizedOrder(snapshot: EngineSnapshot, r: OrderSizingRequest): OrderPreview {
  const core = restoreCore(snapshot, false)
  const st = core.s.symbols.find((x) => x.symbol === r.symbol)
  const empty = (lev: number, rej: Rejection): OrderPreview => ({
    quantity: '0',
    notional: '0',
    price: '0',
    initialMargin: '0',
    fee: '0',
    cost: '0',
    liquidationPrice: '',
    maxQuantity: '0',
    maxNotional: '0',
    leverage: lev,
    rejection: rej,
  })
  if (!st)
    return empty(
      r.leverage ?? 0,
      rejection('UNKNOWN_SYMBOL', `${r.symbol} is not part of this session`),
    )
  const current = st.leverage
  const lev = r.leverage ?? current
  let levRejection: Rejection | undefined
  if (lev !== current) {
    const events = core.apply({
      kind: 'command',
      t: core.s.t,
      command: { kind: 'setLeverage', symbol: r.symbol, leverage: lev },
    })
    const rej = events.find((e) => e.type === 'commandRejected')
    if (rej && rej.type === 'commandRejected') levRejection = rej.rejection
  }
  const ctx = core.ctx()
  const last = lastOf(ctx, r.symbol)
  const mark = markOf(ctx, r.symbol) ?? last
  if (!last || !mark) return empty(lev, rejection('NO_MARKET_DATA', 'no price yet for this symbol'))
  const sp = spec(ctx, r.symbol)
  const table: Bracket[] = brackets(ctx, r.symbol)
  const cap = maxNotionalFor(table, lev) ?? ZERO
  const price = referencePrice(r, last)

  // --- maximum size at `lev`
  const pos = findPosition(ctx, r.symbol, r.positionSide)
  const reducing = isReducing(ctx, r.symbol, r.side, r.positionSide)
  const closable = reducing && pos ? pos.qty : ZERO
  const held = pos && !reducing ? pos.qty : ZERO
  const closingOnly = !!r.reduceOnly || (r.positionSide !== 'BOTH' && reducing)
  let maxQty = closable
  if (!closingOnly) {
    // §1.4 assumed price of a market SELL: max(last × 1.0015, mark, fill ≤ last).
    const assumed =
      r.type === 'MARKET' && r.side === 'SELL' ? D.max(last.times('1.0015'), mark) : price
    const open = maxOpenQuantity({
      available: availableBalance(ctx),
      leverage: lev,
      price: assumed,
      mark,
      side: r.side,
      takerFee: sp.takerFee,
      maxNotional: cap,
      held,
      step: sp.stepSize,
    })
    maxQty = closable.plus(open)
    if (!levRejection && open.gt(0) && (r.type === 'MARKET' || r.type === 'LIMIT'))
      maxQty = engineMax(core, r, maxQty, closable, sp.stepSize)
  }

  // --- the order's quantity
  let qty = ZERO
  if (r.quantity !== undefined) qty = new D(r.quantity)
  else if (r.quoteQuantity !== undefined)
    qty = quoteToQuantity(new D(r.quoteQuantity), price, sp.stepSize)
  else if (r.sizeFraction !== undefined)
    qty = floorToStep(maxQty.times(r.sizeFraction), sp.stepSize)

  const resulting = reducing ? D.max(0, qty.minus(closable)) : held.plus(qty)
  const tier =
    qty.gt(0) && resulting.gt(0)
      ? bracketFor(table, resulting.times(price))
      : (table.filter((b) => b.maxLeverage >= lev).at(-1) ?? table[0]!)
  const out: OrderPreview = {
    quantity: str(qty),
    notional: money(qty.times(price)),
    price: str(price),
    initialMargin: '0',
    fee: '0',
    cost: '0',
    liquidationPrice: displayedLiquidationPrice(ctx, r.symbol, r.positionSide),
    maxQuantity: str(maxQty),
    maxNotional: str(cap),
    leverage: lev,
    maintMarginRatio: str(tier.mmr),
  }
  if (levRejection) {
    // The leverage change itself is refused: what the order would cost at that leverage.
    if (qty.gt(0)) {
      const c = orderCost(r.side, qty, price, mark, lev)
      const marketable =
        r.type === 'MARKET' ||
        (r.type === 'LIMIT' && (r.side === 'BUY' ? last.lte(price) : last.gte(price)))
      out.initialMargin = money(c.initialMargin)
      out.cost = money(c.cost)
      out.fee = money(tradingFee(sp, qty, price, !marketable && r.type === 'LIMIT'))
      out.liquidationPrice = ''
    }
    out.rejection = levRejection
    return out
  }
  if (qty.lte(0)) return out
  const p = previewOnCore(core, command(r, qty))
  out.initialMargin = p.initialMargin
  out.fee = p.fee
  out.cost = p.cost
  out.liquidationPrice = p.liquidationPrice
  if (p.rejection) out.rejection = p.rejection
  return out
}
