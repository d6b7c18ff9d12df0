/**
 * Market-data bench (wired into `npm run bench`):
 * 1. open a bundled 3-day, 2-symbol scenario (celsius-2022-06, 2 × 4,320 1m rows) from the
 *    binary cache — target ≤ 100 ms;
 * 2. import one year of 1-minute candles (525,600 Binance kline rows, generated into a temp
 *    dir first, not timed) — target ≤ 5 s and ≤ 300 MB peak RSS (process.memoryUsage().rss,
 *    sampled every 10 ms during the import).
 */
import { createWriteStream } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { once } from 'node:events'
import { importFiles, loadScenario, resolveResourcesDir } from '../../electron/host/data'

const YEAR_ROWS = 525_600

export interface DataBenchOptions {
  /** The resources folder holding scenarios/ (defaults: ./resources, then next to this file). */
  resourcesDir?: string
}

export async function runDataBench(opts: DataBenchOptions = {}): Promise<string[]> {
  const resourcesDir = resolveResourcesDir([
    ...(opts.resourcesDir ? [opts.resourcesDir] : []),
    path.resolve('resources'),
    path.resolve(import.meta.dirname ?? '.', '../../resources'),
    path.resolve(import.meta.dirname ?? '.', '../../../resources'),
  ])
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'perpdojo-data-bench-'))
  const lines: string[] = []
  try {
    lines.push(await benchOpen(resourcesDir, tmp))
    lines.push(...(await benchImport(tmp)))
  } finally {
    await rm(tmp, { recursive: true, force: true })
  }
  return lines
}

async function benchOpen(resourcesDir: string, tmp: string): Promise<string> {
  const opts = { resourcesDir, userDir: path.join(tmp, 'user'), cacheDir: path.join(tmp, 'cache') }
  const id = 'celsius-2022-06'
  const t0 = performance.now()
  await loadScenario(id, opts) // builds from CSV and writes the cache
  const buildMs = performance.now() - t0
  const times: number[] = []
  let rows = 0
  for (let k = 0; k < 20; k++) {
    const t = performance.now()
    const sc = await loadScenario(id, opts)
    times.push(performance.now() - t)
    rows = sc.series.reduce((s, x) => s + x.time.length, 0)
  }
  times.sort((a, b) => a - b)
  const median = times[Math.floor(times.length / 2)]!
  const max = times[times.length - 1]!
  const verdict = max <= 100 ? 'OK' : 'OVER TARGET'
  return `data: open ${id} (2 symbols, ${rows} rows) from cache: median ${median.toFixed(1)} ms, max ${max.toFixed(1)} ms (target ≤ 100 ms) ${verdict}; first open from CSV ${buildMs.toFixed(0)} ms`
}

async function writeYear(file: string): Promise<void> {
  const out = createWriteStream(file)
  let t = Date.UTC(2023, 0, 1)
  let p = 20000
  let seed = 12345
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
  let chunk = ''
  for (let i = 0; i < YEAR_ROWS; i++) {
    const o = p
    const c = Math.max(1, Math.round(p * (1 + (rnd() - 0.5) * 0.004) * 10) / 10)
    const h = Math.round((Math.max(o, c) + rnd() * 5) * 10) / 10
    const l = Math.round((Math.min(o, c) - rnd() * 5) * 10) / 10
    p = c
    chunk += `${t},${o.toFixed(1)},${h.toFixed(1)},${l.toFixed(1)},${c.toFixed(1)},${(rnd() * 100).toFixed(3)},${t + 59_999},${(rnd() * 2e6).toFixed(5)},${Math.floor(rnd() * 5000)},${(rnd() * 50).toFixed(3)},${(rnd() * 1e6).toFixed(5)},0\n`
    t += 60_000
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain')
      chunk = ''
    }
  }
  out.end(chunk)
  await once(out, 'finish')
}

async function benchImport(tmp: string): Promise<string[]> {
  const file = path.join(tmp, 'in', 'BTCUSDT-1m-2023.csv')
  await mkdir(path.dirname(file), { recursive: true })
  await writeYear(file)
  globalThis.gc?.()
  const baseRss = process.memoryUsage().rss
  let peak = baseRss
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 10)
  let rate = 0
  const t0 = performance.now()
  const report = await importFiles([file], {
    userDir: path.join(tmp, 'user'),
    onProgress: (p) => (rate = p.rowsPerSecond),
  })
  const ms = performance.now() - t0
  clearInterval(timer)
  peak = Math.max(peak, process.memoryUsage().rss)
  const mb = (x: number) => (x / 1048576).toFixed(0)
  const ok = report.ok && report.rowsRead === YEAR_ROWS
  return [
    `data: import 1 year of 1m candles (${report.rowsRead.toLocaleString('en-US')} rows, ${report.errorCount} errors${ok ? '' : ' — FAILED'}): ${(ms / 1000).toFixed(2)} s (target ≤ 5 s) ${ms <= 5000 ? 'OK' : 'OVER TARGET'}, ${rate.toLocaleString('en-US')} rows/s`,
    `data: import peak RSS ${mb(peak)} MB (target ≤ 300 MB) ${peak <= 300 * 1048576 ? 'OK' : 'OVER TARGET'}; RSS before import ${mb(baseRss)} MB`,
  ]
}
