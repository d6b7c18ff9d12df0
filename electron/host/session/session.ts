/**
 * One open session: the engine folded over the scenario's bars and the journal's
 * commands, up to the replay cursor. It owns the journal writer (null when read-only,
 * as in review), decides when to snapshot, and collects what changed for the next
 * pushed frame. Wall time never enters here; the clock (../replay/clock.ts) drives it.
 */
import { HostError } from '../../../shared/contract/errors'
import type {
  CandleSet,
  FundingNow,
  LiquidationCard,
  ReplayFrame,
  ReplayStatus,
  SessionMode,
} from '../../../shared/contract/session'
import type { Bar, SymbolId, Timeframe } from '../../../shared/market'
import { TIMEFRAME_MS } from '../../../shared/market'
import type { TradeCommand } from '../../../shared/trading/commands'
import type { EngineEvent } from '../../../shared/trading/events'
import type { Rejection } from '../../../shared/trading/rejections'
import type { LoadedScenario } from '../data/types'
import {
  aggregateRows,
  bucketStartRow,
  effectiveTimeframe,
  revealedCandles,
} from '../replay/candles'
import type { ClockTarget } from '../replay/clock'
import { applyDue, foldStep, foldTo, type FoldState } from '../replay/fold'
import { decisionOutcomes } from '../replay/outcomes'
import { lastBarAt, markBarAt } from '../data/aggregate'
import { commandTime, cursorTime, type Timeline } from '../replay/timeline'
import type { EngineFactory, EnginePort } from '../engine-port'
import type { JournalWriter } from './journal'
import type { NewRecord } from './records'
import {
  applyRecord,
  previewRecord,
  setAsideCount,
  type CommandEntry,
  type SessionLog,
} from './session-log'
import { chainDigest, prefixChain, type SnapshotStore } from './snapshots'
import { refoldIsLong, refoldSession } from './refold'
import { Superseded, type WorkRunner } from '../work/runner'
import { liquidationCard } from './liquidation-card'

/** Events that stop "play until the next event". */
const NOTABLE_EVENTS = new Set<EngineEvent['type']>([
  'orderTriggered',
  'orderFilled',
  'fundingSettled',
  'marginCall',
  'liquidation',
  'autoDeleveraged',
  'walletNegative',
])

function isNotable(e: EngineEvent): boolean {
  if (NOTABLE_EVENTS.has(e.type)) return true
  return e.type === 'orderCanceled' && e.reason !== 'USER' && e.reason !== 'REPLACED'
}

export interface SessionInit {
  id: string
  log: SessionLog
  scenario: LoadedScenario
  timeline: Timeline
  engines: EngineFactory
  journal: JournalWriter | null
  snapshots: SnapshotStore
  mode: SessionMode
  /** Snapshot after this many bars or commands since the last one. */
  snapshotEveryBars?: number
  snapshotEveryCommands?: number
  /**
   * The opening re-fold, already done on the work thread (../work/): its engine as a snapshot,
   * the events and the chain. Absent: the session re-folds in this thread.
   */
  folded?: FoldedSession
}

/** A re-fold done elsewhere (refold.ts on the work thread), as plain cloneable data. */
export interface FoldedSession {
  engine: unknown
  cursor: number
  applied: number
  events: EngineEvent[]
  base: { cursor: number; applied: number }
  chain: string[]
}

/** Where a session opens: review at its origin before any decision, else at its cursor. */
export function openingFold(
  log: SessionLog,
  mode: SessionMode,
  total: number,
): { target: number; maxApplied: number } {
  const review = mode === 'review'
  return {
    target: Math.min(review ? log.origin : log.cursor, total),
    maxApplied: review ? 0 : Infinity,
  }
}

export interface Watch {
  symbol: SymbolId
  timeframe: Timeframe
}

/** Max candles per symbol carried inside one frame; more and the frame says `reload`. */
const MAX_FRAME_CANDLES = 500

