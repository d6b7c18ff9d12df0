/**
 * Coach bench: a 4-position portfolio (BTC long 10x with a stop, ETH short 5x, SOL long 20x,
 * XRP long 3x isolated) stress-tested against every bundled crash through the engine.
 * Cold (a fresh process loading the crashes from the binary cache, then the first run) and
 * warm (in-process repeats), medians of RUNS. Target (issue 16): cold ≤ 300 ms.
 */
import { bundledResourcesDir } from '../../electron/host/paths'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { place, portfolio, PORTFOLIO_PRICES } from '../support/trading-fixtures'
import { DEFAULT_ENGINE_SETTINGS } from '../../shared/trading/settings'
import { engines } from '../../electron/host/engine-binding'
import { stressTest } from '../../electron/host/coach/stress'
import { readBundledIndex } from '../../electron/host/data/catalog'
import { loadScenario } from '../../electron/host/data/load'
import type { LoadedScenario } from '../../electron/host/data/types'
import type { EngineEvent } from '../../shared/trading/events'
import { createMemoryCoachStore } from '../../electron/host/coach/file-store'
import { createSessionHooks } from '../../electron/host/coach/hooks'
import type { CoachSession } from '../../electron/host/coach/ports'
import { createCoachRuntime } from '../../electron/host/coach/runtime'
import { applyDue, foldStep, foldTo, startFold } from '../../electron/host/replay/fold'
import { buildTimeline, cursorTime } from '../../electron/host/replay/timeline'
import { createWorkJobs } from '../../electron/host/work/jobs'
import type { StressJob } from '../../electron/host/work/protocol'
import { cpuSince, fmt, load, mainThreadCpuMs, median, RUNS, verdict } from './stats'

/**
 * Cold: a fresh Node process (as the work thread after launching the app) runs the work
 * thread's own stress job (electron/host/work/jobs.ts: every crash loaded from the binary
 * cache, the loads started at once, then the stress test per crash) on the job the host
 * sends it — the session's engine snapshot, view and prices as plain data, read from stdin
 * and parsed inside the measured time. JIT, module init and cache reads all count. The parent
 * spawns RUNS such children (child mode of bench.js, see main.ts) and takes medians.
 */
export async function stressColdChild(cacheDir: string): Promise<void> {
  const resourcesDir = bundledResourcesDir(__dirname)
  const message = readFileSync(0, 'utf8')
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  const th0 = mainThreadCpuMs()
  const job = JSON.parse(message) as StressJob
  const work = createWorkJobs({ resourcesDir, userDir: cacheDir, cacheDir }, engines)
  const results = await work.stress(job, () => false)
  const ms = performance.now() - t0
  const steps = results.reduce((a, r) => a + r.steps, 0)
  const cpuMs = cpuSince(cpu0) * 1000
  const threadMs = mainThreadCpuMs() - th0
  process.stdout.write(JSON.stringify({ ms, cpuMs, threadMs, steps }) + '\n')
}

/** Digest of every stress result of the bench portfolio: equal before and after an optimisation. */
export async function digestStress(): Promise<string[]> {
  const resourcesDir = bundledResourcesDir(__dirname)
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'stress-digest-'))
  try {
    const { eng, t0 } = portfolio()
    const snapshot = eng.snapshot()
    const view = eng.view()
    const out: string[] = []
    for (const id of (await readBundledIndex(resourcesDir)).scenarios) {
      const crash = await loadScenario(id, { resourcesDir, userDir: cacheDir, cacheDir })
      const r = stressTest(
        { factory: engines, snapshot, view, prices: PORTFOLIO_PRICES, t0 },
        crash,
      )
      const h = createHash('sha256').update(JSON.stringify(r)).digest('hex').slice(0, 16)
      out.push(`stress ${id}: ${r.steps} steps ${h}`)
    }
    return out
  } finally {
    rmSync(cacheDir, { recursive: true, force: true })
  }
}

/** The job the host sends the work thread for the bench portfolio (crash ids of the library). */
export async function benchStressJob(): Promise<StressJob> {
  const ids = (await readBundledIndex(bundledResourcesDir(__dirname))).scenarios
  const { eng, t0 } = portfolio()
  return { crashIds: ids, snapshot: eng.snapshot(), view: eng.view(), prices: PORTFOLIO_PRICES, t0 }
}

interface Cold {
  /** Wall time from the job's arrival to its results (loads and stress test). */
  ms: number
  cpuMs: number
  /** CPU time of the main thread alone (stats.ts mainThreadCpuMs). */
  threadMs: number
  steps: number
}

