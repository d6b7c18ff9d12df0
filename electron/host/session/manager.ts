/**
 * The session manager: open sessions, their clocks, and every session method of the
 * contract. Handlers (../handlers/session.ts) are thin calls into this class.
 */
import * as fs from 'node:fs'
import { HostError } from '../../../shared/contract/errors'
import type {
  CommandAck,
  CommandPreview,
  CandleSet,
  Decision,
  LiquidationCard,
  ReplayFrame,
  ReplaySpeed,
  ReplayStatus,
  SessionMode,
  SessionSnapshot,
  SessionSummary,
} from '../../../shared/contract/session'
import type { SymbolId, Timeframe } from '../../../shared/market'
import type { TradeCommand } from '../../../shared/trading/commands'
import type { EngineEvent } from '../../../shared/trading/events'
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../../../shared/trading/settings'
import type { LoadedScenario } from '../data/types'
import { ReplayClock, type ClockOptions } from '../replay/clock'
import {
  buildTimeline,
  commandTime,
  cursorAt,
  cursorForTime,
  cursorTime,
  type Timeline,
} from '../replay/timeline'
import { createBlindMask, type BlindMask } from './blind'
import {
  appendClosed,
  duplicateFiles,
  exportFile,
  forkFiles,
  importFile,
  readLogFromDisk,
  readSessionFile,
  sidePartDamaged,
} from './files'
import { liveSummary, maskClosedSummary, summaryFromJournal } from './summary'
import type { EngineFactory } from '../engine-port'
import { JournalWriter, type JournalRead } from './journal'
import { JOURNAL_FORMAT, JOURNAL_VERSION, type NewRecord } from './records'
import { foldRecords, type SessionLog } from './session-log'
import { openingFold, Session, type FoldedSession, type Watch } from './session'
import { refoldIsLong } from './refold'
import { Superseded, type WorkRunner } from '../work/runner'
import { SnapshotStore } from './snapshots'
import { SessionStore, sessionFileError } from './store'
import type { AttachedStop, SessionGate } from './gate'
import type { SessionSideData } from './side-data'

export interface ManagerOptions {
  dataDir: string
  loadScenario(id: string): Promise<LoadedScenario>
  engines: EngineFactory
  /** Receives every frame, real (the host's blind boundary masks a running blind exam). */
  push(frame: ReplayFrame): void
  clock?: ClockOptions
  snapshotEveryBars?: number
  snapshotEveryCommands?: number
  /** The coach, or any other gate on the session flow (./gate.ts). */
  gate?: SessionGate
  /**
   * What the host keeps per session beside the journal (the coach's notes, tags, alerts,
   * guardrail record, drawings): exported and imported with it, copied, deleted (./side-data.ts).
   */
  sideData?: SessionSideData
  /**
   * Runs a session's opening re-fold elsewhere (the work thread, ../work/runner.ts), so a
   * journal of thousands of commands never blocks the thread that answers. Absent: in-thread.
   */
  refold?: WorkRunner['refold']
}

export type ControlAction =
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'speed'; speed: ReplaySpeed }
  | { type: 'step'; bars: number }
  | { type: 'nextEvent' }
  | { type: 'seek'; t: number }
  | { type: 'pauseOnLiquidation'; on: boolean }
  | { type: 'decision'; index: number }

interface Open {
  session: Session
  clock: ReplayClock
  mask: BlindMask | null
  recovered?: SessionSnapshot['recovered']
  /** A move re-folding (maybe on the work thread): the session's other requests wait for it. */
  moving: Promise<void> | null
}

export class SessionManager {
  readonly store: SessionStore
  private readonly open = new Map<string, Open>()
  private readonly scenarios = new Map<
    string,
    Promise<{ scenario: LoadedScenario; tl: Timeline }>
  >()

  constructor(private readonly opts: ManagerOptions) {
    this.store = new SessionStore(opts.dataDir)
    this.store.sweepOrphans()
    opts.sideData
      ?.sweep((id) => this.store.exists(id))
      .catch((err) => console.error('[sessions] sweeping side data failed:', err))
  }

