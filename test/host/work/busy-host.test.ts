/**
 * Issue 10 item 8: the host keeps answering while long work runs. A stress test alone, then a
 * one-year import and a stress test together, on a host given its import and work threads
 * (bundled from sources). Timings on a shared 2-core machine are not asserted; the behaviour
 * is: requests are answered while the work is in flight, and the answering thread stays
 * mostly idle (event-loop utilisation). The latency figures are printed here and by
 * `npm run bench` (host section).
 */
import { rmSync } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readBundledIndex } from '../../../electron/host/data/catalog'
import { createHost, type Host } from '../../../electron/host/host'
import type { StressReport } from '../../../shared/contract/coach'
import { bundleWorker } from '../../support/bundle-worker'
import {
  call as callHost,
  latencySummary,
  portfolioSession,
  requestsDuringImportAndStress,
} from '../../support/busy-host'
import { tempDir } from '../session/support'

let dir = ''
let host: Host
let crashes = 0

beforeAll(async () => {
  dir = tempDir('pd-busy-')
  const importWorker = await bundleWorker(
    'electron/host/data/import/import-worker.ts',
    path.join(dir, 'import-worker.mjs'),
  )
  const workWorker = await bundleWorker(
    'electron/host/work/work-worker.ts',
    path.join(dir, 'work-worker.mjs'),
  )
  host = createHost({
    dataDir: path.join(dir, 'data'),
    resourcesDir: path.resolve('resources'),
    transport: 'websocket',
    version: 't',
    importWorker,
    workWorker,
  })
  crashes = (await readBundledIndex(path.resolve('resources'))).scenarios.length
}, 60_000)
afterAll(async () => {
  await host?.close()
  rmSync(dir, { recursive: true, force: true })
})

const call = <T>(method: string, params: unknown) => callHost<T>(host, method, params)

const fmt = (xs: number[]) => {
  const s = latencySummary(xs)
  return `p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, max ${s.max.toFixed(1)} ms (${xs.length} pings)`
}

describe('the host answers while long work runs', () => {
  it('during a stress test over every bundled crash', async () => {
    const sessionId = await portfolioSession(host)
    const latencies: number[] = []
    let during = 0
    let stressing = true
    const pinger = (async () => {
      while (stressing) {
        const t0 = performance.now()
        await call('app:ping', { echo: 'x' })
        latencies.push(performance.now() - t0)
        if (stressing) during++
        await new Promise((r) => setTimeout(r, 2))
      }
    })()
    const elu0 = performance.eventLoopUtilization()
    // twice: the first run also loads the crash library on the work thread
    for (let k = 0; k < 2; k++) {
      const report = await call<StressReport>('coach:stressTest', { sessionId })
      expect(report.results).toHaveLength(crashes)
    }
    const elu = performance.eventLoopUtilization(elu0).utilization
    stressing = false
    await pinger
    // in-thread, the whole test ran between two pings and this thread was busy throughout
    expect(during).toBeGreaterThan(10)
    expect(elu).toBeLessThan(0.5)
    console.log(
      `pings during two stress tests: ${fmt(latencies)}; answering thread busy ${(elu * 100).toFixed(0)} %`,
    )
  }, 120_000)

  it('during a one-year import and a stress test at once', async () => {
    const run = await requestsDuringImportAndStress(host, dir)
    expect(run.crashes).toBe(crashes)
    expect(run.duringBoth).toBeGreaterThan(10)
    expect(run.elu).toBeLessThan(0.5)
    console.log(
      `import of ${run.rows} rows (${run.importMs.toFixed(0)} ms) and a stress test over ${run.crashes} crashes ` +
        `(${run.stressMs.toFixed(0)} ms) at once: ${fmt(run.latencies)}, ${run.duringBoth} while both ran; ` +
        `answering thread busy ${(run.elu * 100).toFixed(0)} %`,
    )
  }, 240_000)
})
