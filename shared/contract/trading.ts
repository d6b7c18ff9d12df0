/**
 * Pre-trade what-ifs for the desk: what an order would cost before it is placed. Every
 * figure is computed by the engine on a throw-away copy of the session's state (host:
 * electron/host/handlers/trading.ts, maths: electron/engine/order-sizing.ts).
 */
import * as v from 'valibot'
import type { SymbolId } from '../market'
import type { DecimalString } from '../money'
import type { OrderType, PositionSide, Side } from '../trading/commands'
import type { Rejection } from '../trading/rejections'
import { decimalString, symbolId } from '../trading/schemas'
import { method } from './define'

/** `order:preview` request: the order as the ticket would place it, sized one of three ways. */
export interface OrderPreviewRequest {
  sessionId: string
  symbol: SymbolId
  side: Side
  positionSide: PositionSide
  type: OrderType
  price?: DecimalString
  stopPrice?: DecimalString
  /**
   * At most one of quantity (coin), quoteQuantity (USDT notional at the reference price) or
   * sizeFraction (0 < f ≤ 1 of maxQuantity). None: a size-less preview (max size, bracket
   * cap, leverage dialog); the money fields are then 0.
   */
  quantity?: DecimalString
  quoteQuantity?: DecimalString
  sizeFraction?: DecimalString
  reduceOnly?: boolean
  /** Preview at this leverage instead of the symbol's current one (leverage dialog). */
  leverage?: number
}

export interface OrderPreview {
  /** Coin quantity the order would have: as sent, or converted and rounded down to the lot step. */
  quantity: DecimalString
  /** quantity × price. */
  notional: DecimalString
  /** Reference price used (limit price, trigger, or last). */
  price: DecimalString
  /** §1.4 initial margin (a market SELL is valued at max(last × 1.0015, mark, fill)). */
  initialMargin: DecimalString
  /** Trading fee if it filled (taker, or maker for a resting limit). */
  fee: DecimalString
  /** §1.4 cost = initial margin + open loss: what the engine checks against the available balance. */
  cost: DecimalString
  /** Estimated liquidation price of the position after the order fills; '' when none. */
  liquidationPrice: DecimalString
  /** Largest order size at this leverage for this side and position side, coin (lot-rounded down). */
  maxQuantity: DecimalString
  /** Max position notional the bracket table allows at this leverage. */
  maxNotional: DecimalString
  leverage: number
  /** MMR of the bracket the resulting position falls in (size-less: of the bracket at maxNotional). */
  maintMarginRatio?: DecimalString
  /** The engine would reject this order (or the requested leverage change). */
  rejection?: Rejection
}

const sessionId = v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,64}$/, 'must be a session id'))
const positive = v.pipe(
  decimalString,
  v.check((s) => !s.startsWith('-') && /[1-9]/.test(s), 'must be greater than 0'),
)
const fraction = v.pipe(
  decimalString,
  v.regex(/^(0\.\d+|1(\.0+)?)$/, 'must be a fraction 0 < f <= 1, e.g. "0.25"'),
  v.check((s) => /[1-9]/.test(s), 'must be greater than 0'),
)

export const orderPreviewRequestSchema = v.pipe(
  v.strictObject({
    sessionId,
    symbol: symbolId,
    side: v.picklist(['BUY', 'SELL']),
    positionSide: v.picklist(['BOTH', 'LONG', 'SHORT']),
    type: v.picklist([
      'MARKET',
      'LIMIT',
      'STOP_MARKET',
      'STOP',
      'TAKE_PROFIT_MARKET',
      'TAKE_PROFIT',
      'TRAILING_STOP_MARKET',
    ]),
    price: v.optional(positive),
    stopPrice: v.optional(positive),
    quantity: v.optional(positive),
    quoteQuantity: v.optional(positive),
    sizeFraction: v.optional(fraction),
    reduceOnly: v.optional(v.boolean()),
    leverage: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(125))),
  }),
  v.check(
    (r) => [r.quantity, r.quoteQuantity, r.sizeFraction].filter((x) => x !== undefined).length <= 1,
    'give at most one of quantity, quoteQuantity, sizeFraction',
  ),
)

export const tradingMethods = {
  'order:preview': method<OrderPreview>()(orderPreviewRequestSchema),
}

// Compile-time guard: the schema's output and the hand-written request never drift apart.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
export const orderPreviewRequestIsExact: Exact<
  v.InferOutput<typeof orderPreviewRequestSchema>,
  OrderPreviewRequest
> = true
