/**
 * Equity curve of a session, re-folded through the one fold the session uses
 * (electron/host/replay/fold.ts), sampling the engine's margin balance.
 * Used by the report when the session did not record its own curve.
 */
import type { EngineSettings } from '../../../shared/trading/settings'
import type { LoadedScenario } from '../data/types'
import type { EngineEvent } from '../../../shared/trading/events'
import { applyDue, foldStep, foldTo, startFold } from '../replay/fold'
import { buildTimeline, cursorTime } from '../replay/timeline'
import type { EngineFactory, JournalCommand } from './ports'

export interface FoldInput {
  factory: EngineFactory
  scenario: LoadedScenario
  settings: EngineSettings
  commands: JournalCommand[]
  /** Fold up to this cursor (bars revealed). */
  cursor: number
  /**
   * The session's first cursor (its replay start): the bars before it were history on the
   * chart, not part of the session, so the curve starts there and its samples go to the
   * session's own steps. Default 0.
   */
  from?: number
  /** Samples kept (default 400); every step with events is also sampled when room allows. */
  samples?: number
}

export function foldEquity(input: FoldInput): [number, string][] {
  const tl = buildTimeline(input.scenario)
  const st = startFold(input.factory.create(tl.symbols, input.settings))
  const cmds = input.commands
  const target = Math.min(input.cursor, tl.total)
  const from = Math.min(input.from ?? 0, target)
  const every = Math.max(1, Math.ceil((target - from) / (input.samples ?? 400)))
  const out: [number, string][] = []
  const events: EngineEvent[] = []
  applyDue(st, tl, cmds, events)
  if (from > 0) {
    foldTo(st, tl, cmds, from)
    out.push([cursorTime(tl, from), st.engine.risk().marginBalance])
    events.length = 0
  }
  while (st.cursor < target) {
    foldStep(st, tl, cmds, events)
    const cur = st.cursor
    if ((cur - from) % every === 0 || cur === target || events.length > 0) {
      out.push([cursorTime(tl, cur), st.engine.risk().marginBalance])
      events.length = 0
    }
  }
  return out
}
