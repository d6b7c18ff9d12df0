/**
 * The downloader end to end against a local archive on 127.0.0.1 (never the internet): real
 * checksums, then the importer. Every failure case — corrupted file, 404, slow answer, dropped
 * connection, cancel, a redirect to another host — reports the file and imports nothing; a
 * dropped file resumes with a Range request on the next attempt.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { importFiles, loadScenario } from '../../../electron/host/data'
import {
  downloadMarketData,
  loopbackTestArchive,
  planFiles,
  requestProblem,
  type DownloadProgress,
} from '../../../electron/host/download'
import { RESOURCES } from '../data/support/fixtures'
import { startArchiveServer, type ArchiveServer } from './archive-server'

let server: ArchiveServer
let root: string
const dirs: string[] = []

beforeAll(async () => {
  server = await startArchiveServer()
  root = mkdtempSync(path.join(os.tmpdir(), 'pd-download-'))
})
afterAll(async () => {
  await server.close()
  rmSync(root, { recursive: true, force: true })
})
afterEach(() => {
  server.faults.clear()
  server.log.length = 0
})

function fresh() {
  const d = mkdtempSync(path.join(root, 'run-'))
  dirs.push(d)
  return { downloads: path.join(d, 'downloads'), userDir: path.join(d, 'user') }
}

function run(
  where: { downloads: string; userDir: string },
  req = { symbols: ['BTCUSDT'], from: '2025-10-10', to: '2025-10-11' },
  extra: { signal?: AbortSignal; idleMs?: number; onProgress?: (p: DownloadProgress) => void } = {},
) {
  return downloadMarketData(req, {
    origin: loopbackTestArchive(server.url),
    dir: where.downloads,
    idleMs: extra.idleMs ?? 2_000,
    importFiles: (paths, o) => importFiles(paths, { userDir: where.userDir, ...o }),
    ...(extra.signal ? { signal: extra.signal } : {}),
    ...(extra.onProgress ? { onProgress: extra.onProgress } : {}),
  })
}

const scenarios = (userDir: string) =>
  existsSync(path.join(userDir, 'scenarios'))
    ? readdirSync(path.join(userDir, 'scenarios')).filter((n) => !n.startsWith('.'))
    : []

const KLINES_10 = 'data/futures/um/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2025-10-10.zip'

describe('the archive layout', () => {
  it('plans daily klines and mark klines per day and the monthly funding per month', () => {
    const plan = planFiles({ symbols: ['BTCUSDT'], from: '2025-10-31', to: '2025-11-01' })
    expect(plan.map((f) => f.path)).toEqual([
      'data/futures/um/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2025-10-31.zip',
      'data/futures/um/daily/markPriceKlines/BTCUSDT/1m/BTCUSDT-1m-2025-10-31.zip',
      'data/futures/um/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2025-11-01.zip',
      'data/futures/um/daily/markPriceKlines/BTCUSDT/1m/BTCUSDT-1m-2025-11-01.zip',
      'data/futures/um/monthly/fundingRate/BTCUSDT/BTCUSDT-fundingRate-2025-10.zip',
      'data/futures/um/monthly/fundingRate/BTCUSDT/BTCUSDT-fundingRate-2025-11.zip',
    ])
  })

  it('refuses bad requests with a reason', () => {
    const ok = { symbols: ['BTCUSDT'], from: '2025-10-10', to: '2025-10-12' }
    expect(requestProblem(ok, '2026-01-01')).toBeNull()
    expect(requestProblem({ ...ok, symbols: ['btc'] }, '2026-01-01')).toMatch(/not a USDⓈ-M symbol/)
    expect(requestProblem({ ...ok, to: '2025-10-01' }, '2026-01-01')).toMatch(/before the first/)
    expect(requestProblem({ ...ok, from: '2025-13-01' }, '2026-01-01')).toMatch(/not a date/)
    expect(requestProblem({ ...ok, to: '2026-01-01' }, '2026-01-01')).toMatch(/before today/)
    expect(requestProblem({ ...ok, from: '2025-01-01' }, '2026-01-01')).toMatch(/at most 92 days/)
  })

  it('talks only to 127.0.0.1 in tests (any other base is refused)', () => {
    expect(() => loopbackTestArchive('https://data.binance.vision/')).toThrow(/127\.0\.0\.1/)
    expect(() => loopbackTestArchive('http://localhost:80/')).toThrow(/127\.0\.0\.1/)
    expect(() => loopbackTestArchive('http://10.0.0.1:80/')).toThrow(/127\.0\.0\.1/)
  })
})

describe('download and import against a local archive', () => {
  it('downloads, verifies every checksum and imports a scenario; progress counts files and bytes', async () => {
    const w = fresh()
    const seen: DownloadProgress[] = []
    const r = await run(w, undefined, { onProgress: (p) => seen.push(p) })
    expect(r.message).toMatch(/^Imported as/)
    expect(r.ok).toBe(true)
    expect(r.files.map((f) => f.outcome)).toEqual(Array(5).fill('downloaded'))
    expect(r.bytes).toBe(r.files.reduce((a, f) => a + f.bytes, 0))
    expect(seen.at(-1)).toMatchObject({ filesDone: 5, filesTotal: 5, bytes: r.bytes })
    expect(seen.some((p) => p.bytesPerSecond > 0)).toBe(true)
    const sc = await loadScenario(r.scenarioId!, {
      resourcesDir: RESOURCES,
      userDir: w.userDir,
      cacheDir: path.join(w.userDir, 'cache'),
    })
    expect(sc.series[0]!.symbol).toBe('BTCUSDT')
    expect(sc.series[0]!.time.length).toBe(2 * 1440)
    expect(sc.series[0]!.fundingOrigin).toBe('recorded')
    expect(sc.series[0]!.markOrigin).toBe('recorded')
    // every zip was fetched after its .CHECKSUM
    const zips = server.log.filter((l) => l.path.endsWith('.zip'))
    expect(zips).toHaveLength(5)
    // a second request re-verifies the kept files and downloads nothing
    server.log.length = 0
    const again = await run(w)
    expect(again.files.map((f) => f.outcome)).toEqual(Array(5).fill('cached'))
    expect(server.log.filter((l) => l.path.endsWith('.zip'))).toHaveLength(0)
  })

  it('a corrupted file fails its checksum, is deleted, and nothing is imported', async () => {
    const w = fresh()
    server.faults.set(KLINES_10, 'corrupt')
    const r = await run(w)
    expect(r.ok).toBe(false)
    expect(r.files[0]).toMatchObject({
      name: 'BTCUSDT-1m-2025-10-10.zip',
      outcome: 'CHECKSUM_MISMATCH',
    })
    expect(r.message).toMatch(/BTCUSDT-1m-2025-10-10\.zip: checksum mismatch.*Nothing was imported/)
    expect(r.files.slice(1).every((f) => f.outcome === 'SKIPPED')).toBe(true)
    expect(scenarios(w.userDir)).toEqual([])
    expect(existsSync(path.join(w.downloads, KLINES_10))).toBe(false)
    expect(existsSync(path.join(w.downloads, KLINES_10 + '.part'))).toBe(false)
  })

  it('a day the archive does not have is a 404, reported, and nothing is imported', async () => {
    const w = fresh()
    const r = await run(w, { symbols: ['BTCUSDT'], from: '2025-10-08', to: '2025-10-09' })
    expect(r.files[0]).toMatchObject({ name: 'BTCUSDT-1m-2025-10-08.zip', outcome: 'NOT_FOUND' })
    expect(r.message).toMatch(/not in the archive \(404\)\. Nothing was imported/)
    expect(scenarios(w.userDir)).toEqual([])
  })

  it('a server that stops answering times out', async () => {
    const w = fresh()
    server.faults.set(KLINES_10, 'slow')
    const r = await run(w, undefined, { idleMs: 300 })
    expect(r.files[0]!.outcome).toBe('TIMEOUT')
    expect(r.message).toMatch(/timed out/)
    expect(scenarios(w.userDir)).toEqual([])
  })

  it('a connection dropped mid-file keeps the part; the next attempt resumes it with a Range request', async () => {
    const w = fresh()
    server.faults.set(KLINES_10, 'drop-once')
    const r = await run(w)
    expect(r.files[0]!.outcome).toBe('CONNECTION_DROPPED')
    expect(r.message).toMatch(/dropped mid-file.*Nothing was imported/)
    expect(scenarios(w.userDir)).toEqual([])
    const part = path.join(w.downloads, KLINES_10 + '.part')
    expect(existsSync(part)).toBe(true)
    server.log.length = 0
    const again = await run(w)
    expect(again.ok).toBe(true)
    const resumed = server.log.find((l) => l.path === KLINES_10)!
    expect(resumed.range).toMatch(/^bytes=\d+-$/)
    expect(Number(/\d+/.exec(resumed.range!)![0])).toBeGreaterThan(0)
    expect(existsSync(part)).toBe(false)
    expect(scenarios(w.userDir)).toHaveLength(1)
  })

  it('cancel stops at once and imports nothing', async () => {
    const w = fresh()
    server.faults.set(KLINES_10, 'slow-body')
    const abort = new AbortController()
    const r = await run(w, undefined, {
      signal: abort.signal,
      idleMs: 10_000,
      onProgress: (p) => {
        if (p.bytes > 0) abort.abort()
      },
    })
    expect(r.cancelled).toBe(true)
    expect(r.files[0]!.outcome).toBe('CANCELLED')
    expect(r.message).toMatch(/Cancelled: nothing was imported/)
    expect(scenarios(w.userDir)).toEqual([])
  })

  it('a redirect to another host is refused', async () => {
    const w = fresh()
    server.faults.set(KLINES_10, 'redirect-away')
    const r = await run(w)
    expect(r.files[0]!.outcome).toBe('REDIRECT_REFUSED')
    expect(r.files[0]!.message).toMatch(/refused to contact http:\/\/example\.com/)
    expect(scenarios(w.userDir)).toEqual([])
  })
})

describe('npm run fetch-data', () => {
  it('downloads and imports, printing each file and the scenario id; bad arguments exit 2', async () => {
    const { runFetchCli } = await import('../../../electron/host/cli/fetch-data')
    const w = fresh()
    const out: string[] = []
    const err: string[] = []
    const io = {
      out: (l: string) => out.push(l),
      err: (l: string) => err.push(l),
      userDir: w.userDir,
      today: '2026-01-01',
    }
    process.env.PERPDOJO_TEST_ARCHIVE_URL = server.url
    try {
      expect(await runFetchCli(['ETHUSDT', '2025-10-09', '2025-10-09'], io)).toBe(0)
    } finally {
      delete process.env.PERPDOJO_TEST_ARCHIVE_URL
    }
    expect(out.filter((l) => l.startsWith('downloaded'))).toHaveLength(3)
    expect(out.join('\n')).toMatch(/Imported as .*\nscenario id: /)
    expect(err.at(-1)).toMatch(/^3\/3 files, [\d.]+ MB/)
    expect(scenarios(w.userDir)).toHaveLength(1)
    expect(await runFetchCli(['ETHUSDT', '2025-10-09'], io)).toBe(2)
    expect(await runFetchCli(['ETHUSDT', '2025-10-09', '2025-10-01'], io)).toBe(2)
    expect(err.at(-1)).toMatch(/before the first/)
  })
})
