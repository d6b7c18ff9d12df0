import { load, RUNS } from './stats'

/**
 * `npm run bench`: every benchmark prints its figures (never asserted in tests, where
 * timing would be flaky). Each section is one module's `run*Bench(): Promise<string[]>`.
 */
type Bench = { name: string; load: () => Promise<() => Promise<string[]>> }

const BENCHES: Bench[] = [
  {
    name: 'market data: open from cache, import one year of 1m candles',
    load: async () => (await import('./data-bench')).runDataBench,
  },
  {
    name: 'crash library and downloads: largest bundled scenario open, a downloaded month imported',
    load: async () => (await import('./download-bench')).runDownloadBench,
  },
  {
    name: 'engine: quiet and busy synthetic years, fast path vs full Decimal path',
    load: async () => (await import('./engine-bench')).runEngineBench,
  },
  {
    name: 'crash replay: FTX and 10/10, 2 symbols, 20x liquidation, cross hedge, 20 resting orders',
    load: async () => (await import('./crash-bench')).runCrashBench,
  },
  {
    name: 'sessions: journal append, resume, host throughput',
    load: async () => (await import('./session-bench')).runSessionBench,
  },
  {
    name: 'coach: stress test of a 4-position portfolio against every bundled crash',
    load: async () => (await import('./coach-bench')).runCoachBench,
  },
  {
    name: 'host: request latency during a one-year import and a stress test',
    load: async () => (await import('./busy-host-bench')).runBusyHostBench,
  },
  {
    name: 'desk: replay speed in Chromium (Playwright)',
    load: async () => (await import('./desk-bench')).runDeskBench,
  },
]

async function main() {
  const only = process.argv[2]
  // Child mode of the coach bench: one cold stress test in this fresh process, the job on
  // stdin (`--stress-job` prints the bench's; cacheDir must hold the crash library's cache:
  // node --cpu-prof out/main/bench.js --stress-cold <cacheDir> < job.json).
  if (only === '--stress-cold') {
    await (await import('./coach-bench')).stressColdChild(process.argv[3]!)
    return
  }
  if (only === '--stress-job') {
    console.log(JSON.stringify(await (await import('./coach-bench')).benchStressJob()))
    return
  }
  // Profiling mode: one busy run (node --cpu-prof out/main/bench.js --profile-busy [minutes]).
  // --profile-busy-views: the same, reading every positionChanged event's view.
  if (only === '--profile-busy' || only === '--profile-busy-views' || only === '--profile-quiet') {
    const minutes = process.argv[3] ? Number(process.argv[3]) : undefined
    const w = only === '--profile-quiet' ? 'quiet' : 'busy'
    const views = only === '--profile-busy-views'
    console.log((await import('./engine-bench')).profileBusy(minutes, w, views))
    return
  }
  // The busy Decimal-path bar alone (node out/main/bench.js --busy-bar [runs]).
  if (only === '--busy-bar') {
    const runs = process.argv[3] ? Number(process.argv[3]) : undefined
    for (const line of (await import('./engine-bench')).busyBar(runs)) console.log(line)
    return
  }
  // The quiet fast/full ratio alone (and, with 0 full runs, a fast-window loop to profile).
  if (only === '--quiet-window') {
    const n = (i: number, d: number) => (process.argv[i] ? Number(process.argv[i]) : d)
    for (const line of (await import('./engine-bench')).quietWindow(n(3, 21), n(4, 3)))
      console.log(line)
    return
  }
  // Before/after of the quiet fast window, interleaved in one process with another build.
  if (only === '--quiet-ab') {
    const pairs = process.argv[4] ? Number(process.argv[4]) : undefined
    const m = await import('./engine-bench')
    for (const line of m.quietAB(process.argv[3]!, pairs, m.quietWindowRunner)) console.log(line)
    return
  }
  // Profiling mode: repeated crash replays (node --cpu-prof out/main/bench.js --profile-crash [runs]).
  if (only === '--profile-crash') {
    const runs = process.argv[3] ? Number(process.argv[3]) : undefined
    console.log(await (await import('./crash-bench')).profileCrash(runs))
    return
  }
  // Event-log digests of the bench workloads: equal before and after an engine optimisation.
  if (only === '--digest') {
    const minutes = process.argv[3] ? Number(process.argv[3]) : undefined
    for (const line of (await import('./engine-bench')).digestWorkloads(minutes)) console.log(line)
    for (const line of await (await import('./crash-bench')).digestCrashes()) console.log(line)
    return
  }
  // Profiling mode: the 5,000-command resume re-fold (node --cpu-prof … --profile-resume [runs]).
  if (only === '--profile-resume') {
    const runs = process.argv[3] ? Number(process.argv[3]) : undefined
    for (const line of await (await import('./session-bench')).profileResume(runs))
      console.log(line)
    return
  }
  // Digests of the coach's stress results (the bench portfolio × every bundled crash).
  if (only === '--digest-stress') {
    for (const line of await (await import('./coach-bench')).digestStress()) console.log(line)
    return
  }
  console.log(`# npm run bench — ${new Date().toISOString()}; medians of ${RUNS} runs; ${load()}`)
  for (const bench of BENCHES) {
    if (only && !bench.name.includes(only)) continue
    console.log(`\n## ${bench.name}`)
    try {
      const run = await bench.load()
      for (const line of await run()) console.log(`  ${line}`)
    } catch (err) {
      console.log(`  FAILED: ${err instanceof Error ? err.message : String(err)}`)
      process.exitCode = 1
    }
  }
}

// --quiet-ab loads another build's bench bundle as a library (its chunks require bench.js):
// that copy must not run its own main
if (!process.env.BENCH_AS_LIBRARY) void main()
