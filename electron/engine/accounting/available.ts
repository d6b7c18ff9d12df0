/**
 * Available balance and the margin held by open orders (Binance "available for orders"):
 * available = cross wallet + cross UPnL − cross IM (at mark, current leverage) − order margin.
 * An open order holds IM = opening qty × price / leverage for the part that would open or
 * extend a position (reduce-only and closing parts hold nothing; untriggered conditional
 * orders hold nothing until they trigger, as on Binance).
 */
import { lastOf, sym, type Ctx } from '../context'
import { type Dec, ZERO } from '../decimal'
import { crossInitialMargin, crossMetrics } from '../risk/margin'
import type { OrderState } from '../state'
import { findPosition, sideDir } from './positions'

export function openingQty(ctx: Ctx, o: OrderState, qty: Dec): Dec {
  if (o.reduceOnly || o.closePosition) return ZERO
  const orderDir = sideDir(o.side)
  if (o.positionSide !== 'BOTH')
    return orderDir === (o.positionSide === 'LONG' ? 1 : -1) ? qty : ZERO
  const p = findPosition(ctx, o.symbol, 'BOTH')
  if (p && p.dir !== orderDir) return qty.gt(p.qty) ? qty.minus(p.qty) : ZERO
  return qty
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

export function availableBalance(ctx: Ctx): Dec {
  const c = crossMetrics(ctx)
  return c.marginBalance.minus(crossInitialMargin(ctx)).minus(totalOrderMargin(ctx))
}
