/**
 * Download bench (wired into `npm run bench`):
 * 1. open the largest bundled scenario (by rows over all its symbols) from the binary cache;
 * 2. "Get market data…" for a month: 30 days of BTCUSDT 1-minute klines and mark-price klines
 *    plus the month's funding, served as zips with real checksums by a local archive on
 *    127.0.0.1 (generated first, not timed; nothing leaves the machine), downloaded, verified
 *    and imported — download and import throughput, medians of RUNS runs.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { importFiles, loadScenario, resolveResourcesDir } from '../../electron/host/data'
import { downloadMarketData, loopbackTestArchive } from '../../electron/host/download'
import { startArchiveServer } from '../host/download/archive-server'
import { writeZip } from '../host/data/support/zip-writer'
import { fmt, median, RUNS } from './stats'

const DAYS = 30
const HEADER =
  'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore'

function monthArchive(tmp: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>()
  let p = 60000
  let seed = 7
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
  const zip = (name: string, text: string) => {
    const f = path.join(tmp, name + '.zip')
    writeZip(f, [{ name: name + '.csv', data: text }])
    return readFileSync(f)
  }
  for (let d = 0; d < DAYS; d++) {
    const day = new Date(Date.UTC(2024, 3, 1 + d)).toISOString().slice(0, 10)
    const rows: string[] = [HEADER]
    for (let i = 0; i < 1440; i++) {
      const t = Date.UTC(2024, 3, 1 + d) + i * 60_000
      const o = p
      const c = Math.round(p * (1 + (rnd() - 0.5) * 0.004) * 10) / 10
      const h = Math.round((Math.max(o, c) + rnd() * 5) * 10) / 10
      const l = Math.round((Math.min(o, c) - rnd() * 5) * 10) / 10
      p = c
      rows.push(`${t},${o},${h},${l},${c},${(rnd() * 100).toFixed(3)},${t + 59_999},0,0,0,0,0`)
    }
    const name = `BTCUSDT-1m-${day}`
    const body = zip(name, rows.join('\n') + '\n')
    files.set(`data/futures/um/daily/klines/BTCUSDT/1m/${name}.zip`, body)
    files.set(`data/futures/um/daily/markPriceKlines/BTCUSDT/1m/${name}.zip`, body)
  }
  const funding = ['calc_time,funding_interval_hours,last_funding_rate']
  for (let h = 0; h < DAYS * 24; h += 8)
    funding.push(`${Date.UTC(2024, 3, 1) + h * 3_600_000},8,0.00010000`)
  files.set(
    'data/futures/um/monthly/fundingRate/BTCUSDT/BTCUSDT-fundingRate-2024-04.zip',
    zip('BTCUSDT-fundingRate-2024-04', funding.join('\n') + '\n'),
  )
  return files
}

async function benchLargestOpen(resourcesDir: string, tmp: string): Promise<string> {
  const root = path.join(resourcesDir, 'scenarios')
  const index = JSON.parse(readFileSync(path.join(root, 'index.json'), 'utf8')) as {
    scenarios: string[]
  }
  const opts = { resourcesDir, userDir: path.join(tmp, 'user'), cacheDir: path.join(tmp, 'cache') }
  let best = { id: '', rows: 0, symbols: 0 }
  for (const id of index.scenarios) {
    const sc = await loadScenario(id, opts) // also writes each cache
    const rows = sc.series.reduce((s, x) => s + x.time.length, 0)
    if (rows > best.rows) best = { id, rows, symbols: sc.series.length }
  }
  const times: number[] = []
  for (let k = 0; k < 20; k++) {
    const t = performance.now()
    await loadScenario(best.id, opts)
    times.push(performance.now() - t)
  }
  const bytes = readdirSync(path.join(root, best.id)).reduce(
    (s, f) => s + readFileSync(path.join(root, best.id, f)).length,
    0,
  )
  return `data: open the largest bundled scenario, ${best.id} (${best.symbols} symbols, ${fmt(best.rows)} rows, ${(bytes / 1e6).toFixed(2)} MB on disk) from cache: median ${median(times).toFixed(1)} ms`
}

async function benchDownload(tmp: string): Promise<string[]> {
  const files = monthArchive(tmp)
  const server = await startArchiveServer(files)
  const total = [...files.values()].reduce((s, b) => s + b.length, 0)
  const wall: number[] = []
  const importRate: number[] = []
  const downloadRate: number[] = []
  let rows = 0
  try {
    for (let r = 0; r < RUNS; r++) {
      const dir = mkdtempSync(path.join(tmp, 'run-'))
      const t0 = performance.now()
      let importMs = 0
      const rep = await downloadMarketData(
        { symbols: ['BTCUSDT'], from: '2024-04-01', to: '2024-04-30' },
        {
          origin: loopbackTestArchive(server.url),
          dir: path.join(dir, 'downloads'),
          importFiles: async (paths, o) => {
            const ti = performance.now()
            const x = await importFiles(paths, { userDir: path.join(dir, 'user'), ...o })
            importMs = performance.now() - ti
            return x
          },
        },
      )
      const ms = performance.now() - t0
      if (!rep.ok) throw new Error(`download bench failed: ${rep.message}`)
      rows = rep.importReport!.rowsRead
      wall.push(ms)
      importRate.push(rows / (importMs / 1000))
      downloadRate.push(rep.bytes / ((ms - importMs) / 1000))
      rmSync(dir, { recursive: true, force: true })
    }
  } finally {
    await server.close()
  }
  return [
    `download: a month of BTCUSDT from a local archive (${files.size} zips, ${(total / 1e6).toFixed(1)} MB, checksums verified): median ${fmt(median(wall))} ms end to end; download + verify ${(median(downloadRate) / 1e6).toFixed(1)} MB/s`,
    `download: import of the downloaded month (${fmt(rows)} rows): median ${fmt(median(importRate))} rows/s`,
  ]
}

export async function runDownloadBench(): Promise<string[]> {
  const resourcesDir = resolveResourcesDir([
    path.resolve('resources'),
    path.resolve(import.meta.dirname ?? '.', '../../resources'),
    path.resolve(import.meta.dirname ?? '.', '../../../resources'),
  ])
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'perpdojo-download-bench-'))
  try {
    return [await benchLargestOpen(resourcesDir, tmp), ...(await benchDownload(tmp))]
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}