  // ------------------------------------------------------------------ scenarios

  private scenario(id: string): Promise<{ scenario: LoadedScenario; tl: Timeline }> {
    let p = this.scenarios.get(id)
    if (!p) {
      p = this.opts.loadScenario(id).then((scenario) => ({ scenario, tl: buildTimeline(scenario) }))
      p.catch(() => this.scenarios.delete(id))
      this.scenarios.set(id, p)
    }
    return p
  }

  // ------------------------------------------------------------------ lifecycle

  async create(req: {
    scenarioId: string
    name?: string
    mode?: 'practice' | 'exam'
    blind?: boolean
    settings?: Partial<EngineSettings>
    start?: number
  }): Promise<SessionSnapshot> {
    const { scenario, tl } = await this.scenario(req.scenarioId)
    if (tl.total === 0) throw new HostError('NOT_FOUND', `Scenario ${req.scenarioId} has no bars`)
    const mode = req.mode ?? 'practice'
    // Without a start, the replay begins where the scenario file says (its first day is
    // history on the chart); at least one bar is revealed and one is left to play.
    const from = req.start ?? scenario.info.replayFrom
    const startCursor = Math.max(1, Math.min(tl.total - 1, cursorAt(tl, from)))
    const header: NewRecord = {
      type: 'header',
      format: JOURNAL_FORMAT,
      version: JOURNAL_VERSION,
      scenarioId: req.scenarioId,
      mode,
      blind: mode === 'exam' && req.blind === true,
      settings: { ...DEFAULT_ENGINE_SETTINGS, ...(req.settings ?? {}) },
      createdAt: new Date().toISOString(),
      name:
        req.name?.trim() ||
        (mode === 'exam' && req.blind
          ? `Blind exam ${new Date().toISOString().slice(0, 10)}`
          : `${scenario.info.title} — ${mode}`),
      startCursor,
    }
    const id = this.store.newId()
    this.store.createJournal(id, [header])
    return this.openSession(id)
  }

  /** Opens in flight, so two calls for one session never build two sessions (two writers). */
  private readonly opening = new Map<string, Promise<SessionSnapshot>>()

  /** Open (or reopen in another mode) and attach the gate; `gate: false` only reads it. */
  async openSession(
    id: string,
    mode?: SessionMode,
    opts: { gate?: boolean } = {},
  ): Promise<SessionSnapshot> {
    for (let p = this.opening.get(id); p; p = this.opening.get(id)) await p.catch(() => null)
    const p = this.doOpen(id, mode)
    this.opening.set(id, p)
    let snap: SessionSnapshot
    try {
      snap = await p
    } finally {
      if (this.opening.get(id) === p) this.opening.delete(id)
    }
    if (opts.gate !== false) await this.opts.gate?.attach(id)
    return snap
  }

  /** The journal opened for appending after its `used` good records (a clear error if it cannot be). */
  private appendTo(id: string, used: number, read: JournalRead): JournalWriter {
    const file = this.store.journalPath(id)
    try {
      return new JournalWriter(
        file,
        used,
        used < read.records.length ? read.ends[used - 1]! : read.goodBytes,
      )
    } catch (err) {
      throw sessionFileError(err, file, 'write to')
    }
  }

