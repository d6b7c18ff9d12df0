/**
 * Equity curve of a session, re-folded through the engine exactly as the session does
 * (electron/host/session/session.ts: commands due at a cursor, then the step's inputs from
 * the replay timeline, cursor + 1, commands due), sampling the engine's margin balance.
 * Used by the report when the session did not record its own curve.
 */
import type { EngineSettings } from '../../../shared/trading/settings'
import type { LoadedScenario } from '../data/types'
import { buildTimeline, commandTime, cursorTime, stepInputs } from '../replay/timeline'
import type { CoachEngineFactory, JournalCommand } from './ports'

export interface FoldInput {
  factory: CoachEngineFactory
  scenario: LoadedScenario
  settings: EngineSettings
  commands: JournalCommand[]
  /** Fold up to this cursor (bars revealed). */
  cursor: number
  /** Samples kept (default 400); every step with events is also sampled when room allows. */
  samples?: number
}

export function foldEquity(input: FoldInput): [number, string][] {
  const tl = buildTimeline(input.scenario)
  const engine = input.factory.create(tl.symbols, input.settings)
  const cmds = input.commands
  const target = Math.min(input.cursor, tl.total)
  const every = Math.max(1, Math.ceil(target / (input.samples ?? 400)))
  const out: [number, string][] = []
  let applied = 0
  let cur = 0
  let sawEvents = false
  const due = () => {
    while (applied < cmds.length && cmds[applied]!.cursor <= cur) {
      const ev = engine.apply({
        kind: 'command',
        t: commandTime(tl, cur),
        command: cmds[applied]!.command,
      })
      sawEvents ||= ev.length > 0
      applied++
    }
  }
  due()
  while (cur < target) {
    due()
    for (const input of stepInputs(tl, cur)) if (engine.apply(input).length > 0) sawEvents = true
    cur++
    due()
    if (cur % every === 0 || cur === target || sawEvents) {
      out.push([cursorTime(tl, cur), engine.view().marginBalance])
      sawEvents = false
    }
  }
  return out
}
