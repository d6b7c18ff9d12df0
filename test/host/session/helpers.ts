/** Builds a SessionManager over a synthetic scenario, a manual clock and a chosen engine. */
import type { ReplayFrame } from '../../../shared/contract/session'
import { SessionManager } from '../../../electron/host/session/manager'
import type { SessionGate } from '../../../electron/host/session/gate'
import type { Session } from '../../../electron/host/session/session'
import type { EngineEvent } from '../../../shared/trading/events'
import type { TradeCommand } from '../../../shared/trading/commands'
import type { Rejection } from '../../../shared/trading/rejections'
import type { EngineFactory } from '../../../electron/host/engine-port'
import { manualScheduler, type ManualScheduler } from '../../support/manual-scheduler'
import type { LoadedScenario } from '../../../electron/host/data/types'
import { engines } from '../../../electron/host/engine-binding'
import { synthScenario, tempDir, type SynthOptions } from './support'

export interface Rig {
  m: SessionManager
  frames: ReplayFrame[]
  sched: ManualScheduler
  dataDir: string
  scenario: LoadedScenario
  /** A second manager over the same folder (a restart). */
  reopen(): SessionManager
}

export function rig(
  o: {
    synth?: SynthOptions
    engines?: EngineFactory
    dataDir?: string
    snapshotEveryBars?: number
    snapshotEveryCommands?: number
    /** Gate hooks (session/gate.ts); the rig passes the open session for convenience. */
    afterStep?: (sessionId: string, events: EngineEvent[], session: Session) => boolean
    beforeCommand?: (sessionId: string, command: TradeCommand, session: Session) => Rejection | null
  } = {},
): Rig {
  const scenario = synthScenario(o.synth)
  const dataDir = o.dataDir ?? tempDir()
  const frames: ReplayFrame[] = []
  const sched = manualScheduler()
  const gate = (m: () => SessionManager): SessionGate => ({
    attach: async () => {},
    beforeCommand: async (id, command) => o.beforeCommand?.(id, command, m().sessionOf(id)) ?? null,
    afterStep: (id, events) => o.afterStep?.(id, events, m().sessionOf(id)) ?? false,
  })
  const make = (): SessionManager => {
    const mgr: SessionManager = new SessionManager({
      dataDir,
      loadScenario: async (id) => {
        if (id !== 'synthetic') throw new Error(`unknown scenario ${id}`)
        return scenario
      },
      engines: o.engines ?? engines,
      push: (f) => frames.push(f),
      clock: { scheduler: sched },
      ...(o.snapshotEveryBars ? { snapshotEveryBars: o.snapshotEveryBars } : {}),
      ...(o.snapshotEveryCommands ? { snapshotEveryCommands: o.snapshotEveryCommands } : {}),
      ...(o.afterStep || o.beforeCommand ? { gate: gate(() => mgr) } : {}),
    })
    return mgr
  }
  return { m: make(), frames, sched, dataDir, scenario, reopen: make }
}

/** Await a call that runs through the (manual) clock, pumping its timers meanwhile. */
export async function drive<T>(sched: ManualScheduler, p: Promise<T>): Promise<T> {
  let done = false
  p.then(
    () => (done = true),
    () => (done = true),
  )
  for (let i = 0; i < 100_000 && !done; i++) {
    await new Promise((r) => setImmediate(r))
    sched.flush()
  }
  return p
}
