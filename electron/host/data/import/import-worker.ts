/**
 * The import worker's entry (bundled as out/main/import-worker.js; tests bundle it with
 * rolldown). One import per worker: start → progress… → done | failed; cancel aborts it and
 * importFiles removes what it started.
 */
import { parentPort, threadId } from 'node:worker_threads'
import { DataError } from '../errors'
import { importFiles } from './run-import'
import type { FromWorker, ToWorker } from './worker-protocol'

const port = parentPort!
const abort = new AbortController()
const send = (m: FromWorker) => port.postMessage(m)

port.on('message', (m: ToWorker) => {
  if (m.type === 'cancel') return abort.abort()
  importFiles(m.paths, {
    ...m.opts,
    signal: abort.signal,
    onProgress: (progress) => send({ type: 'progress', progress }),
  }).then(
    (report) => send({ type: 'done', report, threadId }),
    (err: unknown) =>
      send({
        type: 'failed',
        error:
          err instanceof DataError
            ? { code: err.code, detail: err.detail, where: err.where }
            : { message: err instanceof Error ? err.message : String(err) },
      }),
  )
})
