/**
 * The one fold: a scenario's timeline plus the user's decisions, turned into engine inputs
 * in the one documented order (./timeline.ts header, docs/sessions.md "Input order").
 * Every consumer feeds the engine through here: desk sessions (play, step, seek, rewind,
 * restore, review), what-if forks, the CLI sim and golden drills, the coach's stress test,
 * its equity re-fold, and the tests. Nothing else builds scenario inputs.
 *
 * A decision is a command given at a cursor (bars revealed). Decisions must be in cursor
 * order; those at one cursor apply in list order, after every input of that cursor's step.
 */
import type { TradeCommand } from '../../../shared/trading/commands'
import type { EngineEvent } from '../../../shared/trading/events'
import type { EngineInput } from '../../engine'
import { commandTime, stepInputs, type Timeline } from './timeline'

export interface Decision {
  /** Bars revealed when the command was given; it applies after them. */
  cursor: number
  command: TradeCommand
}

/** The part of an engine a fold needs. */
export interface FoldEngine {
  apply(input: EngineInput): readonly EngineEvent[]
}

/** Where a fold stands: its engine, the steps fed and the decisions applied. */
export interface FoldState<E extends FoldEngine = FoldEngine> {
  engine: E
  cursor: number
  applied: number
}

export function startFold<E extends FoldEngine>(engine: E): FoldState<E> {
  return { engine, cursor: 0, applied: 0 }
}

/** Apply the decisions due at the current cursor (at most `maxApplied` in all). */
export function applyDue(
  st: FoldState,
  tl: Timeline,
  decisions: readonly Decision[],
  out: EngineEvent[],
  maxApplied = Infinity,
): void {
  while (st.applied < decisions.length && st.applied < maxApplied) {
    const d = decisions[st.applied]!
    if (d.cursor > st.cursor) break
    if (d.cursor < st.cursor)
      throw new Error(`decision ${st.applied} at cursor ${d.cursor} was skipped (at ${st.cursor})`)
    pushAll(
      out,
      st.engine.apply({ kind: 'command', t: commandTime(tl, st.cursor), command: d.command }),
    )
    st.applied++
  }
}

/**
 * Reveal one more step: decisions still due here, the step's inputs, then the decisions due
 * after it. Events go to `out`, which is returned.
 */
export function foldStep(
  st: FoldState,
  tl: Timeline,
  decisions: readonly Decision[],
  out: EngineEvent[] = [],
  maxApplied = Infinity,
): EngineEvent[] {
  // decisions held back at this cursor (review's maxApplied) come before the next bar
  applyDue(st, tl, decisions, out, maxApplied)
  const inputs = stepInputs(tl, st.cursor)
  for (let i = 0; i < inputs.length; i++) pushAll(out, st.engine.apply(inputs[i]!))
  st.cursor++
  applyDue(st, tl, decisions, out, maxApplied)
  return out
}

// Indexed loops, not for…of: until V8 has compiled a fold (the first crashes of a cold stress
// test), each for…of allocates an iterator and a result object per element.
function pushAll(out: EngineEvent[], events: readonly EngineEvent[]): void {
  for (let i = 0; i < events.length; i++) out.push(events[i]!)
}

/**
 * Fold on to `until` steps revealed (capped at the timeline's end) and at most `maxApplied`
 * decisions; events go to `out`, which is returned.
 */
export function foldTo(
  st: FoldState,
  tl: Timeline,
  decisions: readonly Decision[],
  until: number,
  out: EngineEvent[] = [],
  maxApplied = Infinity,
): EngineEvent[] {
  applyDue(st, tl, decisions, out, maxApplied)
  const target = Math.min(until, tl.total)
  while (st.cursor < target) foldStep(st, tl, decisions, out, maxApplied)
  return out
}
