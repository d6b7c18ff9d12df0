/**
 * A session's re-fold: from the best usable snapshot (or the start) to `target` steps and at
 * most `maxApplied` of the active commands, through the one fold (../replay/fold.ts). The
 * session does it in-thread for short moves (rewind, review); opening a session with a long
 * journal runs the same function on the work thread (../work/), which sends back the folded
 * engine as a snapshot, so both give the same engine state and event log.
 */
import type { EngineEvent } from '../../../shared/trading/events'
import type { EngineSettings } from '../../../shared/trading/settings'
import type { EngineFactory, EnginePort } from '../engine-port'
import { foldTo, startFold, type FoldState } from '../replay/fold'
import type { Timeline } from '../replay/timeline'
import type { CommandEntry } from './session-log'
import type { SnapshotStore } from './snapshots'

export interface RefoldInput {
  tl: Timeline
  settings: EngineSettings
  /** The active commands and their chained prefix digests (snapshots.ts prefixChain). */
  commands: readonly CommandEntry[]
  chain: readonly string[]
  snapshots: Pick<SnapshotStore, 'findBest'> | null
  target: number
  maxApplied: number
  /** Checked every few hundred steps: true stops the fold with FoldCancelled. */
  cancelled?: () => boolean
}

export interface Refolded {
  fold: FoldState<EnginePort>
  events: EngineEvent[]
  /** Where the snapshot it started from stood ({0, 0}: from the start). */
  base: { cursor: number; applied: number }
}

export class FoldCancelled extends Error {
  constructor() {
    super('fold cancelled')
    this.name = 'FoldCancelled'
  }
}

const CHECK_EVERY = 512

/**
 * A re-fold worth the work thread's round trip (sending the commands, and the scenario the
 * first time): `commands` to apply and `steps` to fold from where it starts (a snapshot or the
 * start). A short one folds here in a few milliseconds; beyond a snapshot's spacing in steps
 * (2,000) or 100 commands it goes to the thread.
 */
export function refoldIsLong(commands: number, steps: number): boolean {
  return commands >= 100 || steps >= 2000
}

export function refoldSession(input: RefoldInput, engines: EngineFactory): Refolded {
  const { tl, commands, target, maxApplied } = input
  const usable = input.snapshots?.findBest(input.chain, commands, target, maxApplied)
  let fold: FoldState<EnginePort>
  let events: EngineEvent[]
  let base = { cursor: 0, applied: 0 }
  if (usable) {
    fold = {
      engine: engines.restore(usable.engine),
      cursor: usable.cursor,
      applied: usable.applied,
    }
    events = usable.events.slice()
    base = { cursor: usable.cursor, applied: usable.applied }
  } else {
    fold = startFold(engines.create(tl.symbols, input.settings))
    events = []
  }
  const end = Math.min(target, tl.total)
  // in slices (the same inputs as one foldTo), so a superseded re-fold stops early
  do {
    if (input.cancelled?.()) throw new FoldCancelled()
    foldTo(fold, tl, commands, Math.min(end, fold.cursor + CHECK_EVERY), events, maxApplied)
  } while (fold.cursor < end)
  return { fold, events, base }
}
