/**
 * The work thread's jobs (./protocol.ts): the coach's stress test and a session's opening
 * re-fold, through the same functions the host thread uses (coach/stress.ts,
 * session/refold.ts), so the results are the same wherever they run. Crash scenarios are
 * loaded here from the binary cache once and kept (the bundled library does not change while
 * the app runs); a session's scenario comes from the host once per key.
 */
import type { StressResult } from '../../../shared/contract/coach'
import { keptLoader, type LoadOptions } from '../data/load'
import type { EngineFactory } from '../engine-port'
import { stressTest } from '../coach/stress'
import { buildTimeline, type Timeline } from '../replay/timeline'
import { refoldSession, FoldCancelled } from '../session/refold'
import type { FoldedSession } from '../session/session'
import { prefixChain, SnapshotStore } from '../session/snapshots'
import type { RefoldJob, StressJob } from './protocol'

export function createWorkJobs(loadOpts: LoadOptions, engines: EngineFactory) {
  const crash = keptLoader(loadOpts)
  const scenarios = new Map<number, Timeline>()

  async function stress(job: StressJob, cancelled: () => boolean): Promise<StressResult[]> {
    const out: StressResult[] = []
    // every crash's file reads start at once (kept loads: each crash is read once per launch)
    const loading = job.crashIds.map((id) => crash(id))
    for (const p of loading) {
      const c = await p
      if (cancelled()) throw new FoldCancelled()
      out.push(stressTest({ ...job, factory: engines }, c))
    }
    return out
  }

  function refold(job: RefoldJob, cancelled: () => boolean): FoldedSession {
    if (job.evict !== undefined) scenarios.delete(job.evict)
    if (job.scenario) scenarios.set(job.scenarioKey, buildTimeline(job.scenario))
    const tl = scenarios.get(job.scenarioKey)
    if (!tl) throw new Error(`work thread: no scenario under key ${job.scenarioKey}`)
    const chain = prefixChain(job.commands)
    const r = refoldSession(
      {
        tl,
        settings: job.settings,
        commands: job.commands,
        chain,
        snapshots: job.snapshotDir ? new SnapshotStore(job.snapshotDir) : null,
        target: job.target,
        maxApplied: job.maxApplied,
        cancelled,
      },
      engines,
    )
    return {
      engine: r.fold.engine.snapshot(),
      cursor: r.fold.cursor,
      applied: r.fold.applied,
      events: r.events,
      base: r.base,
      chain,
    }
  }

  return { stress, refold }
}
