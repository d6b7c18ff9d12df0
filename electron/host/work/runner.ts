/**
 * The host's side of the work thread (./work-worker.ts): `stress` and `refold` post a job and
 * resolve with its result. One thread, started on first use and kept (its crash cache and its
 * compiled code stay warm), jobs run in the order asked. A job asked under a `supersede` key
 * cancels the unfinished one under the same key (a second stress test of one session), which
 * rejects with Superseded. `close()` cancels everything and stops the thread. A thread that
 * dies fails its jobs (never a hung request); the next job starts a new one.
 */
import { Worker } from 'node:worker_threads'
import type { StressResult } from '../../../shared/contract/coach'
import type { LoadOptions } from '../data/load'
import type { LoadedScenario } from '../data/types'
import type { FoldedSession } from '../session/session'
import type { FromWorker, RefoldJob, StressJob, ToWorker, Work, WorkValue } from './protocol'

/** A job replaced by a newer one under the same key, or cancelled by close(). */
export class Superseded extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'Superseded'
  }
}

/** What the work thread does for the host: the sessions' re-folds and the coach's stress tests. */
export interface WorkRunner {
  stress(job: StressJob, opts?: { supersede?: string }): Promise<StressResult[]>
  refold(
    job: Omit<RefoldJob, 'scenarioKey' | 'scenario' | 'evict'> & { scenario: LoadedScenario },
  ): Promise<FoldedSession>
  /** The thread the last job ran on (tests assert the work left the answering thread). */
  readonly lastThreadId: number
  close(): Promise<void>
}

interface Pending {
  resolve(v: unknown): void
  reject(e: Error): void
  cancel: Int32Array
  key?: string
}

/** Scenarios the thread keeps at once (a year of 1m candles is ~46 MB per copy). */
const SCENARIO_SLOTS = 2

export function workerRunner(script: string, loadOpts: LoadOptions): WorkRunner {
  let worker: Worker | null = null
  let nextId = 1
  let closed = false
  let lastThreadId = -1
  const pending = new Map<number, Pending>()
  const byKey = new Map<string, number>()
  // scenario keys: one per scenario object; `sent` mirrors the thread's cache (oldest first)
  const keys = new WeakMap<LoadedScenario, number>()
  let nextKey = 1
  let sent: number[] = []

  function failAll(err: Error) {
    for (const p of pending.values()) p.reject(err)
    pending.clear()
    byKey.clear()
  }

  function start(): Worker {
    const w = new Worker(script, { workerData: { loadOpts } })
    w.on('message', (m: FromWorker) => {
      const p = pending.get(m.id)
      if (!p) return
      pending.delete(m.id)
      if (p.key !== undefined && byKey.get(p.key) === m.id) byKey.delete(p.key)
      if (pending.size === 0) w.unref()
      if (m.type === 'done') {
        lastThreadId = m.threadId
        p.resolve(m.value)
      } else if (m.error.cancelled) p.reject(new Superseded('Replaced by a newer request'))
      else p.reject(new Error(m.error.message))
    })
    const died = (why: string) => {
      if (worker !== w) return
      worker = null
      sent = []
      failAll(new Error(`the work thread stopped: ${why}`))
    }
    w.on('error', (err) => died(err.message))
    w.on('exit', (code) => died(`exit code ${code}`))
    return w
  }

  function run<K extends Work['kind']>(
    work: Work & { kind: K },
    key?: string,
  ): Promise<WorkValue[K]> {
    if (closed) return Promise.reject(new Superseded('The host is closing'))
    if (!worker) worker = start()
    worker.ref()
    const id = nextId++
    const cancel = new Int32Array(new SharedArrayBuffer(4))
    if (key !== undefined) {
      const older = byKey.get(key)
      const p = older === undefined ? undefined : pending.get(older)
      if (p) Atomics.store(p.cancel, 0, 1)
      byKey.set(key, id)
    }
    const msg: ToWorker = { type: 'run', id, cancel, work }
    return new Promise<WorkValue[K]>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, cancel, key })
      worker!.postMessage(msg)
    })
  }

  return {
    stress: (job, opts) => run({ kind: 'stress', job }, opts?.supersede),
    refold({ scenario, ...rest }) {
      let key = keys.get(scenario)
      if (key === undefined) keys.set(scenario, (key = nextKey++))
      const job: RefoldJob = { ...rest, scenarioKey: key }
      if (!sent.includes(key) || !worker) {
        if (!worker) sent = []
        job.scenario = scenario
        sent.push(key)
        if (sent.length > SCENARIO_SLOTS) job.evict = sent.shift()
      }
      return run({ kind: 'refold', job })
    },
    get lastThreadId() {
      return lastThreadId
    },
    async close() {
      closed = true
      for (const p of pending.values()) Atomics.store(p.cancel, 0, 1)
      failAll(new Superseded('The host is closing'))
      const w = worker
      worker = null
      if (w) await w.terminate()
    },
  }
}
