/**
 * Coach bench: a 4-position portfolio (BTC long 10x with a stop, ETH short 5x, SOL long 20x,
 * XRP long 3x isolated) stress-tested against every bundled crash through the engine.
 * Target: ≤ 1 s for the whole library (scenario loading is timed separately: it is cached).
 */
import { bundledResourcesDir } from '../../electron/host/paths'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { TradeCommand } from '../../shared/trading/commands'
import { DEFAULT_ENGINE_SETTINGS } from '../../shared/trading/settings'
import { engineFactory } from '../../electron/host/coach/engine-binding'
import { stressTest } from '../../electron/host/coach/stress'
import { readBundledIndex } from '../../electron/host/data/catalog'
import { loadScenario } from '../../electron/host/data/load'
import type { LoadedScenario } from '../../electron/host/data/types'
import type { EngineEvent } from '../../shared/trading/events'
import { createMemoryCoachStore } from '../../electron/host/coach/file-store'
import { createSessionHooks } from '../../electron/host/coach/hooks'
import type { CoachSession } from '../../electron/host/coach/ports'
import { createCoachRuntime } from '../../electron/host/coach/runtime'
import {
  buildTimeline,
  commandTime,
  cursorTime,
  stepInputs,
} from '../../electron/host/replay/timeline'

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT']
const PRICES: Record<string, { last: number; mark: number }> = {
  BTCUSDT: { last: 60000, mark: 60010 },
  ETHUSDT: { last: 3000, mark: 2999.5 },
  SOLUSDT: { last: 150, mark: 150.02 },
  XRPUSDT: { last: 0.6, mark: 0.6001 },
}
const place = (symbol: string, side: 'BUY' | 'SELL', quantity: string): TradeCommand => ({
  kind: 'placeOrder',
  symbol,
  side,
  positionSide: 'BOTH',
  type: 'MARKET',
  quantity,
})
const PORTFOLIO: TradeCommand[] = [
  { kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 10 },
  { kind: 'setLeverage', symbol: 'ETHUSDT', leverage: 5 },
  { kind: 'setLeverage', symbol: 'SOLUSDT', leverage: 20 },
  { kind: 'setMarginType', symbol: 'XRPUSDT', marginType: 'ISOLATED' },
  { kind: 'setLeverage', symbol: 'XRPUSDT', leverage: 3 },
  place('BTCUSDT', 'BUY', '0.5'),
  {
    kind: 'setPositionTpSl',
    symbol: 'BTCUSDT',
    positionSide: 'BOTH',
    stopLoss: { stopPrice: '52000', workingType: 'MARK_PRICE' },
  },
  place('ETHUSDT', 'SELL', '5'),
  place('SOLUSDT', 'BUY', '60'),
  place('XRPUSDT', 'BUY', '5000'),
]

function portfolio() {
  const settings = { ...DEFAULT_ENGINE_SETTINGS, startingBalance: '20000' }
  const eng = engineFactory.create(SYMBOLS, settings)
  const t = Date.UTC(2026, 0, 5)
  eng.apply({
    kind: 'bars',
    t,
    bars: SYMBOLS.map((symbol) => {
      const p = PRICES[symbol]!
      const last = { t, o: p.last, h: p.last, l: p.last, c: p.last, v: 1e9 }
      return { symbol, last, mark: { ...last, o: p.mark, h: p.mark, l: p.mark, c: p.mark, v: 0 } }
    }),
  })
  for (const command of PORTFOLIO) {
    const ev = eng.apply({ kind: 'command', t: t + 60_000, command })
    const rej = ev.find((e) => e.type === 'commandRejected')
    if (rej && rej.type === 'commandRejected')
      throw new Error(`portfolio rejected: ${rej.rejection.message}`)
  }
  return { eng, t0: t + 120_000 }
}

