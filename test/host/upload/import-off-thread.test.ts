/**
 * Issue 10 item 8 / issue 11 item 7: a one-year import runs on a worker thread, and the host
 * keeps answering requests meanwhile. Timings on a shared machine are not asserted; the
 * structural facts are (the import ran on another thread; this thread stayed mostly idle,
 * measured as event-loop utilisation; pings were answered throughout), and the ping
 * latency figures (p50 / p99 / max) are printed for the record.
 */
import { rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { isMainThread, threadId } from 'node:worker_threads'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHost, type Host } from '../../../electron/host/host'
import { lastImportThread } from '../../../electron/host/data/import/run-in-worker'
import { binanceKlines } from '../data/support/fixtures'
import { tempDir } from '../session/support'
import { bundleWorker } from '../../support/bundle-worker'

const ROWS = 525_600 // one year of 1-minute candles
let dir = ''
let worker = ''
let host: Host

beforeAll(async () => {
  dir = tempDir('pd-offthread-')
  worker = await bundleWorker(
    'electron/host/data/import/import-worker.ts',
    path.join(dir, 'import-worker.mjs'),
  )
  host = createHost({
    dataDir: path.join(dir, 'data'),
    resourcesDir: path.resolve('resources'),
    transport: 'websocket',
    version: 't',
    importWorker: worker,
  })
}, 60_000)
afterAll(async () => {
  await host?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function call<T>(method: string, params: unknown): Promise<T> {
  const r = await host.dispatch(method, params)
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`)
  return r.value as T
}

const pct = (xs: number[], p: number) =>
  xs.length
    ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!
    : NaN

describe('imports off the event loop', () => {
  it('a one-year import runs on a worker thread while the host keeps answering', async () => {
    const csv = Buffer.from(binanceKlines(ROWS).join('\n') + '\n')
    const file = path.join(dir, 'BTCUSDT-1m-2024.csv')
    writeFileSync(file, csv)
    const name = 'BTCUSDT-1m-2024-01-01.csv'
    const { uploadId, chunkBytes } = await call<{ uploadId: string; chunkBytes: number }>(
      'import:begin',
      { files: [{ name, size: csv.length }] },
    )
    for (let off = 0; off < csv.length; off += chunkBytes) {
      const part = csv.subarray(off, off + chunkBytes)
      await call('import:chunk', {
        uploadId,
        fileIndex: 0,
        name,
        offset: off,
        dataBase64: part.toString('base64'),
        final: off + chunkBytes >= csv.length,
      })
    }
    const latencies: number[] = []
    let importing = true
    const pinger = (async () => {
      while (importing) {
        const t0 = performance.now()
        await call('app:ping', { echo: 'x' })
        latencies.push(performance.now() - t0)
        await new Promise((r) => setTimeout(r, 5))
      }
    })()
    const elu0 = performance.eventLoopUtilization()
    const t0 = performance.now()
    const report = await call<{ ok: boolean; rowsRead: number }>('import:commit', { uploadId })
    const took = performance.now() - t0
    const elu = performance.eventLoopUtilization(elu0)
    importing = false
    await pinger
    expect(report.ok).toBe(true)
    expect(report.rowsRead).toBe(ROWS)
    // the work left this thread …
    expect(isMainThread && threadId === 0).toBe(true)
    expect(lastImportThread.id).toBeGreaterThan(0)
    // … so this thread stayed mostly idle and answered all along
    expect(elu.utilization).toBeLessThan(0.5)
    expect(latencies.length).toBeGreaterThan(10)
    console.log(
      `import of ${ROWS} rows off-thread: ${took.toFixed(0)} ms; ping latency during it ` +
        `p50 ${pct(latencies, 0.5).toFixed(1)} ms, p99 ${pct(latencies, 0.99).toFixed(1)} ms, ` +
        `max ${Math.max(...latencies).toFixed(1)} ms (${latencies.length} pings); ` +
        `main-thread event-loop utilisation ${(elu.utilization * 100).toFixed(0)} %`,
    )
  }, 180_000)
})