export class Session implements ClockTarget {
  readonly id: string
  readonly log: SessionLog
  readonly scenario: LoadedScenario
  readonly tl: Timeline
  readonly mode: SessionMode
  /** The engine, the bars folded into it (cursor) and the active commands applied. */
  private fold!: FoldState<EnginePort>
  events: EngineEvent[] = []
  private chain: string[]
  private readonly engines: EngineFactory
  private journal: JournalWriter | null
  private readonly snapshots: SnapshotStore
  private readonly snapBars: number
  private readonly snapCommands: number
  private lastSnap = { cursor: -1, applied: -1 }
  // frame accumulation
  private frameAdvanced = 0
  private frameEvents: EngineEvent[] = []
  private frameReload = false
  private watches: Watch[] = []
  private sentRows = new Map<string, number>()
  /** Called with each frame (the manager masks and pushes it). */
  onFrame: (frame: ReplayFrame) => void = () => {}
  /**
   * Runs a long re-fold after a move (rewind, restore, a review jump) on the work thread
   * (../work/), so the thread that answers keeps answering; null: every re-fold here.
   */
  refoldElsewhere: WorkRunner['refold'] | null = null
  private closed = false
  /** Called with the status after every move the clock does not report itself. */
  getSpeed: () => ReplayStatus['speed'] = () => 10
  getPlaying: () => boolean = () => false

  constructor(init: SessionInit) {
    this.id = init.id
    this.log = init.log
    this.scenario = init.scenario
    this.tl = init.timeline
    this.mode = init.mode
    this.engines = init.engines
    this.journal = init.journal
    this.snapshots = init.snapshots
    this.snapBars = init.snapshotEveryBars ?? 2000
    this.snapCommands = init.snapshotEveryCommands ?? 250
    if (this.journal) this.snapshots.cleanTemp()
    const f = init.folded
    if (f) {
      this.chain = f.chain
      this.fold = { engine: this.engines.restore(f.engine), cursor: f.cursor, applied: f.applied }
      this.events = f.events
      this.lastSnap = { ...f.base }
    } else {
      this.chain = prefixChain(this.log.commands)
      const { target, maxApplied } = openingFold(this.log, this.mode, this.tl.total)
      this.resetTo(target, maxApplied)
    }
    this.resetWatches()
  }

  get engine(): EnginePort {
    return this.fold.engine
  }

  /** Active commands folded into the engine. */
  get applied(): number {
    return this.fold.applied
  }

  private get cur(): number {
    return this.fold.cursor
  }

  get readOnly(): boolean {
    return this.journal === null
  }

  get stepMs(): number {
    return this.tl.stepMs
  }

  cursor(): number {
    return this.cur
  }

  atEnd(): boolean {
    return this.cur >= this.tl.total
  }

  get finished(): boolean {
    return this.atEnd() || this.log.finished
  }

  get time(): number {
    return cursorTime(this.tl, this.cur)
  }

  stateHash(): string {
    return this.engine.stateHash()
  }

  // ---------------------------------------------------------------- folding

  /** Re-fold from the best snapshot (or the start) to `target` bars and at most `maxApplied` commands. */
  private resetTo(target: number, maxApplied = Infinity): void {
    const r = refoldSession(
      {
        tl: this.tl,
        settings: this.log.header.settings,
        commands: this.log.commands,
        chain: this.chain,
        snapshots: this.snapshots,
        target,
        maxApplied,
      },
      this.engines,
    )
    this.fold = r.fold
    this.events = r.events
    this.lastSnap = r.base
  }

  /**
   * A move's re-fold: to `target` steps and at most `maxApplied` of `commands` (the active
   * line once the move is journaled; `chain` its prefix digests). A long one runs on the work
   * thread and is answered as plain data; null means "fold here" (short, no thread, or the
   * thread failed). The move journals its record and installs the result only after this
   * resolves, so no one ever sees a record without its state. If the session moved meanwhile
   * (only a request that was already past the manager's queue can do that), the result is
   * dropped and the caller folds here from the state as it now is.
   */
  private async farFold(
    commands: readonly CommandEntry[],
    chain: readonly string[],
    target: number,
    maxApplied: number,
  ): Promise<FoldedSession | null> {
    const far = this.refoldElsewhere
    if (!far) return null
    const from = this.snapshots.startFor(chain, commands, target, maxApplied)
    const toApply = Math.min(maxApplied, commands.length) - from.applied
    if (!refoldIsLong(toApply, target - from.cursor)) return null
    const before = this.moveStamp()
    let folded: FoldedSession
    try {
      folded = await far({
        scenario: this.scenario,
        settings: this.log.header.settings,
        commands: commands.slice(),
        snapshotDir: this.snapshots.dir,
        target,
        maxApplied,
      })
    } catch (err) {
      if (err instanceof Superseded) throw new HostError('CONFLICT', 'The app is closing')
      console.error(`[session ${this.id}] re-fold on the work thread failed, folding here:`, err)
      return null
    }
    if (this.closed) throw new HostError('CONFLICT', 'The session was closed during its re-fold')
    return this.moveStamp() === before ? folded : null
  }