export async function runCoachBench(): Promise<string[]> {
  const resourcesDir = bundledResourcesDir(__dirname)
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'coach-bench-'))
  const ids = (await readBundledIndex(resourcesDir)).scenarios
  const l0 = performance.now()
  const crashes: LoadedScenario[] = []
  for (const id of ids)
    crashes.push(await loadScenario(id, { resourcesDir, userDir: cacheDir, cacheDir }))
  const loadMs = performance.now() - l0
  const { eng, t0 } = portfolio()
  const view = eng.view()
  const snapshot = eng.snapshot()
  const positions = view.positions.length
  const out: string[] = [
    `${crashes.length} bundled scenarios loaded (cold, CSV → cache) in ${loadMs.toFixed(0)} ms`,
  ]
  for (const run of ['first run', 'second run']) {
    const s0 = performance.now()
    const results = crashes.map((c) =>
      stressTest({ factory: engineFactory, snapshot, view, prices: PRICES, t0 }, c),
    )
    const ms = performance.now() - s0
    const steps = results.reduce((a, r) => a + r.steps, 0)
    out.push(
      `${run}: ${positions}-position portfolio × ${results.length} crashes, ${steps} steps in ${ms.toFixed(0)} ms ` +
        `(target ≤ 1000 ms: ${ms <= 1000 ? 'OK' : 'OVER'})`,
    )
    if (run === 'first run')
      for (const r of results)
        out.push(
          `  ${r.scenarioId.padEnd(24)} ${r.liquidated ? `liquidated after ${r.liquidatedAfterMinutes} min (${r.firstFailure?.symbol})` : 'survived'}; ` +
            `worst margin ratio ${r.worstMarginRatio}%, equity ${r.startEquity} → ${r.finalEquity} (min ${r.minEquity})`,
        )
  }
  out.push(...(await hooksBench(crashes.find((c) => c.info.id === 'ftx-2022-11') ?? crashes[0]!)))
  return out
}

/** The session flow's cost: fold FTX with 2 positions, without and with the coach's afterStep. */
async function hooksBench(scn: LoadedScenario): Promise<string[]> {
  const out: string[] = []
  for (const withCoach of [false, true]) {
    const tl = buildTimeline(scn)
    const eng = engineFactory.create(tl.symbols, DEFAULT_ENGINE_SETTINGS)
    const events: EngineEvent[] = []
    let t = 0
    const session: CoachSession = {
      id: 'bench',
      scenario: scn,
      settings: DEFAULT_ENGINE_SETTINGS,
      view: () => eng.view(),
      engineSnapshot: () => eng.snapshot(),
      get replayTime() {
        return t
      },
      events,
    }
    const deps = {
      getSession: () => session,
      listCrashIds: async () => [],
      loadCrash: async () => scn,
      engine: engineFactory,
      store: createMemoryCoachStore(),
    }
    const runtime = await createCoachRuntime({ engine: engineFactory, store: deps.store })
    const hooks = createSessionHooks({ ...deps, runtime })
    for (const input of stepInputs(tl, 0)) eng.apply(input)
    t = cursorTime(tl, 1)
    await hooks.attach('bench')
    for (const command of [place('BTCUSDT', 'BUY', '0.3'), place('ETHUSDT', 'SELL', '2')])
      events.push(...eng.apply({ kind: 'command', t: commandTime(tl, 1), command }))
    const s0 = performance.now()
    for (let k = 1; k < tl.total; k++) {
      const step: EngineEvent[] = []
      for (const input of stepInputs(tl, k)) step.push(...eng.apply(input))
      events.push(...step)
      t = cursorTime(tl, k + 1)
      if (withCoach) hooks.afterStep('bench', step)
    }
    const ms = performance.now() - s0
    out.push(
      `session fold of ${scn.info.id} (${tl.total} steps, 2 positions) ${withCoach ? 'with' : 'without'} the coach's afterStep: ` +
        `${ms.toFixed(0)} ms${withCoach ? ` (${hooks.reads()} view reads)` : ''}`,
    )
  }
  return out
}
