/**
 * The headless sim script format (docs/cli.md): settings overrides plus timed commands
 * in the same shapes the renderer sends. Validated with valibot before anything runs.
 *
 * { "settings": { "startingBalance": "1000", "hedgeMode": false, ... },
 *   "commands": [ { "t": "2022-11-08T00:00:00Z", "command": { "kind": "placeOrder", ... } } ] }
 */
import * as v from 'valibot'
import type { TradeCommand } from '../../../shared/trading/commands'
import { atMostOneSize, ONE_SIZE, orderPreviewFields } from '../../../shared/contract/trading'
import { settingsSchema } from '../../../shared/contract/session'
import {
  decimalString,
  leverageSchema,
  symbolId,
  tradeCommandSchema,
} from '../../../shared/trading/schemas'
import type { EngineSettings } from '../../../shared/trading/settings'

const bracket = v.strictObject({
  notionalFloor: decimalString,
  notionalCap: decimalString,
  maxLeverage: leverageSchema,
  maintMarginRatio: decimalString,
  maintAmount: decimalString,
})

const instrument = v.strictObject({
  makerFee: v.optional(decimalString),
  takerFee: v.optional(decimalString),
  liquidationClearanceFee: v.optional(decimalString),
  brackets: v.optional(v.pipe(v.array(bracket), v.minLength(1))),
  tickSize: v.optional(decimalString),
  stepSize: v.optional(decimalString),
  minNotional: v.optional(decimalString),
  percentPriceUp: v.optional(decimalString),
  percentPriceDown: v.optional(decimalString),
})

const settingsOverridesSchema = v.strictObject({
  // starting balance, insurance fund, margin calls, modes: the ranges a desk session keeps
  ...settingsSchema.entries,
  instruments: v.optional(v.record(symbolId, instrument)),
  slippageParams: v.optional(
    v.strictObject({
      halfSpread: v.optional(decimalString),
      impact: v.optional(decimalString),
      minRange: v.optional(decimalString),
      maxFraction: v.optional(decimalString),
    }),
  ),
  defaultLeverage: v.optional(leverageSchema),
  defaultMarginType: v.optional(v.picklist(['ISOLATED', 'CROSSED'])),
})

/** ISO-8601 text (UTC when no offset is given) or epoch milliseconds. */
const when = v.union([
  v.pipe(v.number(), v.integer(), v.minValue(0)),
  v.pipe(
    v.string(),
    v.regex(
      /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/,
      'must be an ISO date-time',
    ),
  ),
])

/**
 * `previewOrder`: the ticket's preview (cost, max size, est. liquidation price) at that time,
 * printed as a `{"type":"orderPreview",…}` line; it places nothing. Same fields as the desk's
 * `order:preview` (shared/trading/preview.ts OrderSizingRequest).
 */
const previewOrderSchema = v.pipe(
  v.strictObject({ kind: v.literal('previewOrder'), ...orderPreviewFields }),
  v.check(atMostOneSize, ONE_SIZE),
)

export type PreviewOrderCommand = v.InferOutput<typeof previewOrderSchema>

const simScriptSchema = v.strictObject({
  settings: v.optional(settingsOverridesSchema),
  /**
   * Funding for symbols whose folder has no funding file: absent → Binance's documented default
   * (0.01 % every 8 h at 00/08/16 UTC, with a notice on stderr), "off" → none, or a rate
   * ("0.0001") at the same times.
   */
  defaultFunding: v.optional(v.union([v.literal('off'), decimalString])),
  /** Optional replay window (defaults: the whole scenario). */
  from: v.optional(when),
  to: v.optional(when),
  commands: v.array(
    v.strictObject({
      t: when,
      // a variant on `kind`, so an unknown kind is named with the kinds there are
      command: v.variant('kind', [previewOrderSchema, ...tradeCommandSchema.options]),
      note: v.optional(v.string()),
    }),
  ),
})

export interface SimScript {
  settings: Partial<EngineSettings>
  defaultFunding?: 'off' | string
  from?: number
  to?: number
  commands: { t: number; command: TradeCommand | PreviewOrderCommand }[]
}

export class SimScriptError extends Error {
  constructor(
    message: string,
    readonly issues: string[],
  ) {
    super(message)
    this.name = 'SimScriptError'
  }
}

function toMs(x: number | string): number {
  if (typeof x === 'number') return x
  const iso = /Z|[+-]\d{2}:\d{2}$/.test(x) || !x.includes('T') ? x : `${x}Z`
  const ms = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso)
  if (!Number.isFinite(ms)) throw new SimScriptError(`bad time ${x}`, [`bad time ${x}`])
  return ms
}

/** An object-key issue in words for someone who has not read valibot ("Expected never …"). */
function plainMessage(i: v.BaseIssue<unknown>): string {
  if (i.type !== 'strict_object' && i.type !== 'object') return i.message
  if (i.expected === 'never') return 'unknown field (not part of the script format, docs/cli.md)'
  if (i.received === 'undefined') return 'missing (required)'
  return i.message
}

/** Parse and validate a script (already JSON-parsed). Commands are stably sorted by time. */
export function parseSimScript(input: unknown): SimScript {
  const r = v.safeParse(simScriptSchema, input)
  if (!r.success) {
    const issues = r.issues.map((i) => `${v.getDotPath(i) ?? '(root)'}: ${plainMessage(i)}`)
    throw new SimScriptError(`invalid sim script: ${issues[0]}`, issues)
  }
  const o = r.output
  const from = o.from !== undefined ? toMs(o.from) : undefined
  const to = o.to !== undefined ? toMs(o.to) : undefined
  if (from !== undefined && to !== undefined && from >= to) {
    const issue = `"from" (${new Date(from).toISOString()}) is not before "to" (${new Date(to).toISOString()})`
    throw new SimScriptError(`invalid sim script: ${issue}`, [issue])
  }
  const commands = o.commands
    .map((c, i) => ({ t: toMs(c.t), command: c.command as TradeCommand | PreviewOrderCommand, i }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map(({ t, command }) => ({ t, command }))
  return {
    settings: (o.settings ?? {}) as Partial<EngineSettings>,
    ...(o.defaultFunding !== undefined ? { defaultFunding: o.defaultFunding } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    commands,
  }
}
