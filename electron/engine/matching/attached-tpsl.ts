/**
 * TP/SL set together with an entry (Binance's "TP/SL" box on a new order): one decision.
 * `attachedError` checks the legs before the entry is accepted, so an invalid leg rejects
 * the whole command; `attachOnFill` puts them on the position as close-position orders in
 * the same engine step as the entry's first fill (a partial fill is enough: the orders
 * close whatever the position holds when they trigger).
 *
 * The levels are judged against the price the entry fills at: the limit price, or for a
 * market entry the leg's own stream now (mark rounded down to the tick for MARK_PRICE, last
 * for CONTRACT_PRICE), the same reference as the -4142 immediate-trigger check. A long's
 * TP must be above it and its SL below; a short the mirror. Simplification (documented in
 * docs/engine.md): Binance's UI offers this on LIMIT and MARKET entries; so do we.
 */
import type { PlaceOrderCommand, TriggerSpec } from '../../../shared/trading/commands'
import { lastOf, markOf, spec, type Ctx } from '../context'
import { D, type Dec, onStep } from '../decimal'
import { closeSide, findPosition, sideDir } from '../accounting/positions'
import type { OrderState, PositionState } from '../state'
import { emitPositionChanged } from '../position-event'
import { EngineInvariantError } from '../errors'
import { cancelOrder } from './order-book'
import { placeOrder, type Reject } from './place-order'

type Leg = { spec: TriggerSpec; type: 'TAKE_PROFIT_MARKET' | 'STOP_MARKET'; label: string }

function legsOf(a: PlaceOrderCommand['attached']): Leg[] {
  const out: Leg[] = []
  if (a?.takeProfit)
    out.push({ spec: a.takeProfit, type: 'TAKE_PROFIT_MARKET', label: 'take-profit' })
  if (a?.stopLoss) out.push({ spec: a.stopLoss, type: 'STOP_MARKET', label: 'stop-loss' })
  return out
}

/** The first problem with an entry's TP/SL, as a rejection to send; null when it is sound. */
export function attachedError(
  ctx: Ctx,
  c: PlaceOrderCommand,
  opensPosition: boolean,
): {
  name: 'INVALID_PARAMETER' | 'PRICE_OFF_TICK' | 'TPSL_WOULD_TRIGGER_IMMEDIATELY'
  message: string
} | null {
  const legs = legsOf(c.attached)
  if (!c.attached) return null
  if (!legs.length) return { name: 'INVALID_PARAMETER', message: 'attached TP/SL has no leg' }
  if (c.type !== 'LIMIT' && c.type !== 'MARKET')
    return {
      name: 'INVALID_PARAMETER',
      message: 'TP/SL can be attached to LIMIT and MARKET entries only',
    }
  if (c.reduceOnly || !opensPosition)
    return {
      name: 'INVALID_PARAMETER',
      message: 'TP/SL can be attached only to an order that opens a position',
    }
  const sp = spec(ctx, c.symbol)
  const long = sideDir(c.side) === 1
  for (const leg of legs) {
    const px = new D(leg.spec.stopPrice)
    if (px.lte(0) || !onStep(px, sp.tickSize))
      return {
        name: 'PRICE_OFF_TICK',
        message: `${leg.label} ${leg.spec.stopPrice} is not a positive multiple of tick ${sp.tickSize.toFixed()}`,
      }
    const ref = entryReference(ctx, c, leg.spec)
    const above = leg.type === 'TAKE_PROFIT_MARKET' ? long : !long
    if (above ? px.lte(ref) : px.gte(ref))
      return {
        name: 'TPSL_WOULD_TRIGGER_IMMEDIATELY',
        message: `${leg.label} ${leg.spec.stopPrice} must be ${above ? 'above' : 'below'} the entry price ${ref.toFixed()} for a ${long ? 'long' : 'short'}: it would trigger immediately (-4142)`,
      }
  }
  return null
}

function entryReference(ctx: Ctx, c: PlaceOrderCommand, leg: TriggerSpec): Dec {
  if (c.type === 'LIMIT') return new D(c.price!)
  const sp = spec(ctx, c.symbol)
  return leg.workingType === 'MARK_PRICE'
    ? markOf(ctx, c.symbol)!.toNearest(sp.tickSize, D.ROUND_DOWN)
    : lastOf(ctx, c.symbol)!
}

/**
 * The entry `o` just filled (fully or partly): put its TP/SL on the position now, replacing
 * the position's earlier TP/SL of the same kind, and forget them on the order. No
 * immediate-trigger check here: the levels were checked with the entry, and a stop the
 * price already passed during the fill bar must still protect the position (it triggers at
 * the next price check), never be dropped.
 */
export function attachOnFill(ctx: Ctx, o: OrderState): void {
  const legs = legsOf(o.attached)
  delete o.attached
  const p = findPosition(ctx, o.symbol, o.positionSide)
  if (!p || !legs.length) return
  for (const leg of legs)
    placePositionLeg(
      ctx,
      p,
      leg.type,
      leg.spec,
      (name, message) => {
        // the legs were checked with the entry; a close-position leg has nothing else to fail
        throw new EngineInvariantError(
          `attached ${leg.label} refused after the fill: ${name} ${message}`,
        )
      },
      false,
    )
  emitPositionChanged(ctx, p)
}

/** The position's TP (TAKE_PROFIT_MARKET) or SL (STOP_MARKET) order, if it has one. */
export function positionLeg(ctx: Ctx, p: PositionState, type: Leg['type']): OrderState | undefined {
  return ctx.s.orders.find(
    (x) =>
      x.symbol === p.symbol &&
      x.positionSide === p.positionSide &&
      x.origin === 'POSITION_TPSL' &&
      x.type === type,
  )
}

/** Put one TP/SL leg on a position, replacing its leg of the same kind; the new order or null. */
export function placePositionLeg(
  ctx: Ctx,
  p: PositionState,
  type: Leg['type'],
  leg: TriggerSpec,
  reject: Reject,
  triggerCheck: boolean,
  /** Only run the checks (the order is neither booked nor announced). */
  checkOnly = false,
): OrderState | null {
  const old = positionLeg(ctx, p, type)
  const placed = placeOrder(
    ctx,
    {
      kind: 'placeOrder',
      symbol: p.symbol,
      side: closeSide(p),
      positionSide: p.positionSide,
      type,
      stopPrice: leg.stopPrice,
      workingType: leg.workingType,
      closePosition: true,
    },
    reject,
    'POSITION_TPSL',
    { triggerCheck, checkOnly },
  )
  if (checkOnly) return placed
  if (placed && old) cancelOrder(ctx, old, 'REPLACED')
  return placed
}