  /** What a move's re-fold depends on: the journal's length and where the fold stands. */
  private moveStamp(): string {
    return `${this.journal?.seq ?? -1}|${this.log.commands.length}|${this.cur}|${this.applied}`
  }

  /** Install a re-fold done elsewhere, or re-fold here. */
  private settle(far: FoldedSession | null, target: number, maxApplied = Infinity): void {
    if (!far) return this.resetTo(target, maxApplied)
    this.fold = {
      engine: this.engines.restore(far.engine),
      cursor: far.cursor,
      applied: far.applied,
    }
    this.events = far.events
    this.lastSnap = { ...far.base }
  }

  private stepOnce(out: EngineEvent[], maxApplied = Infinity): void {
    foldStep(this.fold, this.tl, this.log.commands, out, maxApplied)
  }

  /** ClockTarget: advance up to n bars (commands recorded ahead, in review, apply on the way). */
  advance(
    n: number,
    stopOnEvent: boolean,
    untilCursor?: number,
  ): { advanced: number; hit: boolean; halt: boolean } {
    let advanced = 0
    let hit = false
    let halt = false
    const limit = untilCursor === undefined ? this.tl.total : Math.min(untilCursor, this.tl.total)
    while (advanced < n && this.cur < limit) {
      const before = this.events.length
      this.stepOnce(this.events)
      advanced++
      if (this.events.length > before) {
        for (let i = before; i < this.events.length; i++) {
          const e = this.events[i]!
          this.frameEvents.push(e)
          if (stopOnEvent && !hit && isNotable(e)) hit = true
        }
      }
      if (this.afterStep && this.afterStep(this.events.slice(before), this)) halt = true
      // the user's own liquidation stops playback at its bar, whatever the speed
      if (this.pauseOnLiquidation && this.events.length > before)
        for (let i = before; i < this.events.length; i++)
          if (this.events[i]!.type === 'liquidation') halt = true
      if (hit || halt) break
    }
    this.frameAdvanced += advanced
    if (advanced > 0) this.maybeSnapshot()
    return { advanced, hit, halt }
  }

  /**
   * Called after every step the clock takes (not during re-folds) with that step's events;
   * returning true pauses the replay there (alerts, the coach's bottom line).
   */
  afterStep: ((events: EngineEvent[], session: Session) => boolean) | null = null

  /** Stop the clock on a liquidation of the user's positions (a desk setting, default on). */
  pauseOnLiquidation = true

  /** Issue 13.3: the card of liquidation event `seq` (./liquidation-card.ts). */
  liquidationCard(seq: number): LiquidationCard {
    const decisions = this.log.commands.slice(0, this.applied)
    return liquidationCard(
      {
        sessionId: this.id,
        tl: this.tl,
        events: this.events,
        decisions,
        engines: this.engines,
        foldAt: (cursor) =>
          refoldSession(
            {
              tl: this.tl,
              settings: this.log.header.settings,
              commands: decisions,
              chain: this.chain,
              snapshots: this.snapshots,
              target: cursor,
              maxApplied: decisions.length,
            },
            this.engines,
          ).fold,
      },
      seq,
    )
  }

  // ---------------------------------------------------------------- commands

  command(command: TradeCommand): { events: EngineEvent[] } {
    if (!this.journal) throw new HostError('CONFLICT', 'This session is open for review only')
    if (this.finished) throw new HostError('CONFLICT', 'This session has ended')
    if (this.applied !== this.log.commands.length) throw new Error('session is behind its journal')
    const t = commandTime(this.tl, this.cur)
    // durable first: the journal record is fsynced before the engine even sees it
    const rec = this.append({ type: 'cmd', cursor: this.cur, t, command })
    if (rec.type !== 'cmd') throw new Error('unreachable')
    const entry = this.log.commands[this.log.commands.length - 1]!
    this.chain.push(chainDigest(this.chain[this.chain.length - 1]!, entry))
    const events: EngineEvent[] = []
    applyDue(this.fold, this.tl, this.log.commands, events)
    // the ack carries these events; frames carry the ones bars cause
    for (const e of events) this.events.push(e)
    // snapshots are taken at checkpoints (the clock stopping), never on the ack path
    return { events }
  }

