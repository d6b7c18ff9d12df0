/**
 * The work thread's entry (bundled as out/main/work-worker.js; tests bundle it with rolldown).
 * Jobs arrive as `run` messages and answer `done` or `failed`; a job whose shared cancel flag
 * is set stops at its next check and fails as cancelled.
 */
import { parentPort, threadId, workerData } from 'node:worker_threads'
import type { LoadOptions } from '../data/load'
import { engines } from '../engine-binding'
import { FoldCancelled } from '../session/refold'
import { createWorkJobs } from './jobs'
import type { FromWorker, ToWorker } from './protocol'

const port = parentPort!
const jobs = createWorkJobs((workerData as { loadOpts: LoadOptions }).loadOpts, engines)
const send = (m: FromWorker) => port.postMessage(m)

port.on('message', (m: ToWorker) => {
  const cancelled = () => Atomics.load(m.cancel, 0) !== 0
  const run = async () =>
    m.work.kind === 'stress'
      ? jobs.stress(m.work.job, cancelled)
      : jobs.refold(m.work.job, cancelled)
  run().then(
    (value) => send({ type: 'done', id: m.id, value, threadId }),
    (err: unknown) =>
      send({
        type: 'failed',
        id: m.id,
        error: {
          message: err instanceof Error ? err.message : String(err),
          cancelled: err instanceof FoldCancelled,
        },
      }),
  )
})
