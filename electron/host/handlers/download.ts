/**
 * "Get market data…" handlers: the on/off setting (kept in `<dataDir>/settings/downloads.json`;
 * off means the host refuses to download at all), one download at a time with progress pushes
 * and cancel. The archive origin is data.binance.vision (or, for tests only, a 127.0.0.1 server
 * named by PERPDOJO_TEST_ARCHIVE_URL; see download/origin.ts).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type * as v from 'valibot'
import type {
  DownloadReportDto,
  DownloadSettings,
  downloadMethods,
} from '../../../shared/contract/download'
import { HostError } from '../../../shared/contract/errors'
import type { HostContext } from '../context'
import { importFiles } from '../data'
import { downloadMarketData, requestProblem, type ArchiveOrigin } from '../download'
import { archiveIdleMsFromEnv, archiveOriginFromEnv } from '../download/origin'

type Req<M extends keyof typeof downloadMethods> = v.InferOutput<(typeof downloadMethods)[M]['req']>

export interface DownloadHandlerOptions {
  origin?: ArchiveOrigin
  /** Today's UTC date (the archive publishes a day after it ends). */
  today?: () => string
}

export function downloadHandlers(ctx: HostContext, opts: DownloadHandlerOptions = {}) {
  const origin = opts.origin ?? archiveOriginFromEnv()
  const today = opts.today ?? (() => new Date().toISOString().slice(0, 10))
  const settingsFile = path.join(ctx.dataDir, 'settings', 'downloads.json')
  let running: AbortController | null = null

  async function settings(): Promise<DownloadSettings> {
    try {
      const j = JSON.parse(await readFile(settingsFile, 'utf8')) as Partial<DownloadSettings>
      return { enabled: j.enabled !== false }
    } catch {
      return { enabled: true } // no file yet (or unreadable): the default, shown
    }
  }

  const handlers = {
    'download:settings': () => settings(),
    'download:setEnabled': async (req: Req<'download:setEnabled'>): Promise<DownloadSettings> => {
      await mkdir(path.dirname(settingsFile), { recursive: true })
      await writeFile(settingsFile, JSON.stringify({ enabled: req.enabled }) + '\n')
      if (!req.enabled) running?.abort()
      ctx.push('download:settingsChanged', { enabled: req.enabled })
      return { enabled: req.enabled }
    },
    'download:start': async (req: Req<'download:start'>): Promise<DownloadReportDto> => {
      if (!(await settings()).enabled)
        throw new HostError('CONFLICT', 'Downloading market data is turned off in the settings')
      const problem = requestProblem(req, today())
      if (problem) throw new HostError('INVALID_REQUEST', problem)
      if (running) throw new HostError('CONFLICT', 'A download is already running')
      const abort = new AbortController()
      running = abort
      try {
        const r = await downloadMarketData(req, {
          origin,
          dir: path.join(ctx.dataDir, 'downloads'),
          signal: abort.signal,
          idleMs: archiveIdleMsFromEnv(),
          importFiles: (paths, o) => importFiles(paths, { userDir: ctx.dataDir, ...o }),
          onProgress: (p) => {
            try {
              ctx.push('download:progress', p)
            } catch {
              /* nobody listening */
            }
          },
        })
        return {
          ok: r.ok,
          cancelled: r.cancelled,
          files: r.files,
          bytes: r.bytes,
          durationMs: r.durationMs,
          message: r.message,
          ...(r.scenarioId ? { scenarioId: r.scenarioId } : {}),
          ...(r.title ? { title: r.title } : {}),
        }
      } finally {
        running = null
      }
    },
    'download:cancel': () => {
      const was = running !== null
      running?.abort()
      return { cancelled: was }
    },
  }
  return { handlers }
}
