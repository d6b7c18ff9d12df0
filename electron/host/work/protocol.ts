/**
 * Messages between the host and its work thread (work-worker.ts). A stress test over every
 * bundled crash and the re-fold of a session with thousands of commands are CPU-bound for
 * hundreds of milliseconds, so they run on a `node:worker_threads` thread and the thread that
 * answers the user keeps answering (issue 10 item 8). Everything here is structured-clone data.
 */
import type { StressResult } from '../../../shared/contract/coach'
import type { SymbolId } from '../../../shared/market'
import type { EngineSettings } from '../../../shared/trading/settings'
import type { AccountView } from '../../../shared/trading/views'
import type { LoadedScenario } from '../data/types'
import type { FoldedSession } from '../session/session'
import type { CommandEntry } from '../session/session-log'

/** The coach's stress test of one portfolio (coach/stress.ts) against crashes of the library. */
export interface StressJob {
  crashIds: string[]
  /** The session engine's snapshot and view when the test was asked for. */
  snapshot: unknown
  view: AccountView
  prices: Record<SymbolId, { last: number; mark: number }>
  t0: number
}

/** A session's opening re-fold (session/refold.ts). */
export interface RefoldJob {
  /** The scenario, by a key the work thread caches it under; `scenario` rides along once. */
  scenarioKey: number
  scenario?: LoadedScenario
  /** A key the work thread may forget (the host keeps the two caches in step). */
  evict?: number
  settings: EngineSettings
  commands: CommandEntry[]
  /** The session's snapshot folder (null: fold from the start). */
  snapshotDir: string | null
  target: number
  maxApplied: number
}

export type Work = { kind: 'stress'; job: StressJob } | { kind: 'refold'; job: RefoldJob }

export interface WorkValue {
  stress: StressResult[]
  refold: FoldedSession
}

export type ToWorker = {
  type: 'run'
  id: number
  /** Shared flag: the host sets element 0 to 1 to cancel; the job checks it as it goes. */
  cancel: Int32Array
  work: Work
}

export type FromWorker =
  | { type: 'done'; id: number; value: WorkValue[Work['kind']]; threadId: number }
  | { type: 'failed'; id: number; error: { message: string; cancelled: boolean } }
