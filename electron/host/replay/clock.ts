/**
 * The replay clock of one session: the only place that looks at wall time.
 *
 * - Paced play: `speed` bars per second ('realtime' = one base bar per bar duration,
 *   i.e. 1/60 bar/s on 1-minute data). Credit accrues with wall time and whole bars are
 *   advanced when due; a late timer catches up by at most a quarter second of bars.
 * - 'max': the clock advances bars in slices of at most `sliceMs` of work, yielding to
 *   pending I/O between slices (setImmediate), so the host stays responsive.
 * - `runUntil`: the same slicing for "next event" and "jump to": every bar in between is
 *   folded through the engine, none is skipped.
 * - Frames: the target collects what changed; the clock asks it to push at most one
 *   frame per `frameMs` (≈60 per second) while running, and once when it stops.
 */
import type { ReplaySpeed } from '../../../shared/contract/session'
import { realScheduler, type Scheduler } from './scheduler'

export interface ClockTarget {
  /** Base bar duration, ms (for 'realtime'). */
  readonly stepMs: number
  atEnd(): boolean
  /**
   * Advance up to `n` bars. With `stopOnEvent`, stop right after the first bar that
   * produced a notable event (`hit`). Never passes `untilCursor` when given.
   */
  advance(
    n: number,
    stopOnEvent: boolean,
    untilCursor?: number,
  ): { advanced: number; hit: boolean; halt?: boolean }
  cursor(): number
  /** Push the frame collected since the last flush (no-op when nothing changed). */
  flush(): void
  /** Persist the replay position (cheap; called on stop and every `checkpointMs` of play). */
  checkpoint(): void
}

export interface ClockOptions {
  scheduler?: Scheduler
  frameMs?: number
  sliceMs?: number
  /** Upper bound of bars per slice (also what keeps a manual scheduler finite). */
  maxSliceBars?: number
  /**
   * 'max' play advances at most this many steps per frame, so every frame stays an
   * incremental chart update (no reload storms) and the desk paints every candle.
   * Jumps (next event, seek) are not capped.
   */
  maxStepsPerFrame?: number
  checkpointMs?: number
}

type State = 'idle' | 'playing' | 'running'

export class ReplayClock {
  private state: State = 'idle'
  private speedValue: ReplaySpeed = 10
  private cancelTimer: (() => void) | null = null
  private credit = 0
  private lastTick = 0
  private lastFlush = -Infinity
  private lastCheckpoint = 0
  private run: { stopOnEvent: boolean; untilCursor?: number; done: () => void } | null = null
  private readonly sched: Scheduler
  private readonly frameMs: number
  private readonly sliceMs: number
  private readonly maxSliceBars: number
  private readonly maxStepsPerFrame: number
  private stepsSinceFlush = 0
  private readonly checkpointMs: number

  constructor(
    private readonly target: ClockTarget,
    opts: ClockOptions = {},
  ) {
    this.sched = opts.scheduler ?? realScheduler
    this.frameMs = opts.frameMs ?? 1000 / 60
    this.sliceMs = opts.sliceMs ?? 8
    this.maxSliceBars = opts.maxSliceBars ?? 20_000
    this.maxStepsPerFrame = opts.maxStepsPerFrame ?? 300
    this.checkpointMs = opts.checkpointMs ?? 2000
  }

  get playing(): boolean {
    return this.state === 'playing'
  }

  get busy(): boolean {
    return this.state === 'running'
  }

  get speed(): ReplaySpeed {
    return this.speedValue
  }

  setSpeed(speed: ReplaySpeed): void {
    this.speedValue = speed
    this.credit = 0
    if (this.state === 'playing') this.reschedule(0)
  }

  /** Bars per second for the current speed (Infinity for 'max'). */
  rate(): number {
    const s = this.speedValue
    if (s === 'max') return Infinity
    if (s === 'realtime') return 1000 / this.target.stepMs
    return s
  }

  play(): void {
    this.stopRun()
    if (this.target.atEnd()) return
    this.state = 'playing'
    this.credit = 0
    this.lastTick = this.sched.now()
    this.lastCheckpoint = this.lastTick
    this.reschedule(this.rate() === Infinity ? 0 : this.delayForNextBar())
  }

  pause(): void {
    const was = this.state
    this.clearTimer()
    this.state = 'idle'
    this.stopRun()
    if (was !== 'idle') this.stopped()
  }

  /** Step `n` bars now (pauses first). */
  step(n: number): number {
    this.pause()
    const { advanced } = this.target.advance(n, false)
    this.stopped()
    return advanced
  }

