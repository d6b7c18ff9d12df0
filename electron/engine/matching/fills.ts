/**
 * Executing a fill of an order: size resolution (closePosition, reduce-only capping),
 * slippage, fee, position update and the orderFilled event.
 */
import type { Fill } from '../../../shared/trading/events'
import { emit, spec, sym, type Ctx } from '../context'
import { type Dec, minus, money, plus, str, times, ZERO } from '../decimal'
import { closePnl } from '../accounting/pnl'
import { exceedsAvailable, openingQty } from '../accounting/available'
import { feeOnNotional } from '../accounting/fees'
import { applyTrade, findPosition, sideDir } from '../accounting/positions'
import type { OrderState } from '../state'
import { attachOnFill } from './attached-tpsl'
import { cancelOrder, orderView, removeOrder } from './order-book'
import { slipped } from './slippage'
import { isRestingLimit } from './triggers'

export interface FillOpts {
  maker: boolean
  slippage: boolean
  gap: boolean
  /** Check margin for the opening part (conditional orders at trigger time). */
  checkMargin: boolean
}

/** Quantity an order can fill now, or null when it must be cancelled (nothing to reduce). */
function fillableQty(ctx: Ctx, o: OrderState): Dec | null {
  const rem = o.qty ? minus(o.qty, o.executed) : null
  const orderDir = sideDir(o.side)
  const p = findPosition(ctx, o.symbol, o.positionSide)
  const closingHedge =
    o.positionSide !== 'BOTH' && orderDir === (o.positionSide === 'LONG' ? -1 : 1)
  if (o.closePosition || closingHedge || o.reduceOnly) {
    if (!p || (o.positionSide === 'BOTH' && p.dir === orderDir)) return null
    if (!rem) return p.qty
    return rem.gt(p.qty) ? p.qty : rem
  }
  return rem
}

/** Fill an order at reference price `ref`. Returns the Fill, or null if it was cancelled. */
export function fillOrder(ctx: Ctx, o: OrderState, ref: Dec, opts: FillOpts): Fill | null {
  const qty = fillableQty(ctx, o)
  if (!qty || qty.isZero() || qty.isNeg()) {
    cancelOrder(
      ctx,
      o,
      o.closePosition || o.origin === 'POSITION_TPSL' ? 'POSITION_CLOSED' : 'REDUCE_ONLY',
    )
    return null
  }
  const sp = spec(ctx, o.symbol)
  const { price, slippage } = opts.slippage
    ? slipped(ctx, o.symbol, ref, qty, o.side)
    : { price: ref, slippage: ZERO }
  if (opts.checkMargin) {
    const open = openingQty(ctx, o, qty)
    const lev = sym(ctx, o.symbol).leverage
    // open > 0 from its sign (gt(0) would build a Decimal 0 on every fill)
    if (open.isPos() && !open.isZero() && exceedsAvailable(ctx, open.times(price).div(lev))) {
      cancelOrder(ctx, o, 'MARGIN_INSUFFICIENT')
      return null
    }
  }
  const notional = times(qty, price)
  const fee = feeOnNotional(sp, notional, opts.maker)
  const orderDir = sideDir(o.side)
  const p = findPosition(ctx, o.symbol, o.positionSide)
  let realized = ZERO
  if (p && p.dir !== orderDir) {
    const closed = qty.gt(p.qty) ? p.qty : qty
    realized = closePnl(p.entry, price, closed, p.dir)
  }
  o.executed = plus(o.executed, qty)
  o.filledNotional = plus(o.filledNotional, notional)
  o.updatedAt = ctx.s.t
  const done = !o.qty || o.executed.gte(o.qty)
  o.status = done ? 'FILLED' : 'PARTIALLY_FILLED'
  if (done) removeOrder(ctx, o)
  const view = orderView(o, ctx)
  const fill: Fill = {
    orderId: o.id,
    symbol: o.symbol,
    side: o.side,
    positionSide: o.positionSide,
    // a limit filling its whole size at its price: the view printed both already
    price: price === o.price ? view.price! : str(price),
    quantity: qty === o.qty ? view.quantity : str(qty),
    fee: money(fee),
    realizedPnl: money(realized),
    liquidity: opts.maker ? 'MAKER' : 'TAKER',
    slippage: str(slippage),
    gap: opts.gap,
    pathAssumed: ctx.pathAssumed,
  }
  emit(ctx, { type: 'orderFilled', order: view, fill })
  applyTrade(ctx, {
    symbol: o.symbol,
    positionSide: o.positionSide,
    side: o.side,
    qty,
    price,
    fee,
    fillOrderId: o.id,
    realized,
  })
  // An entry's TP/SL goes on the position with its first fill, in the same step.
  if (o.attached) attachOnFill(ctx, o)
  // Market-type orders never rest: an unfilled remainder (capped reduce) expires.
  if (!done && ctx.s.orders.includes(o) && !isRestingLimit(o)) cancelOrder(ctx, o, 'IOC')
  return fill
}