  private async doOpen(id: string, mode?: SessionMode): Promise<SessionSnapshot> {
    const existing = this.open.get(id)
    if (existing && (mode === undefined || mode === existing.session.mode)) return this.snapshot(id)
    if (existing) this.closeSession(id)
    if (!this.store.exists(id)) throw new HostError('NOT_FOUND', `No session ${id}`)
    const read = this.store.read(id)
    const folded = foldRecords(read.records)
    if (!folded)
      throw new HostError('CORRUPT_FILE', `Session ${id} cannot be read`, [
        read.problem ?? 'the journal has no header',
      ])
    let recovered: SessionSnapshot['recovered']
    const dropped = read.droppedRecords + (read.records.length - folded.used)
    const problem = read.problem ?? folded.problem
    if (dropped > 0 || problem) {
      const cut = folded.used < read.records.length ? read.ends[folded.used - 1]! : read.goodBytes
      let copy = ''
      if (mode !== 'review') copy = this.store.quarantineTail(id, cut)
      recovered = {
        droppedRecords: dropped,
        message:
          `Opened up to the last good record; ${dropped} record(s) after it were dropped (${problem}).` +
          (copy ? ` The original file is kept as ${copy}.` : ''),
      }
    }
    const log = folded.log
    const { scenario, tl } = await this.scenario(log.header.scenarioId)
    const header = log.header
    const finished = log.finished || log.cursor >= tl.total
    const effective: SessionMode = mode === 'review' ? 'review' : header.mode
    if (effective === 'review' && header.blind && !finished)
      throw new HostError('CONFLICT', 'Finish this blind exam before reviewing it')
    log.cursor = Math.min(log.cursor, tl.total)
    const snapshots = new SnapshotStore(this.store.snapshotDir(id))
    let refolded: FoldedSession | undefined
    const { target, maxApplied } = openingFold(log, effective, tl.total)
    if (this.opts.refold && refoldIsLong(log.commands.length, target)) {
      try {
        refolded = await this.opts.refold({
          scenario,
          settings: header.settings,
          commands: log.commands,
          snapshotDir: snapshots.dir,
          target,
          maxApplied,
        })
      } catch (err) {
        if (err instanceof Superseded) throw new HostError('CONFLICT', 'The app is closing')
        // the work thread failed: the session still opens, re-folded in this thread
        console.error(`[session ${id}] re-fold on the work thread failed, folding here:`, err)
      }
    }
    const writer = effective === 'review' ? null : this.appendTo(id, folded.used, read)
    const session = new Session({
      id,
      log,
      scenario,
      timeline: tl,
      engines: this.opts.engines,
      journal: writer,
      snapshots,
      mode: effective,
      snapshotEveryBars: this.opts.snapshotEveryBars,
      snapshotEveryCommands: this.opts.snapshotEveryCommands,
      ...(refolded ? { folded: refolded } : {}),
    })
    const gate = this.opts.gate
    if (gate) session.afterStep = (events) => gate.afterStep(id, events)
    const clock = new ReplayClock(session, this.opts.clock)
    if (this.opts.refold) session.refoldElsewhere = this.opts.refold
    const entry: Open = { session, clock, mask: null, recovered, moving: null }
    this.updateMask(entry)
    session.getSpeed = () => clock.speed
    session.getPlaying = () => clock.playing || clock.busy
    session.onFrame = (frame) => {
      const wasMasked = entry.mask !== null
      this.updateMask(entry)
      // a blind exam just ended: names and dates change under the client's feet
      const out =
        wasMasked && !entry.mask
          ? {
              ...frame,
              updates: [],
              reload: true,
              events: session.events.slice(),
              allEvents: true,
            }
          : frame
      this.opts.push(out)
    }
    this.open.set(id, entry)
    this.writeMeta(entry)
    return this.snapshot(id)
  }

  private updateMask(o: Open): void {
    const h = o.session.log.header
    const blind = h.blind && h.mode === 'exam' && !o.session.finished
    if (!blind) o.mask = null
    else o.mask ??= blindMaskFor(o.session, this.opts.engines)
  }

  /**
   * The mask of a running blind exam (null otherwise, and once it has ended): the host's
   * one blind boundary applies it to what enters and leaves; nothing in here masks.
   */
  maskOf(id: string): BlindMask | null {
    const o = this.open.get(id)
    if (!o) return null
    this.updateMask(o)
    return o.mask
  }

  private get(id: string): Open {
    const o = this.open.get(id)
    if (!o) throw new HostError('NOT_FOUND', `Session ${id} is not open (call session:open first)`)
    return o
  }

