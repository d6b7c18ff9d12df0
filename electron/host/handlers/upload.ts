/**
 * Upload-then-import for files the host cannot see by path (drag-and-drop and file pickers in
 * the browser mode, and in Electron too): `import:begin` → `import:chunk`… → `import:commit`
 * (or `import:cancel`). The upload folder is always deleted afterwards; a failed or cancelled
 * upload creates no scenario (the importer validates everything first and publishes
 * atomically).
 */
import path from 'node:path'
import type * as v from 'valibot'
import { HostError } from '../../../shared/contract/errors'
import type {
  ImportStage,
  UploadBegun,
  UploadChunkAck,
  UploadImportReport,
  UploadIssue,
  uploadMethods,
} from '../../../shared/contract/upload'
import type { HostContext } from '../context'
import { DataError, importFiles } from '../data'
import { workerImporter } from '../data/import/run-in-worker'
import { estimateCsvBytes } from '../upload/estimate'
import { fmtBytes, UploadStore, type Upload, type UploadStoreOptions } from '../upload/uploads'

/** Requests as the contract's schemas parse them. */
type Req<M extends keyof typeof uploadMethods> = v.InferOutput<(typeof uploadMethods)[M]['req']>

export function uploadHandlers(ctx: HostContext, opts: Omit<UploadStoreOptions, 'dataDir'> = {}) {
  const store = new UploadStore({ dataDir: ctx.dataDir, ...opts })
  let committing: string | null = null
  // Off the thread that answers the user when a built worker is available (issue 10 item 8).
  const runImport = ctx.importWorker ? workerImporter(ctx.importWorker) : importFiles
  // Leftovers of an earlier run (a crash mid-upload) go at start; idle uploads every minute.
  const ready = store.sweepStale().catch(() => undefined)
  const timer = setInterval(() => void store.expireIdle().catch(() => undefined), 60_000)
  timer.unref?.()

  const stage = (p: ImportStage) => {
    try {
      ctx.push('import:stage', p)
    } catch {
      /* a push nobody can receive must not break the import */
    }
  }

  const handlers = {
    'import:begin': async (req: Req<'import:begin'>): Promise<UploadBegun> => {
      await ready
      const u = await store.begin(req.files)
      return { uploadId: u.id, chunkBytes: store.chunkBytes }
    },

    'import:chunk': async (req: Req<'import:chunk'>): Promise<UploadChunkAck> => {
      // The schema checked the alphabet and length; decoding cannot lose bytes.
      const data = Buffer.from(req.dataBase64, 'base64')
      if (data.length > store.chunkBytes)
        throw new HostError('INVALID_REQUEST', `Chunk larger than ${fmtBytes(store.chunkBytes)}`)
      return store.chunk(req.uploadId, {
        fileIndex: req.fileIndex,
        name: req.name,
        offset: req.offset,
        data,
        ...(req.final ? { final: true } : {}),
      })
    },

    'import:commit': async (req: Req<'import:commit'>): Promise<UploadImportReport> => {
      const u = store.get(req.uploadId)
      if (committing) throw new HostError('CONFLICT', 'An import is already running')
      await u.queue
      try {
        store.assertComplete(u)
      } catch (err) {
        await store.discard(u.id)
        throw err
      }
      committing = u.id
      const abort = new AbortController()
      u.commit = abort
      const paths = u.files.map((f) => f.diskPath)
      const label = labeller(u)
      try {
        stage({ uploadId: u.id, stage: 'importing', totalBytes: await estimateCsvBytes(paths) })
        const report = await runImport(paths, {
          userDir: ctx.dataDir,
          ...(req.title !== undefined ? { title: req.title } : {}),
          ...(req.mapping ? { mapping: req.mapping } : {}),
          signal: abort.signal,
          onProgress: (p) => ctx.push('import:progress', { ...p, file: label(p.file) }),
        })
        if (abort.signal.aborted && !report.ok) throw new HostError('IMPORT_FAILED', 'cancelled')
        stage({ uploadId: u.id, stage: report.ok ? 'done' : 'failed' })
        const issue = (i: UploadIssue): UploadIssue => ({ ...i, file: label(i.file) })
        return {
          ok: report.ok,
          ...(report.scenarioId !== undefined ? { scenarioId: report.scenarioId } : {}),
          ...(report.title !== undefined ? { title: report.title } : {}),
          rowsRead: report.rowsRead,
          duplicatesDropped: report.duplicatesDropped,
          outOfOrder: report.outOfOrder,
          gaps: report.gaps,
          errors: report.errors.map(issue),
          warnings: report.warnings.map(issue),
          errorCount: report.errorCount,
          warningCount: report.warningCount,
          durationMs: report.durationMs,
          files: report.files.map((f) => ({
            file: label(f.file),
            kind: f.kind,
            symbol: f.symbol,
            rows: f.rows,
          })),
        }
      } catch (err) {
        const cancelled =
          abort.signal.aborted || (err instanceof DataError && err.code === 'ABORTED')
        stage({ uploadId: u.id, stage: cancelled ? 'cancelled' : 'failed' })
        if (cancelled) throw new HostError('IMPORT_FAILED', 'Import cancelled; nothing was created')
        if (err instanceof DataError) {
          const where = [err.where.file && label(err.where.file), err.where.line, err.where.column]
          throw new HostError(
            'IMPORT_FAILED',
            err.detail,
            where.some((x) => x !== undefined && x !== '')
              ? [where.filter((x) => x !== undefined && x !== '').join(':')]
              : undefined,
          )
        }
        throw err
      } finally {
        committing = null
        await store.discard(u.id)
      }
    },

    'import:cancel': async (req: Req<'import:cancel'>): Promise<{ cancelled: boolean }> => {
      const had = await store.discard(req.uploadId)
      if (had) stage({ uploadId: req.uploadId, stage: 'cancelled' })
      return { cancelled: had }
    },
  }

  return {
    handlers,
    store,
    async close(): Promise<void> {
      clearInterval(timer)
      await ready
      await store.close()
    },
  }
}

/** Host paths in reports → the names the user dropped (never leak the data folder's path). */
function labeller(u: Upload): (file: string) => string {
  const pairs = u.files
    .map((f) => [f.diskPath, f.label] as const)
    .sort((a, b) => b[0].length - a[0].length)
  const prefix = u.dir + path.sep
  return (file) => {
    if (!file) return file
    for (const [disk, label] of pairs)
      if (file.startsWith(disk)) return label + file.slice(disk.length)
    return file.startsWith(prefix) ? file.slice(prefix.length) : file.split(u.dir).join('')
  }
}
