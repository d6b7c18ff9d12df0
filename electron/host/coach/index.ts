/**
 * The risk coach's public surface for the host (see docs/coach.md).
 *
 * Wiring, in the host's composition root:
 *   const coach = await createCoachDeps(ctx, (id) => sessionManager.coachSession(id))
 *   handlers = { ...handlers, ...coachHandlers(ctx, coach).handlers }
 * and in the session flow: `coach.runtime.attach / beforeCommand / afterStep`.
 */
import path from 'node:path'
import type { HostContext } from '../context'
import { readBundledIndex } from '../data/catalog'
import { keptLoader } from '../data/load'
import { engines } from '../engine-binding'
import { createFileCoachStore } from './file-store'
import type { CoachDeps, CoachSession, CoachStore } from './ports'
import { createCoachRuntime, type CoachRuntime } from './runtime'

export type { CoachDeps, CoachSession, EngineFactory, CoachStore, JournalCommand } from './ports'
export type { CoachRuntime, StepInfo, StepOutcome, CoachNotify } from './runtime'
export type {
  BeforeCommandResult,
  AfterStepResult,
  GuardrailAction,
  GuardrailState,
  GuardrailTrack,
  Guardrails,
} from './guardrails'
export { guardrailRejection } from './guardrails'
export { offProfile } from './profile'
export { createMemoryCoachStore } from './file-store'
export { createSessionHooks, type SessionHooks } from './hooks'

/** The standard dependencies: files under ctx.dataDir, bundled crashes, the real engine, pushes to the desk. */
export async function createCoachDeps(
  ctx: HostContext,
  getSession: (id: string) => CoachSession | undefined | Promise<CoachSession | undefined>,
  opts: { store?: CoachStore } = {},
): Promise<CoachDeps & { runtime: CoachRuntime }> {
  const store = opts.store ?? createFileCoachStore(ctx.dataDir)
  const loadOpts = {
    resourcesDir: ctx.resourcesDir,
    userDir: ctx.dataDir,
    cacheDir: path.join(ctx.dataDir, 'cache'),
  }
  const runtime = await createCoachRuntime({
    engine: engines,
    store,
    notify: {
      hit: (sessionId, hit) => ctx.push('coach:hit', { sessionId, hit }),
      alert: (sessionId, alert) => ctx.push('alerts:fired', { sessionId, alert }),
    },
  })
  return {
    getSession,
    engine: engines,
    store,
    runtime,
    ...(ctx.work ? { stress: ctx.work.stress } : {}),
    listCrashIds: async () => (await readBundledIndex(ctx.resourcesDir)).scenarios,
    loadCrash: keptLoader(loadOpts),
  }
}