  /** The open session, opening it first when needed, once no move of it is under way. */
  private async ensure(id: string): Promise<Open> {
    for (;;) {
      if (!this.open.has(id)) await this.openSession(id)
      const o = this.get(id)
      if (!o.moving) return o
      await o.moving.catch(() => undefined)
    }
  }

  /**
   * A move back (rewind, restore, a review jump): its re-fold may run on the work thread, and
   * until it is installed the session's other requests wait (ensure), in the order they came.
   */
  private async move(o: Open, run: () => Promise<void>): Promise<void> {
    const p = run()
    o.moving = p
    try {
      await p
    } finally {
      if (o.moving === p) o.moving = null
    }
  }

  closeSession(id: string): void {
    const o = this.open.get(id)
    if (!o) return
    o.clock.dispose()
    this.writeMeta(o)
    o.session.close()
    this.open.delete(id)
  }

  async closeAll(): Promise<void> {
    for (const id of [...this.open.keys()]) this.closeSession(id)
  }

  // ------------------------------------------------------------------ views

  summary(o: Open): SessionSummary {
    return liveSummary(o.session)
  }

  private writeMeta(o: Open): void {
    if (o.session.mode === 'review') return
    const sum = this.summary(o)
    // the cache holds the unmasked truth only once the exam is over (the list shows closed
    // sessions from it, past the boundary)
    this.store.writeMeta(o.mask ? o.mask.out(sum) : sum)
  }

  snapshot(id: string): SessionSnapshot {
    const o = this.get(id)
    this.updateMask(o)
    const s = o.session
    const snap: SessionSnapshot = {
      summary: this.summary(o),
      scenario: s.scenario.info,
      settings: s.log.header.settings,
      status: s.status(),
      account: s.engine.view(),
      // events are never mutated once emitted; a fresh array is enough (no deep clone)
      events: s.events.slice(),
      ...(o.recovered ? { recovered: o.recovered } : {}),
    }
    return snap
  }

