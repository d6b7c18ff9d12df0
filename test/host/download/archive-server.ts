/**
 * A local stand-in for data.binance.vision on 127.0.0.1: the archive's path layout, zips made
 * from the bundled 10/10 CSVs (converted to Binance's public-data columns, one zip per day or
 * month) with their real sha256 `.CHECKSUM` files, and per-file faults: a corrupted body, a 404,
 * a slow answer, a connection that drops mid-file (once), a redirect to another host.
 * The markPriceKlines 1m zips carry the bundled 1-minute last prices: no 1-minute mark was
 * recorded for this window, and this server tests transport, checksums and the import, not
 * mark values.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import { mkdtempSync, rmSync } from 'node:fs'
import { writeZip } from '../data/support/zip-writer'

export type Fault = 'corrupt' | 'slow' | 'drop-once' | 'redirect-away' | 'slow-body'

// __dirname, not import.meta: the Playwright e2e spec loads this file too
const SCEN = path.resolve(__dirname, '../../../resources/scenarios/liquidations-2025-10')
const BINANCE_KLINE_HEADER =
  'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore'

function rows(file: string): string[][] {
  return gunzipSync(readFileSync(path.join(SCEN, file)))
    .toString('utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','))
}

function zipBytes(entry: string, text: string): Buffer {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pd-zip-'))
  try {
    const f = path.join(dir, 'x.zip')
    writeZip(f, [{ name: entry, data: text }])
    return readFileSync(f)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Archive path → zip bytes, for BTCUSDT and ETHUSDT on 2025-10-09..11 and their October funding. */
export function buildArchive(): Map<string, Buffer> {
  const files = new Map<string, Buffer>()
  for (const sym of ['BTCUSDT', 'ETHUSDT']) {
    const lc = sym.toLowerCase()
    const byDay = new Map<string, string[]>()
    for (const r of rows(`${lc}-1m-2025-10-09_2025-10-12.csv.gz`)) {
      const t = Number(r[0])
      const day = new Date(t).toISOString().slice(0, 10)
      const line = [t, r[1], r[2], r[3], r[4], r[5], t + 59_999, '0', '0', '0', '0', '0'].join(',')
      ;(byDay.get(day) ?? byDay.set(day, []).get(day)!).push(line)
    }
    for (const [day, lines] of byDay) {
      const name = `${sym}-1m-${day}`
      const csv = [BINANCE_KLINE_HEADER, ...lines].join('\n') + '\n'
      for (const type of ['klines', 'markPriceKlines'])
        files.set(
          `data/futures/um/daily/${type}/${sym}/1m/${name}.zip`,
          zipBytes(`${name}.csv`, csv),
        )
    }
    const funding = rows(`${lc}-funding-2025-10.csv.gz`).map((r) => `${r[0]},8,${r[1]}`)
    const fname = `${sym}-fundingRate-2025-10`
    files.set(
      `data/futures/um/monthly/fundingRate/${sym}/${fname}.zip`,
      zipBytes(
        `${fname}.csv`,
        ['calc_time,funding_interval_hours,last_funding_rate', ...funding].join('\n') + '\n',
      ),
    )
  }
  return files
}

export interface ArchiveServer {
  url: string
  /** Paths requested, with the Range header when there was one. */
  log: { path: string; range?: string }[]
  faults: Map<string, Fault>
  close(): Promise<void>
}

export async function startArchiveServer(files = buildArchive()): Promise<ArchiveServer> {
  const faults = new Map<string, Fault>()
  const log: ArchiveServer['log'] = []
  const sockets = new Set<import('node:net').Socket>()
  const server = http.createServer((req, res) => {
    const p = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1))
    log.push({ path: p, ...(req.headers.range ? { range: req.headers.range } : {}) })
    const isSum = p.endsWith('.CHECKSUM')
    const zipPath = isSum ? p.slice(0, -'.CHECKSUM'.length) : p
    const body = files.get(zipPath)
    const fault = faults.get(zipPath)
    if (!body) {
      res.writeHead(404).end('not found')
      return
    }
    if (isSum) {
      const sum = createHash('sha256').update(body).digest('hex')
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.end(`${sum}  ${path.posix.basename(zipPath)}\n`)
      return
    }
    if (fault === 'redirect-away') {
      res.writeHead(302, { location: 'http://example.com/' + p }).end()
      return
    }
    if (fault === 'slow') return // never answers: the client's idle timeout must fire
    let out = body
    if (fault === 'corrupt') {
      out = Buffer.from(body)
      out[Math.floor(out.length / 2)]! ^= 0xff
    }
    let start = 0
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '')
    if (m && Number(m[1]) < out.length) start = Number(m[1])
    const headers = { 'content-type': 'application/zip', 'content-length': out.length - start }
    if (start > 0)
      res.writeHead(206, {
        ...headers,
        'content-range': `bytes ${start}-${out.length - 1}/${out.length}`,
      })
    else res.writeHead(200, headers)
    if (fault === 'drop-once') {
      faults.delete(zipPath)
      res.write(out.subarray(start, start + Math.floor((out.length - start) / 2)), () =>
        res.socket?.destroy(),
      )
      return
    }
    if (fault === 'slow-body') {
      res.write(out.subarray(start, start + 100)) // then stalls
      return
    }
    res.end(out.subarray(start))
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/`,
    log,
    faults,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy()
        server.close(() => r())
      }),
  }
}
