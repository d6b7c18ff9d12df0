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

const path = v.pipe(v.string(), v.minLength(1), v.maxLength(4096))

export const marketMethods = {
  'scenario:list': method<ScenarioInfo[]>()(v.null()),
  /** Import files or folders (absolute paths on the host machine) as a new user scenario. */
  'import:files': method<ImportReport>()(
    v.strictObject({
      paths: v.pipe(v.array(path), v.minLength(1), v.maxLength(500)),
      title: v.optional(v.pipe(v.string(), v.maxLength(120))),
      /** Generic OHLCV CSV: which column holds what (0-based). */
      mapping: v.optional(
        v.strictObject({
          symbol: v.pipe(v.string(), v.regex(/^[A-Z0-9]{2,20}$/)),
          time: v.pipe(v.number(), v.integer(), v.minValue(0)),
          open: v.pipe(v.number(), v.integer(), v.minValue(0)),
          high: v.pipe(v.number(), v.integer(), v.minValue(0)),
          low: v.pipe(v.number(), v.integer(), v.minValue(0)),
          close: v.pipe(v.number(), v.integer(), v.minValue(0)),
          volume: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
        }),
      ),
    }),
  ),
}

export const marketPushes = {
  'import:progress': pushed<ImportProgress>(),
}