  list(): SessionSummary[] {
    const out: SessionSummary[] = []
    for (const id of this.store.ids()) {
      const o = this.open.get(id)
      if (o) {
        out.push(this.summary(o))
        continue
      }
      const meta = this.store.checkMeta(id)
      if (meta.ok) {
        out.push(
          meta.summary.blind && !meta.summary.finished
            ? maskClosedSummary(meta.summary)
            : meta.summary,
        )
        continue
      }
      const fromJournal = summaryFromJournal(this.store, id)
      out.push(
        meta.problem && !fromJournal.problem
          ? { ...fromJournal, problem: meta.problem }
          : fromJournal,
      )
    }
    return out.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))
  }

  // ------------------------------------------------------------------ trading

  /**
   * A user command: the gate (the coach's guardrails) vets it first, unless `ungated` (the
   * coach's own rebuild of a portfolio in a practice fork).
   */
  async command(
    id: string,
    command: TradeCommand,
    opts: { attachedStop?: AttachedStop; ungated?: boolean } = {},
  ): Promise<CommandAck> {
    const o = await this.ensure(id)
    const cmd = command
    if (o.session.readOnly) throw new HostError('CONFLICT', 'This session is open for review only')
    const gate = opts.ungated ? undefined : this.opts.gate
    const veto = (await gate?.beforeCommand(id, cmd, opts.attachedStop)) ?? null
    if (veto) {
      // refused before the journal: not a decision of the session, nothing to replay
      const ack: CommandAck = {
        accepted: false,
        events: [],
        rejection: veto,
        account: o.session.engine.view(),
      }
      return ack
    }
    const { events } = o.session.command(cmd)
    const rejected = events.find((e) => e.type === 'commandRejected')
    const ack: CommandAck = {
      accepted: !rejected,
      events,
      ...(rejected && rejected.type === 'commandRejected' ? { rejection: rejected.rejection } : {}),
      account: o.session.engine.view(),
    }
    return ack
  }

  /**
   * What `command` would do now, asked of a copy of the session's engine (the dialogs'
   * figures before Confirm: new liquidation price, margin ratio, or the exchange's refusal).
   * Nothing is journaled and the session does not change; the coach is not asked.
   */
  async previewCommand(id: string, command: TradeCommand): Promise<CommandPreview> {
    const o = await this.ensure(id)
    const cmd = command
    const copy = this.opts.engines.restore(o.session.engine.snapshot())
    const maxRemovable =
      cmd.kind === 'adjustMargin'
        ? copy.maxRemovableMargin(cmd.symbol, cmd.positionSide)
        : undefined
    const t = commandTime(o.session.tl, o.session.cursor())
    const events = copy.apply({ kind: 'command', t, command: cmd })
    const rejected = events.find((e) => e.type === 'commandRejected')
    const ack: CommandPreview = {
      accepted: !rejected,
      events: [...events],
      ...(rejected && rejected.type === 'commandRejected' ? { rejection: rejected.rejection } : {}),
      account: copy.view(),
      ...(maxRemovable !== undefined ? { maxRemovable } : {}),
    }
    return ack
  }

  /**
   * A command the host sends on the user's behalf (guardrail close-all): journaled like any
   * other decision, and its events pushed in a frame since there is no caller to ack.
   */
  async hostCommand(id: string, command: TradeCommand): Promise<void> {
    const o = await this.ensure(id)
    if (o.session.readOnly || o.session.finished) return
    const { events } = o.session.command(command)
    o.session.announce(events)
  }

  async candles(id: string, symbol: SymbolId, timeframe: Timeframe): Promise<CandleSet> {
    const o = await this.ensure(id)
    return o.session.candles(symbol, timeframe)
  }

  async watch(id: string, watch: Watch[]): Promise<null> {
    const o = await this.ensure(id)
    o.session.setWatches(watch)
    return null
  }

  async control(id: string, action: ControlAction): Promise<ReplayStatus> {
    const o = await this.ensure(id)
    const { session, clock } = o
    switch (action.type) {
      case 'play':
        if (session.finished && session.mode !== 'review') break
        clock.play()
        break
      case 'pause':
        clock.pause()
        break
      case 'speed':
        clock.setSpeed(action.speed)
        break
      case 'pauseOnLiquidation':
        session.pauseOnLiquidation = action.on
        break
      case 'step':
        if (action.bars > 2000)
          await clock.runUntil({ stopOnEvent: false, untilCursor: session.cursor() + action.bars })
        else clock.step(action.bars)
        break
      case 'nextEvent':
        await clock.runUntil({ stopOnEvent: true })
        break
      case 'seek': {
        // the replay time t is a close (cursorTime): reveal every bar closed by then
        const target = cursorForTime(session.tl, action.t)
        if (target > session.cursor())
          await clock.runUntil({ stopOnEvent: false, untilCursor: target })
        else if (target < session.cursor()) {
          clock.pause()
          if (session.mode === 'exam') throw new HostError('CONFLICT', 'An exam only moves forward')
          await this.move(o, () =>
            session.mode === 'practice' ? session.rewind(target) : session.refoldTo(target),
          )
          session.flush()
        }
        break
      }
      case 'decision':
        if (session.mode !== 'review')
          throw new HostError('CONFLICT', 'Stepping decision by decision is for review')
        clock.pause()
        await this.move(o, () => session.gotoDecision(action.index))
        session.flush()
        break
    }
    this.afterMove(o)
    return this.status(o)
  }

  private afterMove(o: Open): void {
    const wasMasked = o.mask !== null
    this.updateMask(o)
    if (wasMasked && !o.mask) o.session.markReload()
    if (!o.clock.playing && !o.clock.busy) this.writeMeta(o)
  }

  private status(o: Open): ReplayStatus {
    return o.session.status()
  }

  async rewind(id: string, t: number): Promise<SessionSnapshot> {
    const o = await this.ensure(id)
    o.clock.pause()
    await this.move(o, () => o.session.rewind(cursorForTime(o.session.tl, t)))
    o.session.flush()
    this.writeMeta(o)
    return this.snapshot(id)
  }

  async restore(id: string): Promise<SessionSnapshot> {
    const o = await this.ensure(id)
    o.clock.pause()
    await this.move(o, () => o.session.restore())
    o.session.flush()
    this.writeMeta(o)
    return this.snapshot(id)
  }

  async finish(id: string): Promise<SessionSnapshot> {
    const o = await this.ensure(id)
    o.clock.pause()
    o.session.finish()
    this.afterMove(o)
    o.session.flush()
    return this.snapshot(id)
  }

  async liquidationCard(id: string, seq: number): Promise<LiquidationCard> {
    const o = await this.ensure(id)
    return o.session.liquidationCard(seq)
  }

  async decisions(id: string): Promise<Decision[]> {
    const o = await this.ensure(id)
    if (o.mask) throw new HostError('CONFLICT', 'Decisions are shown once the exam has ended')
    const tl = o.session.tl
    const outcomes = o.session.decisionOutcomes()
    return o.session.log.commands.map((c, index) => {
      const rejection = outcomes[index]
      return {
        index,
        cursor: c.cursor,
        t: cursorTime(tl, c.cursor),
        command: structuredClone(c.command),
        ...(rejection ? { rejection } : {}),
      }
    })
  }

  // ------------------------------------------------------------------ files

  async rename(id: string, name: string): Promise<SessionSummary> {
    const o = this.open.get(id)
    if (o && o.session.mode !== 'review') {
      o.session.rename(name)
      this.writeMeta(o)
      return this.summary(o)
    }
    if (o) this.closeSession(id)
    appendClosed(this.store, id, { type: 'rename', name })
    const meta = this.store.readMeta(id)
    if (meta) this.store.writeMeta({ ...meta, name, updatedAt: new Date().toISOString() })
    return this.list().find((s) => s.id === id)!
  }

  async duplicate(id: string): Promise<SessionSummary> {
    const copy = duplicateFiles(this.store, id, this.readLog(id))
    await this.copySide(id, copy, 'duplicate')
    return this.summaryAfterWrite(copy)
  }

  /** A new session made from `from` gets its side data, or is removed again (never half made). */
  private async copySide(from: string, to: string, kind: 'duplicate' | 'fork'): Promise<void> {
    try {
      await this.opts.sideData?.copy(from, to, kind)
    } catch (err) {
      this.store.remove(to)
      throw err
    }
  }

  async fork(id: string, commandIndex: number): Promise<SessionSnapshot> {
    const log = this.readLog(id)
    const open = this.open.get(id)?.session
    if (log.header.blind && !log.finished && !open?.finished)
      throw new HostError('CONFLICT', 'Finish this blind exam before forking it')
    const fid = forkFiles(this.store, id, log, commandIndex, open?.cursor() ?? log.cursor)
    // before it opens: the coach reads the fork's alerts when it attaches
    await this.copySide(id, fid, 'fork')
    return this.openSession(fid)
  }

  async exportSession(id: string): Promise<{ fileName: string; content: string }> {
    const o = this.open.get(id)
    if (o && o.session.mode !== 'review') o.session.checkpoint()
    const log = this.readLog(id)
    if (log.header.blind && !log.finished && !o?.session.finished)
      throw new HostError('CONFLICT', 'Finish this blind exam before exporting it')
    const side = this.opts.sideData ? await this.opts.sideData.export(id) : undefined
    return exportFile(this.store, id, log, side)
  }

  /**
   * Import a session file: its journal and its side part are both checked before anything is
   * written, and a side part that cannot be written takes the new journal with it, so a file
   * imports whole or not at all. A file from before side parts imports its journal alone.
   */
  async importSession(content: string): Promise<SessionSummary> {
    const file = readSessionFile(content)
    const side = this.opts.sideData
    let value: unknown
    if (file.side !== undefined && side) {
      const checked = side.check(file.side, await this.symbolsOf(file.header.scenarioId))
      if (!checked.ok) throw sidePartDamaged(checked.problem)
      value = checked.value
    }
    const id = importFile(this.store, file)
    if (value !== undefined) {
      try {
        await side!.write(id, value)
      } catch (err) {
        this.store.remove(id)
        const code = (err as NodeJS.ErrnoException | undefined)?.code ?? String(err)
        throw new HostError(
          'IMPORT_FAILED',
          "The session's coach part could not be written; nothing was imported",
          [code],
        )
      }
    }
    return this.summaryAfterWrite(id)
  }

  /** The symbols of a scenario in the library, or null when it is not there (yet). */
  private async symbolsOf(scenarioId: string): Promise<string[] | null> {
    try {
      return (await this.scenario(scenarioId)).scenario.info.symbols.map((s) => s.symbol)
    } catch {
      return null
    }
  }

  private readLog(id: string): SessionLog {
    const o = this.open.get(id)
    return o ? o.session.log : readLogFromDisk(this.store, id)
  }

  async remove(id: string): Promise<null> {
    this.closeSession(id)
    if (!fs.existsSync(this.store.dir(id))) throw new HostError('NOT_FOUND', `No session ${id}`)
    this.store.remove(id)
    await this.opts.sideData?.remove(id)
    return null
  }

  private async summaryAfterWrite(id: string): Promise<SessionSummary> {
    try {
      await this.openSession(id, undefined, { gate: false })
      const s = this.summary(this.get(id))
      this.closeSession(id)
      return s
    } catch {
      return summaryFromJournal(this.store, id)
    }
  }

  /**
   * A read-only handle on an open session for other host parts (the coach binds its
   * CoachSession to this shape). Undefined when the session is not open.
   */
  peek(id: string) {
    const o = this.open.get(id)
    if (!o) return undefined
    const s = o.session
    return {
      id,
      scenario: s.scenario,
      settings: s.log.header.settings,
      view: () => s.engine.view(),
      engineSnapshot: () => s.engine.snapshot(),
      replayTime: s.time,
      events: s.events as readonly EngineEvent[],
      startEquity: s.log.header.settings.startingBalance,
      commands: () =>
        s.log.commands.slice(0, s.applied).map((c) => ({ cursor: c.cursor, command: c.command })),
      startCursor: s.log.origin,
      cursor: s.cursor(),
      mode: s.mode,
      blind: o.mask !== null,
    }
  }

  /** For tests and the bench. */
  sessionOf(id: string): Session {
    return this.get(id).session
  }

  clockOf(id: string): ReplayClock {
    return this.get(id).clock
  }
}

/**
 * A running blind exam's mask: aliases and the date shift from the session, price and lot
 * grids from the engine's resolved instrument spec (so prices typed back land on the real
 * tick), and each symbol's recorded price range (to rescale prices quoted inside texts).
 */
function blindMaskFor(s: Session, engines: EngineFactory): BlindMask {
  const settings = s.log.header.settings
  const ranges: Record<SymbolId, { lo: number; hi: number }> = {}
  for (const ser of s.tl.series) {
    let lo = Infinity
    let hi = -Infinity
    for (const arr of [ser.low, ser.markLow]) for (const x of arr) if (x > 0 && x < lo) lo = x
    for (const arr of [ser.high, ser.markHigh]) for (const x of arr) if (x > hi) hi = x
    if (hi > 0) ranges[ser.symbol] = { lo, hi }
  }
  return createBlindMask(
    s.id,
    s.tl.symbols,
    s.scenario.info.start,
    (symbol) => engines.instrument(symbol, { ...DEFAULT_ENGINE_SETTINGS, ...settings }),
    ranges,
  )
}

export type { EngineEvent }