  /** Fold forward until a notable event or `untilCursor`, in slices; resolves when stopped. */
  runUntil(opts: { stopOnEvent: boolean; untilCursor?: number }): Promise<void> {
    this.pause()
    if (this.target.atEnd()) return Promise.resolve()
    return new Promise<void>((resolve) => {
      this.state = 'running'
      this.run = { ...opts, done: resolve }
      this.reschedule(0)
    })
  }

  dispose(): void {
    this.pause()
  }

  private stopped(): void {
    this.stepsSinceFlush = 0
    this.target.flush()
    this.lastFlush = this.sched.now()
    this.target.checkpoint()
  }

  private stopRun(): void {
    const r = this.run
    this.run = null
    if (r) {
      if (this.state === 'running') this.state = 'idle'
      r.done()
    }
  }

  private clearTimer(): void {
    this.cancelTimer?.()
    this.cancelTimer = null
  }

  private reschedule(ms: number): void {
    this.clearTimer()
    this.cancelTimer = this.sched.later(() => {
      this.cancelTimer = null
      try {
        this.tick()
      } catch (err) {
        // a timer callback must never take the host down: stop, and say why in the log
        console.error('[replay clock] stopped after an error:', err)
        this.clearTimer()
        this.state = 'idle'
        this.stopRun()
      }
    }, ms)
  }

  private delayForNextBar(): number {
    const r = this.rate()
    if (r * this.frameMs >= 1000) return this.frameMs
    return Math.max(this.frameMs, ((1 - this.credit) * 1000) / r)
  }

  private tick(): void {
    if (this.state === 'idle') return
    const now = this.sched.now()
    let hit = false
    if (this.state === 'running') {
      const r = this.run!
      hit = this.slice(r.stopOnEvent, r.untilCursor) !== 'none'
      const reached = r.untilCursor !== undefined && this.target.cursor() >= r.untilCursor
      if (hit || reached || this.target.atEnd()) {
        this.state = 'idle'
        this.stopped()
        this.stopRun()
        return
      }
      this.maybeFlush()
      this.reschedule(0)
      return
    }
    const rate = this.rate()
    let halted = false
    if (rate === Infinity) {
      const budget = this.maxStepsPerFrame - this.stepsSinceFlush
      if (budget > 0) halted = this.slice(false, undefined, budget) === 'halt'
    } else {
      this.credit += ((now - this.lastTick) * rate) / 1000
      this.credit = Math.min(this.credit, rate / 4 + 1)
      const n = Math.floor(this.credit)
      if (n > 0) {
        this.credit -= n
        halted = this.target.advance(n, false).halt === true
      }
    }
    this.lastTick = now
    if (halted || this.target.atEnd()) {
      this.state = 'idle'
      this.stopped()
      return
    }
    this.maybeFlush()
    if (now - this.lastCheckpoint >= this.checkpointMs) {
      this.lastCheckpoint = now
      this.target.checkpoint()
    }
    this.reschedule(rate === Infinity ? this.maxDelay() : this.delayForNextBar())
  }

  /** Work for up to sliceMs; says whether a notable event ('hit') or a hook ('halt') stopped it. */
  private slice(
    stopOnEvent: boolean,
    untilCursor?: number,
    maxBars = this.maxSliceBars,
  ): 'none' | 'hit' | 'halt' {
    const start = this.sched.now()
    let done = 0
    const chunk = stopOnEvent ? 64 : 512
    while (done < maxBars && !this.target.atEnd()) {
      const r = this.target.advance(Math.min(chunk, maxBars - done), stopOnEvent, untilCursor)
      done += r.advanced
      this.stepsSinceFlush += r.advanced
      if (r.halt) return 'halt'
      if (r.hit) return 'hit'
      if (r.advanced === 0) break
      if (untilCursor !== undefined && this.target.cursor() >= untilCursor) break
      if (this.sched.now() - start >= this.sliceMs) break
    }
    return 'none'
  }

  /** 'max' play: go on at once, or wait for the next frame once this one holds its cap. */
  private maxDelay(): number {
    if (this.stepsSinceFlush < this.maxStepsPerFrame) return 0
    return Math.max(1, this.frameMs - (this.sched.now() - this.lastFlush))
  }

  private maybeFlush(): void {
    const now = this.sched.now()
    // half a millisecond of slack: float time must never leave a frame "almost due"
    if (now - this.lastFlush >= this.frameMs - 0.5) {
      this.lastFlush = now
      this.stepsSinceFlush = 0
      this.target.flush()
    }
  }
}
