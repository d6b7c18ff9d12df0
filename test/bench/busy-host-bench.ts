/**
 * Issue 10 item 8 in figures: request latency on the host while a one-year import and a stress
 * test over every bundled crash run at once, with the import and work threads of the build
 * (out/main/import-worker.js, out/main/work-worker.js). Target: p99 < 50 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createHost } from '../../electron/host/host'
import { bundledResourcesDir } from '../../electron/host/paths'
import { latencySummary, requestsDuringImportAndStress } from '../support/busy-host'
import { cpuSince, load, verdict } from './stats'

export async function runBusyHostBench(): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'busy-host-bench-'))
  const host = createHost({
    dataDir: path.join(dir, 'data'),
    resourcesDir: bundledResourcesDir(__dirname),
    transport: 'websocket',
    version: 'bench',
    // next to out/main/bench.js (this module's __dirname is its chunk folder)
    importWorker: path.join(path.dirname(process.argv[1]!), 'import-worker.js'),
    workWorker: path.join(path.dirname(process.argv[1]!), 'work-worker.js'),
  })
  try {
    const c0 = process.cpuUsage()
    const run = await requestsDuringImportAndStress(host, dir)
    const cpu = cpuSince(c0) * 1000
    const s = latencySummary(run.latencies)
    return [
      `one-year import (${run.rows.toLocaleString('en-US')} rows, ${run.importMs.toFixed(0)} ms) and a stress test over ${run.crashes} crashes ` +
        `(${run.stressMs.toFixed(0)} ms, first run: crash library loaded on the work thread) at once; app:ping every 5 ms: ` +
        `p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms, max ${s.max.toFixed(1)} ms over ${run.latencies.length} pings ` +
        `(${run.duringBoth} while both ran); answering thread busy ${(run.elu * 100).toFixed(0)} % of the time; ` +
        `${cpu.toFixed(0)} ms of process CPU time (all threads) [${load()}]`,
      verdict('request latency p99 during import + stress', s.p99, 50, false, 'ms'),
    ]
  } finally {
    await host.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