  private append(rec: NewRecord) {
    const full = this.journal!.append(rec)
    const why = applyRecord(this.log, full)
    if (why) throw new Error(`journal record rejected by its own session: ${why}`)
    return full
  }

  // ---------------------------------------------------------------- moving back

  /**
   * Practice: go back to `cursor` bars; later commands are set aside (restorable). A long
   * re-fold runs on the work thread (farFold) before the rewind is journaled.
   */
  async rewind(cursor: number): Promise<void> {
    this.canRewind()
    const target = Math.max(Math.min(cursor, this.cur), Math.min(1, this.tl.total))
    this.beforeRewind()
    const rec = { type: 'rewind', cursor: target } as const
    const next = previewRecord(this.log, rec).commands
    const far = await this.farFold(next, this.chain.slice(0, next.length + 1), target, Infinity)
    if (!far) return this.rewindHere(cursor)
    this.append(rec)
    this.chain = this.chain.slice(0, this.log.commands.length + 1)
    this.settle(far, target)
    this.markReload()
  }

  private canRewind(): void {
    if (this.mode !== 'practice' || !this.journal)
      throw new HostError('CONFLICT', `Rewind is for practice sessions (this one is ${this.mode})`)
  }

  /** The position is saved (and snapshotted when far from the last one) before going back. */
  private beforeRewind(): void {
    this.checkpoint()
    if (this.cur - this.lastSnap.cursor > 200) this.trySnapshot()
  }

  private rewindHere(cursor: number): void {
    this.canRewind()
    const target = Math.max(Math.min(cursor, this.cur), Math.min(1, this.tl.total))
    this.beforeRewind()
    this.append({ type: 'rewind', cursor: target })
    this.chain = this.chain.slice(0, this.log.commands.length + 1)
    this.resetTo(target)
    this.markReload()
  }

  canRestore(): boolean {
    return this.mode === 'practice' && this.log.setAside.length > 0
  }

  /** Practice: bring back what the last rewind set aside (a long re-fold on the work thread). */
  async restore(): Promise<void> {
    this.mayRestore()
    this.checkpoint()
    const next = previewRecord(this.log, { type: 'restore' })
    const chain = prefixChain(next.commands)
    const target = Math.min(next.cursor, this.tl.total)
    const far = await this.farFold(next.commands, chain, target, Infinity)
    if (!far) return this.restoreHere()
    this.append({ type: 'restore' })
    this.chain = chain
    this.settle(far, target)
    this.markReload()
  }

  private mayRestore(): void {
    if (!this.canRestore() || !this.journal)
      throw new HostError('CONFLICT', 'Nothing was set aside by a rewind')
  }

  private restoreHere(): void {
    this.mayRestore()
    this.checkpoint()
    this.append({ type: 'restore' })
    this.chain = prefixChain(this.log.commands)
    this.resetTo(Math.min(this.log.cursor, this.tl.total))
    this.markReload()
  }

  /** Review: position the fold right after decision `index` (or before the first, -1). */
  async gotoDecision(index: number): Promise<void> {
    const cmds = this.log.commands
    if (index >= cmds.length) throw new HostError('NOT_FOUND', `No decision ${index}`)
    const targetCursor = index < 0 ? this.log.origin : cmds[index]!.cursor
    const targetApplied = index + 1
    const ahead =
      targetCursor > this.cur || (targetCursor === this.cur && targetApplied >= this.applied)
    if (ahead) foldTo(this.fold, this.tl, cmds, targetCursor, this.events, targetApplied)
    else {
      const far = await this.farFold(cmds, this.chain, targetCursor, targetApplied)
      this.settle(far, targetCursor, targetApplied)
    }
    this.markReload()
  }

