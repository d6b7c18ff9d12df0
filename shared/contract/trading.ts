/**
 * Pre-trade what-ifs for the desk: what an order would cost before it is placed. Every
 * figure is computed by the engine on a throw-away copy of the session's state (host:
 * electron/host/handlers/trading.ts, maths: electron/engine/order-sizing.ts).
 */
import * as v from 'valibot'
import type { OrderPreview, OrderSizingRequest } from '../trading/preview'
import { decimalString, leverageSchema, symbolId } from '../trading/schemas'
import { method } from './define'

/** `order:preview` request: the order to size and cost (shared/trading/preview.ts), for a session. */
export interface OrderPreviewRequest extends OrderSizingRequest {
  sessionId: string
}

export type { OrderPreview }

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

/** The order to preview: the desk's `order:preview` and the CLI's `previewOrder` share these. */
export const orderPreviewFields = {
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
  leverage: v.optional(leverageSchema),
}

/** A preview sizes by one of quantity, quoteQuantity or sizeFraction (or none: the max). */
export function atMostOneSize<
  T extends { quantity?: string; quoteQuantity?: string; sizeFraction?: string },
>(r: T): boolean {
  return [r.quantity, r.quoteQuantity, r.sizeFraction].filter((x) => x !== undefined).length <= 1
}
export const ONE_SIZE = 'give at most one of quantity, quoteQuantity, sizeFraction'

export const orderPreviewRequestSchema = v.pipe(
  v.strictObject({ sessionId, ...orderPreviewFields }),
  v.check(atMostOneSize, ONE_SIZE),
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
