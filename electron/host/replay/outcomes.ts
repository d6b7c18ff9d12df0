/**
 * What the engine answered each decision: null when it took it, else its rejection (code and
 * reason). Review marks refused commands as such instead of listing them as decisions. One
 * fold of the line from the start on a fresh engine, through the one fold (./fold.ts), stopped
 * right after each decision to read the events that decision alone caused.
 */
import type { Rejection } from '../../../shared/trading/rejections'
import type { EngineEvent } from '../../../shared/trading/events'
import { applyDue, foldTo, startFold, type Decision, type FoldEngine } from './fold'
import type { Timeline } from './timeline'

export function decisionOutcomes(
  engine: FoldEngine,
  tl: Timeline,
  decisions: readonly Decision[],
): (Rejection | null)[] {
  const st = startFold(engine)
  const out: (Rejection | null)[] = []
  const events: EngineEvent[] = []
  for (let i = 0; i < decisions.length; i++) {
    // the bars up to decision i's cursor and the decisions before it, not decision i itself
    foldTo(st, tl, decisions, decisions[i]!.cursor, events, i)
    events.length = 0
    applyDue(st, tl, decisions, events, i + 1)
    const rej = events.find((e) => e.type === 'commandRejected')
    out.push(rej && rej.type === 'commandRejected' ? rej.rejection : null)
    events.length = 0
  }
  return out
}