  /** Review: per decision, the engine's rejection of it (null when taken), from one fresh fold. */
  decisionOutcomes(): (Rejection | null)[] {
    const engine = this.engines.create(this.tl.symbols, this.log.header.settings)
    return decisionOutcomes(engine, this.tl, this.log.commands)
  }

  /** Review / seek back: re-fold to an earlier cursor without touching the journal. */
  async refoldTo(cursor: number): Promise<void> {
    const target = Math.max(0, Math.min(cursor, this.tl.total))
    this.settle(await this.farFold(this.log.commands, this.chain, target, Infinity), target)
    this.markReload()
  }

  // ---------------------------------------------------------------- persistence

  /** Persist the cursor if it moved (journal cursor record) and snapshot when due. */
  checkpoint(): void {
    if (!this.journal) return
    try {
      if (this.cur > this.log.cursor) this.append({ type: 'cursor', cursor: this.cur })
    } catch (err) {
      // best effort: a lost cursor record only means replaying a few bars again on reopen
      console.error(`[session ${this.id}] could not save the replay position:`, err)
    }
    this.maybeSnapshot()
  }

  private maybeSnapshot(): void {
    if (!this.journal) return
    if (
      this.cur - this.lastSnap.cursor >= this.snapBars ||
      this.applied - this.lastSnap.applied >= this.snapCommands
    ) {
      this.trySnapshot()
    }
  }

  /** Snapshots only speed up resume (the journal stays the truth): a failure is logged, not thrown. */
  private trySnapshot(): void {
    try {
      this.snapshotNow()
    } catch (err) {
      console.error(`[session ${this.id}] could not write a snapshot:`, err)
      this.lastSnap = { cursor: this.cur, applied: this.applied }
    }
  }

  snapshotNow(): void {
    if (!this.journal) return
    if (this.lastSnap.cursor === this.cur && this.lastSnap.applied === this.applied) return
    this.snapshots.write({
      version: 2,
      cursor: this.cur,
      applied: this.applied,
      prefix: this.chain[this.applied]!,
      stateHash: this.engine.stateHash(),
      engine: this.engine.snapshot(),
      events: this.events,
    })
    this.lastSnap = { cursor: this.cur, applied: this.applied }
  }

  finish(): void {
    if (this.journal && !this.log.finished) {
      this.checkpoint()
      this.append({ type: 'finish' })
    }
  }

  close(): void {
    this.closed = true
    if (this.journal) {
      this.checkpoint()
      this.trySnapshot()
      this.journal.close()
      this.journal = null
    }
  }

  rename(name: string): void {
    if (this.journal) this.append({ type: 'rename', name })
    else this.log.name = name
  }

  // ---------------------------------------------------------------- views

  status(): ReplayStatus {
    return {
      sessionId: this.id,
      t: this.time,
      cursor: this.cur,
      total: this.tl.total,
      playing: this.getPlaying(),
      speed: this.getSpeed(),
      atEnd: this.atEnd(),
      setAside: setAsideCount(this.log),
      canRestore: this.canRestore(),
      mode: this.mode,
      applied: this.applied,
      ...(this.pauseOnLiquidation ? {} : { pauseOnLiquidation: false }),
    }
  }

  revealedRows(symbolIndex: number): number {
    return this.tl.revealed[symbolIndex]![this.cur]!
  }

  symbolIndex(symbol: SymbolId): number {
    const i = this.tl.symbols.indexOf(symbol)
    if (i < 0) throw new HostError('NOT_FOUND', `Symbol ${symbol} is not in this session`)
    return i
  }

  candles(symbol: SymbolId, timeframe: Timeframe): CandleSet {
    const i = this.symbolIndex(symbol)
    const s = this.tl.series[i]!
    // each symbol at its own recorded step (its true resolution), never finer
    const tf = effectiveTimeframe(timeframe, s.step)
    const { bars, mark } = revealedCandles(s, tf, this.revealedRows(i))
    this.sentRows.set(`${symbol}|${tf}`, this.revealedRows(i))
    const n = this.fundingSettledCount(i)
    return {
      symbol,
      timeframe: tf,
      bars,
      mark,
      markOrigin: s.markOrigin,
      funding: s.funding.slice(0, n),
      fundingOrigin: s.fundingOrigin,
      nextFundingTime: s.funding[n]?.t ?? null,
    }
  }

