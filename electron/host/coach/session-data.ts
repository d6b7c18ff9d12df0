/**
 * The coach's data of one session (journal notes and tags, alerts, guardrail hits and track,
 * chart drawings) as it travels in a session file (issue 13 item 9): what an export writes,
 * the checks an import runs on a file that may come from anyone, and what a what-if fork
 * keeps. Pure: no files, no runtime.
 *
 * The guardrail *profile* is the app's (coach/profile.json, one for every session), not a
 * session's: it is not in the file, and importing a session never changes it. What the
 * guardrails did in the session (its hits) and the locks they hold (the track: bottom line
 * reached, cool-down, daily loss lock) are the session's and travel with it.
 */
import * as v from 'valibot'
import {
  alertSpecSchema,
  drawingSchema,
  GUARDRAIL_RULE_TITLES,
  JOURNAL_TAGS,
  MAX_DRAWINGS,
  type AlertState,
  type Drawing,
  type GuardrailHit,
  type GuardrailRule,
  type JournalEntry,
} from '../../../shared/contract/coach'
import { decimalString, symbolId, tradeCommandSchema } from '../../../shared/trading/schemas'
import type { GuardrailTrack } from './guardrails'

/** Everything the coach keeps for one session (coach/sessions/<id>.json). */
export interface CoachSessionData {
  journal: JournalEntry[]
  alerts: AlertState[]
  hits: GuardrailHit[]
  track: { t: number; track: GuardrailTrack } | null
  drawings: Drawing[]
}

export const COACH_PART_FORMAT = 'perpdojo-coach'
export const COACH_PART_VERSION = 1

/** The coach's part of a session file: its data, stamped with what wrote it. */
export interface CoachPart extends CoachSessionData {
  format: typeof COACH_PART_FORMAT
  version: number
}

export function emptyCoachData(): CoachSessionData {
  return { journal: [], alerts: [], hits: [], track: null, drawings: [] }
}

export function coachPart(data: CoachSessionData): CoachPart {
  return { format: COACH_PART_FORMAT, version: COACH_PART_VERSION, ...data }
}

/**
 * A what-if fork (an earlier point of the same market) keeps what the trader set up to read
 * it, the drawings and the alerts (armed again: from there on nothing has fired yet). It starts
 * without the notes, hits and guardrail track: those tell the source line's story, and a trade
 * id of the source may name another trade on the fork.
 */
export function forkCoachData(src: CoachSessionData): CoachSessionData {
  return {
    ...emptyCoachData(),
    alerts: src.alerts.map((a) => ({ spec: structuredClone(a.spec), armed: true })),
    drawings: structuredClone(src.drawings),
  }
}

// ------------------------------------------------------------------ checks

/** Generous bounds: far above what a session makes, low enough that a file cannot flood the host. */
const MAX_ENTRIES = 10_000
const MAX_ALERTS = 500
const MAX_HITS = 20_000

const time = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8.64e15))
const rules = Object.keys(GUARDRAIL_RULE_TITLES) as GuardrailRule[]

const journalEntry = v.strictObject({
  tradeId: v.pipe(v.string(), v.minLength(1), v.maxLength(120)),
  note: v.pipe(v.string(), v.maxLength(4000)),
  tags: v.pipe(
    v.array(v.picklist(JOURNAL_TAGS)),
    v.check((t) => new Set(t).size === t.length, 'a tag is listed twice'),
  ),
  updatedAt: v.pipe(v.string(), v.isoTimestamp()),
})

const alertState = v.strictObject({
  spec: alertSpecSchema,
  armed: v.boolean(),
  lastFiredAt: v.optional(time),
})

const hit = v.strictObject({
  type: v.literal('guardrailHit'),
  rule: v.picklist(rules),
  severity: v.picklist(['block', 'warn', 'action']),
  message: v.pipe(v.string(), v.maxLength(2000)),
  t: time,
  symbol: v.optional(symbolId),
  command: v.optional(tradeCommandSchema),
  details: v.optional(
    v.pipe(
      v.record(v.pipe(v.string(), v.maxLength(60)), v.pipe(v.string(), v.maxLength(200))),
      v.check((d) => Object.keys(d).length <= 30, 'too many details'),
    ),
  ),
  until: v.optional(time),
})

const track = v.strictObject({
  t: time,
  track: v.strictObject({
    startEquity: decimalString,
    peakEquity: decimalString,
    day: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1e8)),
    dayStartEquity: decimalString,
    dayLockedUntil: v.optional(time),
    coolDownUntil: v.optional(time),
    bottomLineAt: v.optional(time),
  }),
})

const partSchema = v.strictObject({
  format: v.literal(COACH_PART_FORMAT),
  version: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(COACH_PART_VERSION)),
  journal: v.pipe(v.array(journalEntry), v.maxLength(MAX_ENTRIES)),
  alerts: v.pipe(v.array(alertState), v.maxLength(MAX_ALERTS)),
  hits: v.pipe(v.array(hit), v.maxLength(MAX_HITS)),
  track: v.nullable(track),
  drawings: v.pipe(v.array(drawingSchema), v.maxLength(MAX_DRAWINGS * 50)),
})

/** `path.to.field: message` of valibot's first issue. */
function firstIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const i = issues[0]!
  const where = (i.path ?? []).map((p) => String(p.key)).join('.')
  return where ? `${where}: ${i.message}` : i.message
}

function duplicate<T>(list: readonly T[], key: (x: T) => string): string | undefined {
  const seen = new Set<string>()
  for (const x of list) {
    const k = key(x)
    if (seen.has(k)) return k
    seen.add(k)
  }
  return undefined
}

/**
 * Check a file's coach part field by field. `symbols`: the session's symbols when its scenario
 * is in the library (every alert and drawing must be of one of them); null checks the form only.
 * Returns the data, or what is wrong (the first problem found).
 */
export function checkCoachPart(
  json: unknown,
  symbols: readonly string[] | null,
): { ok: true; data: CoachSessionData } | { ok: false; problem: string } {
  const r = v.safeParse(partSchema, json)
  if (!r.success) return { ok: false, problem: firstIssue(r.issues) }
  const { format: _f, version: _v, ...data } = r.output
  const bad = (problem: string) => ({ ok: false as const, problem })
  const entry = duplicate(data.journal, (e) => e.tradeId)
  if (entry !== undefined) return bad(`journal: trade ${entry} has two entries`)
  const alert = duplicate(data.alerts, (a) => a.spec.id)
  if (alert !== undefined) return bad(`alerts: id ${alert} is used twice`)
  const drawing = duplicate(data.drawings, (d) => d.id)
  if (drawing !== undefined) return bad(`drawings: id ${drawing} is used twice`)
  const perSymbol = new Map<string, number>()
  for (const d of data.drawings) perSymbol.set(d.symbol, (perSymbol.get(d.symbol) ?? 0) + 1)
  for (const [sym, n] of perSymbol)
    if (n > MAX_DRAWINGS) return bad(`drawings: ${n} on ${sym} (at most ${MAX_DRAWINGS})`)
  if (symbols) {
    const known = new Set(symbols)
    for (const a of data.alerts)
      if (a.spec.kind === 'price' && !known.has(a.spec.symbol))
        return bad(`alerts: ${a.spec.symbol} is not a symbol of this session`)
    for (const d of data.drawings)
      if (!known.has(d.symbol)) return bad(`drawings: ${d.symbol} is not a symbol of this session`)
  }
  return { ok: true, data: data as CoachSessionData }
}
