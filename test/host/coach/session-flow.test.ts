/**
 * The coach wired into the real session manager through its hooks (as the lead will wire
 * it): a blocked over-leveraged order without a stop, and the bottom line closing everything
 * and pausing the replay in the FTX crash.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { TradeCommand } from '../../../shared/trading/commands'
import {
  createCoachDeps,
  createMemoryCoachStore,
  createSessionHooks,
  type SessionHooks,
} from '../../../electron/host/coach'
import type { HostContext } from '../../../electron/host/context'
import { engines } from '../../../electron/host/engine-binding'
import { SessionManager } from '../../../electron/host/session/manager'
import { RESOURCES, scenario } from './scenarios'

const buy = (quantity: string): TradeCommand => ({
  kind: 'placeOrder',
  symbol: 'BTCUSDT',
  side: 'BUY',
  positionSide: 'BOTH',
  type: 'MARKET',
  quantity,
})

async function setup() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'coach-flow-'))
  let hooks: SessionHooks | null = null
  const mgr = new SessionManager({
    dataDir,
    loadScenario: scenario,
    engines: engines,
    push: () => {},
    gate: {
      attach: async () => {},
      beforeCommand: async () => null,
      afterStep: (id, events) => hooks?.afterStep(id, events) ?? false,
    },
  })
  const pushes: string[] = []
  const ctx = {
    dataDir,
    resourcesDir: RESOURCES,
    transport: 'websocket',
    version: 't',
    defaultScenarioId: 'ftx-2022-11',
    push: (n: string) => pushes.push(n),
  } as unknown as HostContext
  const coach = await createCoachDeps(ctx, (id) => mgr.peek(id), {
    store: createMemoryCoachStore(),
  })
  hooks = createSessionHooks(coach)
  const snap = await mgr.create({
    scenarioId: 'ftx-2022-11',
    settings: { startingBalance: '10000' },
  })
  const id = snap.summary.id
  await hooks.attach(id)
  return { mgr, hooks, coach, id, pushes }
}

describe('coach in the session flow', () => {
  it('blocks an over-leveraged order without a stop before it reaches the journal', async () => {
    const { hooks, id, mgr } = await setup()
    const v = await hooks.beforeCommand(id, buy('3'))
    expect(v.allow).toBe(false)
    if (!v.allow)
      expect(v.hit).toMatchObject({ type: 'guardrailHit', rule: 'stopRequired', severity: 'block' })
    expect(mgr.peek(id)!.commands()).toHaveLength(0)
    const ok = await hooks.beforeCommand(id, buy('3'), {
      stopPrice: '19800',
      workingType: 'MARK_PRICE',
    })
    expect(ok.allow).toBe(true)
  })

  it('closes everything and pauses at the bottom line during the FTX crash', async () => {
    const { hooks, id, mgr, coach, pushes } = await setup()
    const verdict = await hooks.beforeCommand(id, buy('2'))
    expect(verdict.allow).toBe(true) // ~4x: no stop required
    await mgr.command(id, buy('2'))
    // fold forward in big steps: the afterStep hook halts the run at the line
    let halted = false
    for (let i = 0; i < 10 && !halted; i++) {
      await mgr.control(id, { type: 'step', bars: 1000 })
      halted = hooks.lastOutcome(id)?.actions.includes('closeAll') ?? false
    }
    expect(halted).toBe(true)
    const out = hooks.lastOutcome(id)!
    expect(out.actions).toEqual(['closeAll', 'pause'])
    expect(out.pause).toBe(true)
    const view = mgr.peek(id)!.view()
    expect(Number(view.marginBalance)).toBeLessThanOrEqual(7500)
    for (const c of hooks.pendingCloseAll(id)) await mgr.command(id, c)
    expect(mgr.peek(id)!.view().positions).toHaveLength(0)
    expect(hooks.pendingCloseAll(id)).toEqual([])
    const hits = await coach.runtime.hits(id)
    expect(hits.map((h) => h.rule)).toContain('bottomLine')
    expect(pushes).toContain('coach:hit')
    // and no new exposure afterwards
    const after = await hooks.beforeCommand(id, buy('0.01'), {
      stopPrice: '10000',
      workingType: 'MARK_PRICE',
    })
    expect(after.allow).toBe(false)
    await mgr.closeAll()
  })
})

describe('coach hooks: reading the view only when it can matter', () => {
  for (const reference of ['start', 'peak'] as const) {
    it(`acts at the same step as reading every step, with far fewer reads (${reference})`, async () => {
      const run = async (exact: boolean) => {
        const dataDir = mkdtempSync(path.join(tmpdir(), 'coach-fast-'))
        let hooks: SessionHooks | null = null
        const mgr = new SessionManager({
          dataDir,
          loadScenario: scenario,
          engines: engines,
          push: () => {},
          gate: {
            attach: async () => {},
            beforeCommand: async () => null,
            afterStep: (id, events) => hooks?.afterStep(id, events) ?? false,
          },
        })
        const ctx = { dataDir, resourcesDir: RESOURCES, push: () => {} } as unknown as HostContext
        const coach = await createCoachDeps(ctx, (id) => mgr.peek(id), {
          store: createMemoryCoachStore(),
        })
        await coach.runtime.setProfile({
          ...coach.runtime.profile(),
          bottomLine: { on: true, percent: 25, reference },
          dailyLoss: { on: false, percent: 10, pause: false },
        })
        hooks = createSessionHooks(coach, { exact })
        const id = (await mgr.create({ scenarioId: 'ftx-2022-11' })).summary.id
        await hooks.attach(id)
        await mgr.command(id, buy('2'))
        let steps = 0
        while (!hooks.lastOutcome(id)?.actions.includes('closeAll') && steps < 6000) {
          await mgr.control(id, { type: 'step', bars: 250 })
          steps += 250
        }
        const t = mgr.peek(id)!.replayTime
        const reads = hooks.reads()
        await mgr.closeAll()
        return { t, reads }
      }
      const exact = await run(true)
      const fast = await run(false)
      expect(fast.t).toBe(exact.t)
      expect(fast.reads).toBeLessThan(exact.reads / 3)
    })
  }
})
