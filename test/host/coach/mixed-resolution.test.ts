/**
 * The coach in a session with mixed resolutions (BTC at 1m, SOL at 15m). A bar is revealed
 * at its close (docs/sessions.md "Input order"), so the coach may not see a 15m bar while it
 * is still forming: a price alert fires, and the coach's prices move, only at the 1m step
 * whose close completes that bar, never when it opens.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  createCoachDeps,
  createMemoryCoachStore,
  createSessionHooks,
  type SessionHooks,
} from '../../../electron/host/coach'
import { sessionPrices } from '../../../electron/host/coach/service'
import type { HostContext } from '../../../electron/host/context'
import type { LoadedScenario, SymbolSeries } from '../../../electron/host/data/types'
import { engines } from '../../../electron/host/engine-binding'
import { SessionManager } from '../../../electron/host/session/manager'
import { TIMEFRAME_MS, type Timeframe } from '../../../shared/market'
import { mixedScenarioOf } from '../replay/mixed-scenario'
import { RESOURCES } from './scenarios'

const START = Date.UTC(2022, 10, 8)
const END = START + 2 * 3_600_000
const MIN = 60_000
/** SOL's 15m bar opening here spikes to 25 and closes at 23; every other bar is flat. */
const SPIKE = START + 30 * MIN

function series(symbol: string, step: Timeframe, price: number): SymbolSeries {
  const time: number[] = []
  for (let t = START; t < END; t += TIMEFRAME_MS[step]) time.push(t)
  const col = (f: (t: number) => number) => Float64Array.from(time.map(f))
  const spike = symbol === 'SOLUSDT'
  const close = (t: number) => (spike && t >= SPIKE ? 23 : price)
  const open = (t: number) => (spike && t > SPIKE ? 23 : price)
  const high = (t: number) => (spike && t === SPIKE ? 25 : Math.max(open(t), close(t)))
  return {
    symbol,
    step,
    time: Float64Array.from(time),
    open: col(open),
    high: col(high),
    low: col((t) => Math.min(open(t), close(t))),
    close: col(close),
    volume: col(() => 100),
    markOpen: col(open),
    markHigh: col(high),
    markLow: col((t) => Math.min(open(t), close(t))),
    markClose: col(close),
    markOrigin: 'recorded',
    markDerivedRows: 0,
    funding: [],
    fundingOrigin: 'recorded',
  }
}

function mixedScenario(): LoadedScenario {
  const s = [series('BTCUSDT', '1m', 20000), series('SOLUSDT', '15m', 20)]
  return mixedScenarioOf(s, { start: START, end: END, replayFrom: START })
}

describe('coach with mixed resolutions: no look-ahead', () => {
  it('a price alert on a 15m symbol fires when the bar closes, and prices move only then', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'coach-mixed-'))
    let hooks: SessionHooks | null = null
    const sc = mixedScenario()
    const mgr = new SessionManager({
      dataDir,
      loadScenario: async () => sc,
      engines,
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
    hooks = createSessionHooks(coach)
    try {
      const id = (await mgr.create({ scenarioId: 'synthetic' })).summary.id
      await hooks.attach(id)
      await coach.runtime.setAlert(id, {
        id: 'sol-spike',
        kind: 'price',
        symbol: 'SOLUSDT',
        price: '24',
        direction: 'above',
        source: 'last',
        pause: true,
      })
      let firedAt: number | undefined
      const solSeen: [number, number][] = []
      while (firedAt === undefined && mgr.peek(id)!.replayTime < END - MIN) {
        await mgr.control(id, { type: 'step', bars: 1 })
        const s = mgr.peek(id)! // a handle read now (its replayTime is a copy)
        solSeen.push([s.replayTime, sessionPrices(s, s.view())['SOLUSDT']!.last])
        if (hooks.lastOutcome(id)?.alerts.some((a) => a.alertId === 'sol-spike'))
          firedAt = s.replayTime
      }
      // replay time is the close of the latest revealed step (issue 13.8): the 15m bar opening
      // at SPIKE is revealed, and the alert fires, at its close SPIKE + 15m
      expect(firedAt).toBe(SPIKE + 15 * MIN)
      for (const [t, last] of solSeen)
        expect([t, last]).toEqual([t, t < SPIKE + 15 * MIN ? 20 : 23])
    } finally {
      await mgr.closeAll()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
