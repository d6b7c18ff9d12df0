/**
 * The replay clock's only window on wall time. Production uses `realScheduler`
 * (performance.now, setTimeout, setImmediate); tests inject a manual scheduler whose
 * time moves only when the test says so (test/support/manual-scheduler.ts), which makes
 * pacing and batching deterministic.
 */

export interface Scheduler {
  /** Monotonic wall time in ms. */
  now(): number
  /** Run `fn` after `ms` (0 = as soon as pending I/O has run). Returns a cancel function. */
  later(fn: () => void, ms: number): () => void
}

export const realScheduler: Scheduler = {
  now: () => performance.now(),
  later(fn, ms) {
    if (ms <= 0) {
      const h = setImmediate(fn)
      return () => clearImmediate(h)
    }
    const h = setTimeout(fn, ms)
    return () => clearTimeout(h)
  },
}
