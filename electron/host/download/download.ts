/**
 * "Get market data…": download a request's files from Binance's archive (./archive.ts), verify
 * every checksum, then hand the verified zips to the importer, which builds a new scenario.
 *
 * - Files go to `<dir>/<archive path>`; a verified zip is kept (a later request that needs it
 *   re-checks it against a fresh .CHECKSUM and skips the download). An unfinished body stays
 *   as `<file>.part` and the next attempt resumes it with a Range request.
 * - One file at a time; progress reports files, bytes and the average rate.
 * - Any file that fails (404, checksum mismatch, timeout, dropped connection, cancel) means
 *   nothing is imported: the report lists each file's outcome, and "try again" resumes.
 */
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import type { DataImportReport } from '../data'
import { planFiles, type ArchiveFile, type ArchiveOrigin, type ArchiveRequest } from './archive'
import { parseChecksum, sha256File } from './checksum'
import { DownloadError, getText, getToPart, type DownloadErrorCode } from './http-get'

export interface DownloadProgress {
  filesDone: number
  filesTotal: number
  bytes: number
  /** Average bytes per second since the start. */
  bytesPerSecond: number
  file: string
}

export type FileOutcome = 'downloaded' | 'cached' | DownloadErrorCode | 'SKIPPED'

export interface FileResult {
  name: string
  symbol: string
  kind: ArchiveFile['kind']
  period: string
  outcome: FileOutcome
  message: string
  bytes: number
}

export interface DownloadReport {
  ok: boolean
  cancelled: boolean
  files: FileResult[]
  bytes: number
  durationMs: number
  /** Set when every file was verified and the importer created a scenario. */
  scenarioId?: string
  title?: string
  /** The importer's report (present once it ran). */
  importReport?: DataImportReport
  message: string
}

export interface DownloadDeps {
  origin: ArchiveOrigin
  /** Where downloaded files are kept (`<dataDir>/downloads`). */
  dir: string
  signal?: AbortSignal
  onProgress?: (p: DownloadProgress) => void
  /** Idle timeout per request (default 30 s). */
  idleMs?: number
  /** The importer's public entry: verified zip paths → a new scenario. */
  importFiles: (
    paths: string[],
    opts: { title: string; signal?: AbortSignal },
  ) => Promise<DataImportReport>
  now?: () => number
}

const MAX_ZIP_BYTES = 512 * 1024 * 1024

const OUTCOME_TEXT: Record<string, string> = {
  NOT_FOUND: 'not in the archive (404)',
  CHECKSUM_MISMATCH: 'checksum mismatch: the file is damaged and was deleted',
  TIMEOUT: 'the server stopped sending (timed out); try again to resume',
  CONNECTION_DROPPED: 'the connection dropped mid-file; try again to resume',
  CANCELLED: 'cancelled',
  SKIPPED: 'not attempted (an earlier file failed or the download was cancelled)',
}

export async function downloadMarketData(
  req: ArchiveRequest,
  deps: DownloadDeps,
): Promise<DownloadReport> {
  const now = deps.now ?? (() => performance.now())
  const t0 = now()
  const plan = planFiles(req)
  const files: FileResult[] = []
  let bytes = 0
  let done = 0
  const progress = (file: string) =>
    deps.onProgress?.({
      filesDone: done,
      filesTotal: plan.length,
      bytes,
      bytesPerSecond: Math.round(bytes / Math.max((now() - t0) / 1000, 1e-3)),
      file,
    })
  const get = {
    origin: deps.origin,
    idleMs: deps.idleMs ?? 30_000,
    maxRedirects: 3,
    ...(deps.signal ? { signal: deps.signal } : {}),
  }
  let failed = false
  for (const f of plan) {
    if (failed || deps.signal?.aborted) {
      files.push(result(f, deps.signal?.aborted ? 'CANCELLED' : 'SKIPPED', 0))
      continue
    }
    progress(f.name)
    const local = path.join(deps.dir, ...f.path.split('/'))
    let got = 0
    try {
      await mkdir(path.dirname(local), { recursive: true })
      const url = new URL(f.path, deps.origin.base)
      const sum = parseChecksum(
        await getText(new URL(f.path + '.CHECKSUM', deps.origin.base), { ...get, maxBytes: 4096 }),
        f.name,
      )
      if ((await exists(local)) && (await sha256File(local)) === sum) {
        files.push(result(f, 'cached', 0))
      } else {
        const part = local + '.part'
        await getToPart(url, part, {
          ...get,
          maxBytes: MAX_ZIP_BYTES,
          onBytes: (n) => {
            got += n
            bytes += n
            progress(f.name)
          },
        })
        if ((await sha256File(part)) !== sum) {
          await rm(part, { force: true })
          throw new DownloadError('CHECKSUM_MISMATCH', OUTCOME_TEXT.CHECKSUM_MISMATCH!)
        }
        await rename(part, local)
        files.push(result(f, 'downloaded', got))
      }
      done++
    } catch (err) {
      const e =
        err instanceof DownloadError
          ? err
          : new DownloadError(
              deps.signal?.aborted ? 'CANCELLED' : 'NETWORK',
              (err as Error).message,
            )
      const plain = OUTCOME_TEXT[e.code]
      const message = !plain || plain === e.message ? e.message : `${plain} (${e.message})`
      files.push({ ...result(f, e.code, got), message })
      failed = true
    }
  }
  progress('')
  const report: DownloadReport = {
    ok: false,
    cancelled: deps.signal?.aborted ?? false,
    files,
    bytes,
    durationMs: 0,
    message: '',
  }
  const bad = files.filter((f) => f.outcome !== 'downloaded' && f.outcome !== 'cached')
  if (report.cancelled) report.message = 'Cancelled: nothing was imported. Try again to resume.'
  else if (bad.length > 0) {
    const first = bad[0]!
    report.message = `${first.name}: ${first.message}. Nothing was imported.`
  } else {
    const days = req.from === req.to ? req.from : `${req.from} – ${req.to}`
    const title = `${req.symbols.join(' + ')} ${days} (Binance archive)`
    const paths = plan.map((f) => path.join(deps.dir, ...f.path.split('/')))
    const imp = await deps.importFiles(paths, {
      title,
      ...(deps.signal ? { signal: deps.signal } : {}),
    })
    report.importReport = imp
    report.ok = imp.ok
    if (imp.ok && imp.scenarioId) {
      report.scenarioId = imp.scenarioId
      report.title = imp.title ?? title
      report.message = `Imported as “${report.title}”.`
    } else report.message = 'The files downloaded but the import failed: nothing was created.'
  }
  report.durationMs = Math.round(now() - t0)
  return report
}

function result(f: ArchiveFile, outcome: FileOutcome, bytes: number): FileResult {
  return {
    name: f.name,
    symbol: f.symbol,
    kind: f.kind,
    period: f.period,
    outcome,
    message:
      outcome === 'downloaded'
        ? 'downloaded and verified'
        : outcome === 'cached'
          ? 'already here, checksum verified'
          : (OUTCOME_TEXT[outcome] ?? outcome),
    bytes,
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile()
  } catch {
    return false
  }
}
