/**
 * The resting-order book of the (single) account: open orders in id order, their
 * read model, and cancellation. Orders rest until a bar path touches their level.
 */
import type { OrderView } from '../../../shared/trading/views'
import { emit, type Ctx } from '../context'
import { type Dec, MONEY_DP, str } from '../decimal'
import { POW10, readScaled, SC, scaledText, TWO52 } from '../decimal-words'
import { exStr, fromDec, quot, RM, toDp } from '../exact'
import type { OrderState } from '../state'
import { trailLevel } from './triggers'

export type CancelReason =
  | 'USER'
  | 'LIQUIDATION'
  | 'REDUCE_ONLY'
  | 'IOC'
  | 'POSITION_CLOSED'
  | 'REPLACED'
  | 'MARGIN_INSUFFICIENT'
  | 'ADL'

/**
 * The order as views and events show it. A closePosition order has no quantity of its own: with
 * `ctx` it shows the size of the position it would close now (issue 12), as the exchange's
 * "Close position" does, and once filled what it closed, instead of "0".
 */
export function orderView(o: OrderState, ctx?: Ctx): OrderView {
  const closes =
    !o.qty && o.closePosition && ctx
      ? ctx.s.positions.find(
          (p) =>
            p.symbol === o.symbol &&
            p.positionSide === o.positionSide &&
            p.dir !== (o.side === 'BUY' ? 1 : -1),
        )
      : undefined
  // a filled closePosition order shows what it closed
  const quantity = o.qty ? str(o.qty) : closes ? str(closes.qty) : str(o.executed)
  const v: OrderView = {
    orderId: o.id,
    symbol: o.symbol,
    side: o.side,
    positionSide: o.positionSide,
    type: o.type,
    status: o.status,
    origin: o.origin,
    quantity,
    // a fill of the whole order leaves executed the very quantity instance: print it once
    executedQty: o.executed === o.qty ? quantity : str(o.executed),
    timeInForce: o.tif,
    reduceOnly: o.reduceOnly,
    closePosition: o.closePosition,
    workingType: o.workingType,
    triggered: o.triggered,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  }
  if (o.clientOrderId !== undefined) v.clientOrderId = o.clientOrderId
  if (o.price) v.price = str(o.price)
  if (o.stopPrice) v.stopPrice = str(o.stopPrice)
  if (o.executed.isPos() && !o.executed.isZero())
    v.avgPrice = avgPrice(o.filledNotional, o.executed)
  if (o.callbackRate) v.callbackRate = str(o.callbackRate)
  if (o.activationPrice) v.activationPrice = str(o.activationPrice)
  if (o.attached) v.attached = o.attached
  return v
}

/**
 * notional / executed to 8 dp half-even, printed (D's division and toDecimalPlaces). An order
 * filled at one price has a notional its size divides exactly: when both are short that quotient
 * is found on doubles (integers below 2^53, whose % and / are exact here: the size's mantissa
 * divides the notional's times 10^k for the k giving the quotient's decimals) and, with at most
 * 8 decimals, is the average as it is; otherwise exact.ts.
 */
export function avgPrice(notional: Dec, executed: Dec): string {
  if (readScaled(notional.d, notional.e, notional.s)) {
    const { m, dp } = SC
    if (readScaled(executed.d, executed.e, executed.s)) {
      const q = SC.m
      // the quotient with `places` decimals when q divides m·10^k (exact below 2^53)
      for (let k = Math.max(0, SC.dp - dp); dp - SC.dp + k <= MONEY_DP; k++) {
        const n = m * POW10[k]!
        if (n >= TWO52) break
        if (n % q === 0) return scaledText(n / q, dp - SC.dp + k)
      }
    }
  }
  return exStr(toDp(quot(fromDec(notional), fromDec(executed)), MONEY_DP, RM.HALF_EVEN))
}

/**
 * An open order in the account view: its order view plus, for an active trailing stop, the
 * level it would trigger at now (the chart draws it). Views only, so the event log stays as
 * recorded.
 */
export function openOrderView(o: OrderState, ctx: Ctx): OrderView {
  const v = orderView(o, ctx)
  const level = o.type === 'TRAILING_STOP_MARKET' ? trailLevel(ctx, o) : null
  if (level) v.trailingStopPrice = str(level)
  return v
}

export function findOrder(ctx: Ctx, id: string): OrderState | undefined {
  const orders = ctx.s.orders
  for (let i = 0; i < orders.length; i++) if (orders[i]!.id === id) return orders[i]
  return undefined
}

export function removeOrder(ctx: Ctx, o: OrderState): void {
  const i = ctx.s.orders.indexOf(o)
  if (i >= 0) ctx.s.orders.splice(i, 1)
}

export function cancelOrder(ctx: Ctx, o: OrderState, reason: CancelReason): void {
  removeOrder(ctx, o)
  o.status = reason === 'IOC' || reason === 'REDUCE_ONLY' ? 'EXPIRED' : 'CANCELED'
  o.updatedAt = ctx.s.t
  emit(ctx, { type: 'orderCanceled', order: orderView(o, ctx), reason })
}

export function cancelWhere(
  ctx: Ctx,
  pred: (o: OrderState) => boolean,
  reason: CancelReason,
): void {
  for (const o of ctx.s.orders.filter(pred)) cancelOrder(ctx, o, reason)
}