function coldRun(cacheDir: string, job: StressJob): Cold {
  const out = execFileSync(process.execPath, [process.argv[1]!, '--stress-cold', cacheDir], {
    encoding: 'utf8',
    input: JSON.stringify(job),
  })
  return JSON.parse(out.trim().split('\n').pop()!) as Cold
}

export async function runCoachBench(): Promise<string[]> {
  const resourcesDir = bundledResourcesDir(__dirname)
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'coach-bench-'))
  try {
    return await coachBench(resourcesDir, cacheDir)
  } finally {
    rmSync(cacheDir, { recursive: true, force: true })
  }
}

async function coachBench(resourcesDir: string, cacheDir: string): Promise<string[]> {
  const ids = (await readBundledIndex(resourcesDir)).scenarios
  const l0 = performance.now()
  const crashes: LoadedScenario[] = []
  for (const id of ids)
    crashes.push(await loadScenario(id, { resourcesDir, userDir: cacheDir, cacheDir }))
  const loadMs = performance.now() - l0
  const job = await benchStressJob()
  const { snapshot, view, t0 } = job
  const positions = view.positions.length
  const out: string[] = [
    `${crashes.length} bundled scenarios loaded (first ever, CSV → binary cache) in ${loadMs.toFixed(0)} ms [${load()}]`,
  ]
  const colds = Array.from({ length: RUNS }, () => coldRun(cacheDir, job))
  const cold = median(colds.map((x) => x.ms))
  const coldCpu = median(colds.map((x) => x.cpuMs))
  const coldThread = median(colds.map((x) => x.threadMs))
  out.push(
    `cold (fresh process running the work thread's stress job, scenarios from the binary cache, loads overlapping the run): ` +
      `median of ${RUNS}: ${cold.toFixed(0)} ms load + stress test ` +
      `(${positions}-position portfolio × ${crashes.length} crashes, ${colds[0]!.steps} steps); ${coldCpu.toFixed(0)} ms of process CPU time, ` +
      `${coldThread.toFixed(0)} ms of it on the main thread [${load()}]`,
  )
  let results: ReturnType<typeof stressTest>[] = []
  const warm: number[] = []
  const warmCpu: number[] = []
  for (let r = 0; r <= RUNS; r++) {
    const s0 = performance.now()
    const c0 = process.cpuUsage()
    results = crashes.map((c) =>
      stressTest({ factory: engines, snapshot, view, prices: PORTFOLIO_PRICES, t0 }, c),
    )
    if (r > 0) {
      warm.push(performance.now() - s0)
      warmCpu.push(cpuSince(c0) * 1000)
    }
  }
  const steps = results.reduce((a, r) => a + r.steps, 0)
  out.push(
    `warm (same process, after one run): median of ${RUNS}: ${median(warm).toFixed(0)} ms for ${steps} steps = ` +
      `${fmt(steps / (median(warm) / 1000))} steps/s; ${median(warmCpu).toFixed(0)} ms of process CPU time [${load()}]`,
  )
  for (const r of results)
    out.push(
      `  ${r.scenarioId.padEnd(24)} ${r.liquidated ? `liquidated after ${r.liquidatedAfterMinutes} min (${r.firstFailure?.symbol})` : 'survived'}; ` +
        `worst margin ratio ${r.worstMarginRatio}%, equity ${r.startEquity} → ${r.finalEquity} (min ${r.minEquity})`,
    )
  out.push(verdict('stress test cold (load + run)', cold, 300, false, 'ms', coldCpu))
  out.push(...(await hooksBench(crashes.find((c) => c.info.id === 'ftx-2022-11') ?? crashes[0]!)))
  return out
}

/** The session flow's cost: fold FTX with 2 positions, without and with the coach's afterStep. */
async function hooksBench(scn: LoadedScenario): Promise<string[]> {
  const out: string[] = []
  for (const withCoach of [false, true]) {
    const tl = buildTimeline(scn)
    const eng = engines.create(tl.symbols, DEFAULT_ENGINE_SETTINGS)
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
      engine: engines,
      store: createMemoryCoachStore(),
    }
    const runtime = await createCoachRuntime({ engine: engines, store: deps.store })
    const hooks = createSessionHooks({ ...deps, runtime })
    const st = startFold(eng)
    const decisions = [place('BTCUSDT', 'BUY', '0.3'), place('ETHUSDT', 'SELL', '2')].map(
      (command) => ({ cursor: 1, command }),
    )
    foldTo(st, tl, decisions, 1, events, 0)
    t = cursorTime(tl, 1)
    await hooks.attach('bench')
    applyDue(st, tl, decisions, events)
    const s0 = performance.now()
    while (st.cursor < tl.total) {
      const step = foldStep(st, tl, decisions)
      events.push(...step)
      t = cursorTime(tl, st.cursor)
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
