/**
 * Available balance and the margin held by open orders (Binance "available for orders"):
 * available = cross wallet + cross UPnL − cross IM (at mark, current leverage) − order margin.
 * An open order holds IM = opening qty × price / leverage for the part that would open or
 * extend a position (reduce-only and closing parts hold nothing; untriggered conditional
 * orders hold nothing until they trigger, as on Binance).
 */
import { lastApprox, lastOf, markApprox, sym, type Ctx } from '../context'
import { type Dec, ZERO } from '../decimal'
import { crossApprox, decided, numOf, TOL } from '../risk/approx'
import { crossInitialMargin, crossMetrics, type ScopeMetrics } from '../risk/margin'
import type { OrderState } from '../state'
import { findPosition, sideDir } from './positions'

export function openingQty(ctx: Ctx, o: OrderState, qty: Dec): Dec {
  if (o.reduceOnly || o.closePosition) return ZERO
  const orderDir = sideDir(o.side)
  if (o.positionSide !== 'BOTH')
    return orderDir === (o.positionSide === 'LONG' ? 1 : -1) ? qty : ZERO
  const p = findPosition(ctx, o.symbol, 'BOTH')
  if (p && p.dir !== orderDir) return greater(qty, p.qty) ? qty.minus(p.qty) : ZERO
  return qty
}

/** a > b, in floats when the gap is clear (risk/approx.ts), else in Decimal: the same answer. */
function greater(a: Dec, b: Dec): boolean {
  const x = numOf(a)
  const y = numOf(b)
  const s = decided(x, y, Math.abs(x) + Math.abs(y))
  return s !== 0 ? s > 0 : a.gt(b)
}

/** Notional of the part of a resting order that would open or extend a position (0 otherwise). */
export function openingNotional(ctx: Ctx, o: OrderState): Dec {
  const resting =
    o.type === 'LIMIT' || ((o.type === 'STOP' || o.type === 'TAKE_PROFIT') && o.triggered)
  if (!resting || !o.qty) return ZERO
  const price = o.price ?? lastOf(ctx, o.symbol) ?? ZERO
  return openingQty(ctx, o, o.qty.minus(o.executed)).times(price)
}

export function orderMargin(ctx: Ctx, o: OrderState): Dec {
  const n = openingNotional(ctx, o)
  return n.isZero() ? n : n.div(sym(ctx, o.symbol).leverage)
}

/**
 * Rule 2 (issue 12): Binance's −2027 cap applies to the position plus the open orders on the
 * same side. This is the notional of the resting orders of `symbol` that would open or extend
 * the side `dir` (one-way mode) or `positionSide` (hedge mode).
 */
export function sameSideOrderNotional(
  ctx: Ctx,
  symbol: string,
  positionSide: OrderState['positionSide'],
  dir: 1 | -1,
): Dec {
  let n = ZERO
  for (const o of ctx.s.orders)
    if (o.symbol === symbol && o.positionSide === positionSide && sideDir(o.side) === dir)
      n = n.plus(openingNotional(ctx, o))
  return n
}

export function totalOrderMargin(ctx: Ctx): Dec {
  let m = ZERO
  for (const o of ctx.s.orders) m = m.plus(orderMargin(ctx, o))
  return m
}

/** @param cross the cross metrics at the current marks, when the caller has them already. */
export function availableBalance(ctx: Ctx, cross?: ScopeMetrics): Dec {
  const c = cross ?? crossMetrics(ctx)
  return c.marginBalance.minus(crossInitialMargin(ctx)).minus(totalOrderMargin(ctx))
}

/**
 * amount > available balance? Floats answer when the gap is clear (risk/approx.ts), the
 * Decimal availableBalance otherwise: the same answer, without the Decimal pass over every
 * position and open order on the common path (a busy book placing orders every few bars).
 */
export function exceedsAvailable(ctx: Ctx, amount: Dec): boolean {
  return exceedsAvailableApprox(ctx, numOf(amount), 0, () => amount)
}

/**
 * exceedsAvailable for an amount known as a float `approx` within `err` absolute of the exact
 * amount (plus the float error of approx itself, covered by TOL × |approx|): the exact amount
 * (`exact()`, Decimal) is computed only when floats leave the comparison open. Order cost at
 * placement: a few Decimal operations and a division saved on nearly every command.
 */
export function exceedsAvailableApprox(
  ctx: Ctx,
  approx: number,
  err: number,
  exact: () => Dec,
): boolean {
  const c = crossApprox(ctx)
  let avail = c.marginBalance
  let scale = c.scale + Math.abs(approx)
  for (const p of ctx.s.positions) {
    if (p.marginType !== 'CROSSED') continue
    const im = (numOf(p.qty) * markApprox(ctx, p.symbol)) / sym(ctx, p.symbol).leverage
    avail -= im
    scale += im
  }
  for (const o of ctx.s.orders) {
    const resting =
      o.type === 'LIMIT' || ((o.type === 'STOP' || o.type === 'TAKE_PROFIT') && o.triggered)
    if (!resting || !o.qty || o.reduceOnly || o.closePosition) continue
    let q = numOf(o.qty) - numOf(o.executed)
    const dir = sideDir(o.side)
    if (o.positionSide !== 'BOTH') {
      if (dir !== (o.positionSide === 'LONG' ? 1 : -1)) continue
    } else {
      const p = findPosition(ctx, o.symbol, 'BOTH')
      if (p && p.dir !== dir) q = Math.max(0, q - numOf(p.qty))
    }
    const px = o.price ? numOf(o.price) : (lastApprox(ctx, o.symbol) ?? 0)
    const lev = sym(ctx, o.symbol).leverage
    avail -= (q * px) / lev
    // q came from a subtraction of sizes up to the order's: bound its error by the full size
    scale += ((numOf(o.qty) + Math.abs(q)) * px) / lev + Math.abs(q)
  }
  const d = approx - avail
  const tol = TOL * scale + err
  if (d > tol) return true
  if (d < -tol) return false
  return exact().gt(availableBalance(ctx))
}