  /**
   * How many of symbol i's funding points settled at or before replay time. The data records
   * a rate only once it settled, so a later point's rate is the future: never shown.
   */
  private fundingSettledCount(i: number): number {
    const f = this.tl.series[i]!.funding
    const t = this.time
    let lo = 0
    let hi = f.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (f[mid]!.t <= t) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** Funding per symbol as known at replay time (the latest settlement, the next one's time). */
  fundingNow(): FundingNow[] {
    return this.tl.series.map((s, i) => {
      const n = this.fundingSettledCount(i)
      return {
        symbol: s.symbol,
        origin: s.fundingOrigin,
        settled: n > 0 ? s.funding[n - 1]! : null,
        nextFundingTime: s.funding[n]?.t ?? null,
      }
    })
  }

  setWatches(watches: Watch[]): void {
    this.watches = watches.map((w) => ({
      symbol: w.symbol,
      timeframe: effectiveTimeframe(w.timeframe, this.tl.series[this.symbolIndex(w.symbol)]!.step),
    }))
    for (const w of this.watches) this.symbolIndex(w.symbol)
  }

  private resetWatches(): void {
    this.watches = this.tl.series.map((s) => ({ symbol: s.symbol, timeframe: s.step }))
    this.sentRows.clear()
    for (const w of this.watches) {
      this.sentRows.set(`${w.symbol}|${w.timeframe}`, this.revealedRows(this.symbolIndex(w.symbol)))
    }
  }

  markReload(): void {
    this.frameReload = true
  }

  /** Newest revealed base bar per symbol (last and mark). */
  newestBars(): ReplayFrame['bars'] {
    const out: ReplayFrame['bars'] = []
    this.tl.series.forEach((s, i) => {
      const n = this.revealedRows(i)
      if (n > 0)
        out.push({ symbol: s.symbol, last: lastBarAt(s, n - 1), mark: markBarAt(s, n - 1) })
    })
    return out
  }

  /**
   * Events of a command the host issued on the user's behalf (the coach's bottom line
   * closing everything): no ack carries them to the desk, so they go out in a frame.
   */
  announce(events: readonly EngineEvent[]): void {
    for (const e of events) this.frameEvents.push(e)
    this.flush()
  }

  /** ClockTarget: push what changed since the last frame. */
  flush(): void {
    if (this.frameAdvanced === 0 && this.frameEvents.length === 0 && !this.frameReload) return
    this.onFrame(this.takeFrame())
  }

  takeFrame(): ReplayFrame {
    const updates: NonNullable<ReplayFrame['updates']> = []
    let reload = this.frameReload
    for (const w of this.watches) {
      const i = this.symbolIndex(w.symbol)
      const s = this.tl.series[i]!
      const key = `${w.symbol}|${w.timeframe}`
      const rev = this.revealedRows(i)
      const sent = this.sentRows.get(key) ?? 0
      this.sentRows.set(key, rev)
      if (reload || rev === sent) continue
      if (rev < sent) {
        reload = true
        continue
      }
      const tfMs = TIMEFRAME_MS[w.timeframe]
      const from = sent > 0 ? bucketStartRow(s, tfMs, sent - 1) : 0
      if ((s.time[rev - 1]! - s.time[from]!) / tfMs + 1 > MAX_FRAME_CANDLES) {
        reload = true
        continue
      }
      updates.push({
        symbol: w.symbol,
        timeframe: w.timeframe,
        bars: aggregateRows(s, tfMs, from, rev, false),
        mark: aggregateRows(s, tfMs, from, rev, true),
      })
    }
    // a jump re-folds (or skips ahead without frames): the desk replaces its event list
    const jumped = this.frameReload
    const frame: ReplayFrame = {
      status: this.status(),
      bars: this.newestBars(),
      advanced: this.frameAdvanced,
      events: jumped ? this.events.slice() : this.frameEvents,
      ...(jumped ? { allEvents: true } : {}),
      account: this.engine.view(),
      funding: this.fundingNow(),
      updates: reload ? [] : updates,
      ...(reload ? { reload: true } : {}),
    }
    this.frameAdvanced = 0
    this.frameEvents = []
    this.frameReload = false
    return frame
  }
}

export type { Bar }
