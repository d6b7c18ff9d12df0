/** Scenario library and data import. */
import * as v from 'valibot'
import type { ScenarioInfo } from '../market'
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
 * There is deliberately no "import these host paths" method: a client could name any folder
 * on the machine. Files reach the host through the upload methods (upload.ts); folders are
 * imported by path only from the CLI (`perpdojo import`).
 */
export const marketMethods = {
  'scenario:list': method<ScenarioInfo[]>()(v.null()),
}

export const marketPushes = {
  'import:progress': pushed<ImportProgress>(),
}
