/**
 * A replay-clock scheduler driven by hand (tests only): time moves when the test says so,
 * which makes the clock's pacing and batching deterministic.
 */
import type { Scheduler } from '../../electron/host/replay/scheduler'

/** A scheduler driven by hand: `advance(ms)` moves time and runs every timer that falls due. */
export interface ManualScheduler extends Scheduler {
  advance(ms: number): void
  /** Run timers due now (including 0 ms ones) until none is left or `limit` ran. */
  flush(limit?: number): void
  pending(): number
}

export function manualScheduler(start = 0): ManualScheduler {
  let time = start
  let nextId = 0
  const timers = new Map<number, { at: number; fn: () => void; id: number }>()
  function due(): { at: number; fn: () => void; id: number } | undefined {
    let best: { at: number; fn: () => void; id: number } | undefined
    for (const t of timers.values()) {
      if (t.at <= time && (!best || t.at < best.at || (t.at === best.at && t.id < best.id)))
        best = t
    }
    return best
  }
  const self: ManualScheduler = {
    now: () => time,
    later(fn, ms) {
      const id = nextId++
      timers.set(id, { at: time + Math.max(0, ms), fn, id })
      return () => {
        timers.delete(id)
      }
    },
    flush(limit = 1_000_000) {
      for (let i = 0; i < limit; i++) {
        const t = due()
        if (!t) return
        timers.delete(t.id)
        t.fn()
      }
    },
    advance(ms) {
      const end = time + ms
      for (;;) {
        self.flush()
        let next: number | undefined
        for (const t of timers.values()) if (next === undefined || t.at < next) next = t.at
        if (next === undefined || next > end) break
        time = Math.max(time, next)
      }
      time = end
      self.flush()
    },
    pending: () => timers.size,
  }
  return self
}
