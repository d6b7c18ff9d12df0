/**
 * Issue 10 item 8's measurement, shared by the test that checks it and `npm run bench`, which
 * prints it: a host answers cheap requests (`app:ping`) while a one-year import (525,600 rows
 * of 1m candles) and the coach's stress test of a portfolio over every bundled crash run at
 * the same time. Returns every ping's latency, how many pings were answered while both were
 * in flight, and the answering thread's event-loop utilisation over the whole run.
 */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Host } from '../../electron/host/host'
import type { CommandAck, SessionSnapshot } from '../../shared/contract'
import type { StressReport } from '../../shared/contract/coach'
import { binanceKlines } from '../host/data/support/fixtures'
import { place } from './trading-fixtures'

export interface BusyRun {
  rows: number
  importMs: number
  stressMs: number
  crashes: number
  /** Latency of every ping answered from the start of the import to the end of both. */
  latencies: number[]
  /** Pings answered while the import and the stress test were both still running. */
  duringBoth: number
  /** Event-loop utilisation of the answering thread over the run (0..1). */
  elu: number
}

export async function call<T>(host: Host, method: string, params: unknown): Promise<T> {
  const r = await host.dispatch(method, params)
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`)
  return r.value as T
}

/** A session on FTX with a small long and short, to stress-test. */
export async function portfolioSession(host: Host): Promise<string> {
  const snap = await call<SessionSnapshot>(host, 'session:create', { scenarioId: 'ftx-2022-11' })
  const sessionId = snap.summary.id
  await call(host, 'replay:control', { sessionId, action: { type: 'step', bars: 30 } })
  for (const command of [place('BTCUSDT', 'BUY', '0.05'), place('ETHUSDT', 'SELL', '0.5')]) {
    const ack = await call<CommandAck>(host, 'session:command', { sessionId, command })
    if (!ack.accepted) throw new Error(`portfolio order refused: ${JSON.stringify(ack.rejection)}`)
  }
  return sessionId
}

/** Upload `rows` 1m candles (not yet committed): the import's upload id. */
async function uploadYear(host: Host, dir: string, rows: number): Promise<string> {
  const csv = Buffer.from(binanceKlines(rows).join('\n') + '\n')
  writeFileSync(path.join(dir, 'year.csv'), csv)
  const name = 'BTCUSDT-1m-2024-01-01.csv'
  const { uploadId, chunkBytes } = await call<{ uploadId: string; chunkBytes: number }>(
    host,
    'import:begin',
    { files: [{ name, size: csv.length }] },
  )
  for (let off = 0; off < csv.length; off += chunkBytes)
    await call(host, 'import:chunk', {
      uploadId,
      fileIndex: 0,
      name,
      offset: off,
      dataBase64: csv.subarray(off, off + chunkBytes).toString('base64'),
      final: off + chunkBytes >= csv.length,
    })
  return uploadId
}

export async function requestsDuringImportAndStress(
  host: Host,
  dir: string,
  rows = 525_600,
): Promise<BusyRun> {
  const sessionId = await portfolioSession(host)
  const uploadId = await uploadYear(host, dir, rows)
  const latencies: number[] = []
  let importing = true
  let stressing = true
  let duringBoth = 0
  let running = true
  const pinger = (async () => {
    while (running) {
      const t0 = performance.now()
      await call(host, 'app:ping', { echo: 'x' })
      latencies.push(performance.now() - t0)
      if (importing && stressing) duringBoth++
      await new Promise((r) => setTimeout(r, 5))
    }
  })()
  const elu0 = performance.eventLoopUtilization()
  const t0 = performance.now()
  const imported = call<{ ok: boolean; rowsRead: number }>(host, 'import:commit', { uploadId })
    .then((r) => {
      if (!r.ok || r.rowsRead !== rows) throw new Error(`import read ${r.rowsRead} of ${rows}`)
      return performance.now() - t0
    })
    .finally(() => (importing = false))
  const stressed = call<StressReport>(host, 'coach:stressTest', { sessionId })
    .then((r) => ({ ms: performance.now() - t0, crashes: r.results.length }))
    .finally(() => (stressing = false))
  try {
    const [importMs, stress] = await Promise.all([imported, stressed])
    const elu = performance.eventLoopUtilization(elu0).utilization
    return {
      rows,
      importMs,
      stressMs: stress.ms,
      crashes: stress.crashes,
      latencies,
      duringBoth,
      elu,
    }
  } finally {
    running = false
    await pinger
  }
}

/** "p50 0.1 ms, p99 0.4 ms, max 2.0 ms (812 pings)" */
export function latencySummary(xs: number[]): { p50: number; p99: number; max: number } {
  const s = [...xs].sort((a, b) => a - b)
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? NaN
  return { p50: at(0.5), p99: at(0.99), max: s[s.length - 1] ?? NaN }
}
