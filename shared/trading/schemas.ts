/**
 * Runtime schemas for trade commands. Every payload that arrives over IPC, the
 * WebSocket, a CLI script or a session journal is parsed with these before the engine
 * sees it; the static types in ./commands.ts must stay assignable (checked below).
 */
import * as v from 'valibot'
import type { TradeCommand } from './commands'

/** A plain decimal number as text: no exponent, no sign games, at most 18 decimals. */
export const decimalString = v.pipe(
  v.string(),
  v.maxLength(40),
  v.regex(/^-?\d{1,20}(\.\d{1,18})?$/, 'must be a decimal number written as text, e.g. "123.45"'),
)
/**
 * A decimal string within [min, max] (or (min, max] when `exclusiveMin`), with a message a
 * user understands. Compared as numbers: the bounds are far from float64's precision limits.
 */
export function decimalInRange(
  min: number,
  max: number,
  message: string,
  exclusiveMin = false,
): v.GenericSchema<string, string> {
  return v.pipe(
    decimalString,
    v.check((s) => {
      const x = Number(s)
      return (exclusiveMin ? x > min : x >= min) && x <= max
    }, message),
  )
}

/**
 * The highest leverage any bracket table offers (BTC/ETH tier 1 in the 2026 snapshot, docs/engine.md);
 * the engine rejects what the replay's own table does not allow (-4028).
 */
const MAX_LEVERAGE = 150
export const leverageSchema = v.pipe(
  v.number(),
  v.integer(),
  v.minValue(1),
  v.maxValue(MAX_LEVERAGE),
)

export const symbolId = v.pipe(
  v.string(),
  v.regex(/^[A-Z0-9]{2,20}$/, 'must be a symbol like BTCUSDT'),
)
const side = v.picklist(['BUY', 'SELL'])
const positionSide = v.picklist(['BOTH', 'LONG', 'SHORT'])
const workingType = v.picklist(['MARK_PRICE', 'CONTRACT_PRICE'])
const orderId = v.pipe(v.string(), v.minLength(1), v.maxLength(64))

const triggerSpec = v.strictObject({ stopPrice: decimalString, workingType })

export const tradeCommandSchema = v.variant('kind', [
  v.strictObject({
    kind: v.literal('placeOrder'),
    symbol: symbolId,
    side,
    positionSide,
    type: v.picklist([
      'MARKET',
      'LIMIT',
      'STOP_MARKET',
      'STOP',
      'TAKE_PROFIT_MARKET',
      'TAKE_PROFIT',
      'TRAILING_STOP_MARKET',
    ]),
    quantity: v.optional(decimalString),
    price: v.optional(decimalString),
    stopPrice: v.optional(decimalString),
    timeInForce: v.optional(v.picklist(['GTC', 'IOC', 'FOK', 'GTX'])),
    reduceOnly: v.optional(v.boolean()),
    closePosition: v.optional(v.boolean()),
    workingType: v.optional(workingType),
    callbackRate: v.optional(decimalString),
    activationPrice: v.optional(decimalString),
    clientOrderId: v.optional(v.pipe(v.string(), v.maxLength(36))),
    attached: v.optional(
      v.strictObject({
        takeProfit: v.optional(triggerSpec),
        stopLoss: v.optional(triggerSpec),
      }),
    ),
  }),
  v.strictObject({ kind: v.literal('cancelOrder'), orderId }),
  v.strictObject({
    kind: v.literal('amendOrder'),
    orderId,
    price: v.optional(decimalString),
    stopPrice: v.optional(decimalString),
    quantity: v.optional(decimalString),
  }),
  v.strictObject({
    kind: v.literal('setLeverage'),
    symbol: symbolId,
    leverage: leverageSchema,
  }),
  v.strictObject({
    kind: v.literal('setMarginType'),
    symbol: symbolId,
    marginType: v.picklist(['ISOLATED', 'CROSSED']),
  }),
  v.strictObject({ kind: v.literal('setPositionMode'), hedge: v.boolean() }),
  v.strictObject({
    kind: v.literal('adjustMargin'),
    symbol: symbolId,
    positionSide,
    action: v.picklist(['ADD', 'REMOVE']),
    amount: decimalString,
  }),
  v.strictObject({
    kind: v.literal('setPositionTpSl'),
    symbol: symbolId,
    positionSide,
    takeProfit: v.optional(v.nullable(triggerSpec)),
    stopLoss: v.optional(v.nullable(triggerSpec)),
  }),
  v.strictObject({
    kind: v.literal('closePosition'),
    symbol: symbolId,
    positionSide,
    fraction: decimalString,
    price: v.optional(decimalString),
  }),
])

// Compile-time guard: the schema's output and the hand-written union never drift apart.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
export const tradeCommandSchemaIsExact: Exact<
  v.InferOutput<typeof tradeCommandSchema>,
  TradeCommand
> = true
