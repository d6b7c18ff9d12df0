/**
 * Journal records: the durable form of a session. A session is its header (scenario,
 * settings, mode) followed by the user's commands stamped with the replay cursor, plus
 * the few records that move the cursor or rename. Everything else (engine state, events,
 * the account) is a fold of these over the scenario's bars.
 *
 * Records are validated with valibot when read: a journal may come from an imported file.
 */
import * as v from 'valibot'
import { SCENARIO_ID_PATTERN } from '../../../shared/market'
import { tradeCommandSchema, decimalString } from '../../../shared/trading/schemas'
import type { TradeCommand } from '../../../shared/trading/commands'
import type { EngineSettings } from '../../../shared/trading/settings'

export const JOURNAL_FORMAT = 'perpdojo-session'
export const JOURNAL_VERSION = 1

export interface HeaderRecord {
  seq: number
  type: 'header'
  format: typeof JOURNAL_FORMAT
  version: number
  scenarioId: string
  mode: 'practice' | 'exam'
  blind: boolean
  settings: EngineSettings
  createdAt: string
  name: string
  /** Cursor a fresh session starts at (bars folded before the first decision). */
  startCursor: number
  forkedFrom?: { sessionId: string; commandIndex: number }
}

export interface CommandRecord {
  seq: number
  type: 'cmd'
  /** Bars revealed when the command was given; it applies after them. */
  cursor: number
  /** Replay time the engine stamped it with (for people reading the file). */
  t: number
  command: TradeCommand
}

export type JournalRecord =
  | HeaderRecord
  | CommandRecord
  | { seq: number; type: 'cursor'; cursor: number }
  | { seq: number; type: 'rewind'; cursor: number }
  | { seq: number; type: 'restore' }
  | { seq: number; type: 'rename'; name: string }
  | { seq: number; type: 'finish' }

/** A record before the writer numbers it. */
export type NewRecord = JournalRecord extends infer R
  ? R extends { seq: number }
    ? Omit<R, 'seq'>
    : never
  : never

const seq = v.pipe(v.number(), v.integer(), v.minValue(0))
const cursor = v.pipe(v.number(), v.integer(), v.minValue(0))
const bracket = v.looseObject({
  notionalFloor: decimalString,
  notionalCap: decimalString,
  maxLeverage: v.number(),
  maintMarginRatio: decimalString,
  maintAmount: decimalString,
})
const settingsSchema = v.looseObject({
  startingBalance: decimalString,
  hedgeMode: v.boolean(),
  negativeBalanceProtection: v.boolean(),
  insuranceFund: decimalString,
  tieredLiquidation: v.boolean(),
  marginCallRatios: v.array(decimalString),
  slippage: v.boolean(),
  instruments: v.optional(
    v.record(
      v.string(),
      v.looseObject({
        makerFee: v.optional(decimalString),
        takerFee: v.optional(decimalString),
        liquidationClearanceFee: v.optional(decimalString),
        brackets: v.optional(v.array(bracket)),
      }),
    ),
  ),
})

const recordSchema = v.variant('type', [
  v.strictObject({
    seq,
    type: v.literal('header'),
    format: v.literal(JOURNAL_FORMAT),
    version: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(JOURNAL_VERSION)),
    // An id only, never a folder path (a shared session file must not name a local folder).
    scenarioId: v.pipe(v.string(), v.regex(SCENARIO_ID_PATTERN)),
    mode: v.picklist(['practice', 'exam']),
    blind: v.boolean(),
    settings: settingsSchema,
    createdAt: v.string(),
    name: v.pipe(v.string(), v.maxLength(120)),
    startCursor: cursor,
    forkedFrom: v.optional(
      v.strictObject({ sessionId: v.string(), commandIndex: v.pipe(v.number(), v.integer()) }),
    ),
  }),
  v.strictObject({
    seq,
    type: v.literal('cmd'),
    cursor,
    t: v.number(),
    command: tradeCommandSchema,
  }),
  v.strictObject({ seq, type: v.literal('cursor'), cursor }),
  v.strictObject({ seq, type: v.literal('rewind'), cursor }),
  v.strictObject({ seq, type: v.literal('restore') }),
  v.strictObject({ seq, type: v.literal('rename'), name: v.pipe(v.string(), v.maxLength(120)) }),
  v.strictObject({ seq, type: v.literal('finish') }),
])

export function parseRecord(json: unknown): JournalRecord | null {
  const r = v.safeParse(recordSchema, json)
  return r.success ? (r.output as JournalRecord) : null
}
