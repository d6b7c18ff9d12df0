/** Scenario library and data import. */
import * as v from 'valibot'
import { SCENARIO_ID_PATTERN, type ScenarioInfo } from '../market'
import { method, pushed } from './define'

export interface ImportIssue {
  file: string
  line?: number
  column?: string
  message: string
}

export interface ImportReport {
  ok: boolean
  scenarioId?: string
  rowsRead: number
  duplicatesDropped: number
  outOfOrder: number
  gaps: { symbol: string; from: number; to: number; bars: number }[]
  errors: ImportIssue[]
  warnings: ImportIssue[]
}

export interface ImportProgress {
  file: string
  rows: number
  bytes: number
  rowsPerSecond: number
}

/** An import's title (the scenario's name in the library). */
export const importTitle = v.optional(v.pipe(v.string(), v.maxLength(120)))

/** Generic OHLCV CSV: which column holds what (0-based). */
export const importMapping = v.optional(
  v.strictObject({
    symbol: v.pipe(v.string(), v.regex(/^[A-Z0-9]{2,20}$/)),
    time: v.pipe(v.number(), v.integer(), v.minValue(0)),
    open: v.pipe(v.number(), v.integer(), v.minValue(0)),
    high: v.pipe(v.number(), v.integer(), v.minValue(0)),
    low: v.pipe(v.number(), v.integer(), v.minValue(0)),
    close: v.pipe(v.number(), v.integer(), v.minValue(0)),
    volume: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  }),
)

/**
 * Text a user types that the library shows back: no control characters (a newline is allowed
 * in a briefing) and no bidirectional overrides, which can make a title read differently from
 * what it holds.
 */
function hidden(s: string, newlines: boolean): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    if (newlines && c === 10) continue
    if (c < 32 || c === 127 || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
      return true
  }
  return false
}
const shownText = (max: number, what: string, newlines: boolean) =>
  v.pipe(
    v.string(),
    v.maxLength(max, `${what}: at most ${max} characters`),
    v.check(
      (s) => !hidden(s, newlines),
      `${what}: no control or direction characters${newlines ? '' : ', one line'}`,
    ),
  )
const epochMs = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8.64e15))

/** scenario:build (issue 15 item 5): a new user scenario cut from one in the library. */
export const scenarioBuildRequest = v.strictObject({
  sourceId: v.pipe(v.string(), v.regex(SCENARIO_ID_PATTERN, 'sourceId: not a scenario id')),
  symbols: v.pipe(
    v.array(v.pipe(v.string(), v.regex(/^[A-Z0-9_]{2,24}$/, 'not a symbol'))),
    v.minLength(1, 'pick at least one symbol'),
    v.maxLength(8, 'at most 8 symbols'),
    v.check((a) => new Set(a).size === a.length, 'a symbol is listed twice'),
  ),
  start: epochMs,
  end: epochMs,
  replayFrom: epochMs,
  title: v.pipe(
    shownText(120, 'title', false),
    v.trim(),
    v.minLength(1, 'title: a scenario needs a title'),
  ),
  /** Empty: a neutral summary is computed from the window's data. */
  briefing: v.pipe(shownText(4000, 'briefing', true), v.trim()),
})
export type ScenarioBuildRequest = v.InferOutput<typeof scenarioBuildRequest>

/**
 * There is deliberately no "import these host paths" method: a client could name any folder
 * on the machine. Files reach the host through the upload methods (upload.ts); folders are
 * imported by path only from the CLI (`perpdojo import`).
 */
export const marketMethods = {
  'scenario:list': method<ScenarioInfo[]>()(v.null()),
  /** Writes a user scenario (never touches bundled ones); answers its library entry. */
  'scenario:build': method<ScenarioInfo>()(scenarioBuildRequest),
}

export const marketPushes = {
  'import:progress': pushed<ImportProgress>(),
}
