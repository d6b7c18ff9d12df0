/**
 * Runs importFiles on a worker thread (import-worker.ts) with the same signature, so a
 * caller can swap one for the other. Cancelling (the signal) asks the worker to abort and
 * waits for it to clean up; a worker that dies is an IO error, never a hung import.
 */
import { Worker } from 'node:worker_threads'
import { DataError } from '../errors'
import type { DataImportReport, ImportOptions } from './run-import'
import type { FromWorker, ToWorker } from './worker-protocol'

export type ImportRunner = (paths: string[], opts: ImportOptions) => Promise<DataImportReport>

/** The thread the last worker import ran on (tests assert the work left the main thread). */
export const lastImportThread = { id: -1 }

export function workerImporter(script: string): ImportRunner {
  return (paths, opts) =>
    new Promise<DataImportReport>((resolve, reject) => {
      const worker = new Worker(script)
      const send = (m: ToWorker) => worker.postMessage(m)
      let settled = false
      const finish = (f: () => void) => {
        if (settled) return
        settled = true
        opts.signal?.removeEventListener('abort', onAbort)
        void worker.terminate()
        f()
      }
      const onAbort = () => send({ type: 'cancel' })
      opts.signal?.addEventListener('abort', onAbort, { once: true })
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'progress') opts.onProgress?.(m.progress)
        else if (m.type === 'done') {
          lastImportThread.id = m.threadId
          finish(() => resolve(m.report))
        } else
          finish(() =>
            reject(
              'code' in m.error
                ? new DataError(m.error.code, m.error.detail, m.error.where)
                : new Error(m.error.message),
            ),
          )
      })
      worker.on('error', (err) =>
        finish(() => reject(new DataError('IO', `the import stopped: ${err.message}`))),
      )
      worker.on('exit', () =>
        finish(() => reject(new DataError('IO', 'the import stopped unexpectedly'))),
      )
      const { signal: _signal, onProgress: _onProgress, ...rest } = opts
      send({ type: 'start', paths, opts: rest })
      if (opts.signal?.aborted) onAbort()
    })
}
