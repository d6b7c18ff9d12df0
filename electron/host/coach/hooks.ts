/**
 * The coach in the session flow, shaped for the session manager's hooks:
 *
 *   const hooks = createSessionHooks(coach)       // coach = createCoachDeps(...)
 *   new SessionManager({ ..., afterStep: (id, events) => hooks.afterStep(id, events) })
 *   // in the command path, before journaling a user command:
 *   const verdict = await hooks.beforeCommand(id, command, attachedStop)
 *   if (!verdict.allow) → do not journal it; answer with verdict.hit (a guardrailHit)
 *   // when afterStep returned closeAll, send hooks.pendingCloseAll(id) through the normal
 *   // (journaled) command path, then the replay is paused (afterStep returned true).
 *
 * Cost: the engine's view (≈0.1–0.3 ms) is read only when it can matter: after a step with
 * events (fills, funding, liquidation…), on a new replay day, with an armed margin alert, or
 * when this bar's mark extremes could bring equity to a guardrail line. Between events the
 * positions do not change, so equity moves exactly by Σ size × (mark − mark at the last read);
 * the bar's high and low bound that move. `exact: true` reads the view after every step.
 */
import type { AttachedStop } from '../../../shared/contract/coach'
import { TIMEFRAME_MS, type Bar, type SymbolId } from '../../../shared/market'
import type { TradeCommand } from '../../../shared/trading/commands'
import type { EngineEvent } from '../../../shared/trading/events'
import type { AccountView } from '../../../shared/trading/views'
import { dayOf, equityFloor, type BeforeCommandResult } from './guardrails'
import type { CoachDeps, CoachSession } from './ports'
import type { CoachRuntime, StepOutcome } from './runtime'
import { sessionPrices } from './service'
import { closeAllCommands, hasExposure } from './engine-copy'

export interface SessionHooks {
  /** Before a user command; attaches the coach to the session on first use. */
  beforeCommand(
    sessionId: string,
    command: TradeCommand,
    attachedStop?: AttachedStop,
  ): Promise<BeforeCommandResult>
  /** After each replay step: true = pause here. Synchronous (the clock calls it inline). */
  afterStep(sessionId: string, events: readonly EngineEvent[]): boolean
  /** The last step's full outcome (hits, actions, fired alerts), for the frame or the ack. */
  lastOutcome(sessionId: string): StepOutcome | undefined
  /** Commands to close everything, when the last step asked for it (then cleared). */
  pendingCloseAll(sessionId: string): TradeCommand[]
  /** Attach explicitly (e.g. when a session opens); idempotent. */
  attach(sessionId: string): Promise<void>
  detach(sessionId: string): void
  /** The session was deleted: drop everything held for it (nothing is saved). */
  forget(sessionId: string): void
  /** How many times the engine's view was read (tests, bench). */
  reads(): number
}

/**
 * The bars of every symbol revealed by the step at replay time t: rows closing exactly when
 * that step's base bar closes (a coarser symbol has a row only at the step completing it).
 */
function barsAt(s: CoachSession, t: number): { symbol: SymbolId; last: Bar; mark: Bar }[] {
  const out: { symbol: SymbolId; last: Bar; mark: Bar }[] = []
  for (const x of s.scenario.series) {
    const open = t - TIMEFRAME_MS[x.step]
    let lo = 0
    let hi = x.time.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (x.time[mid]! < open) lo = mid + 1
      else hi = mid
    }
    if (lo >= x.time.length || x.time[lo] !== open) continue
    const at = (o: Float64Array, h: Float64Array, l: Float64Array, c: Float64Array): Bar => ({
      t: open,
      o: o[lo]!,
      h: h[lo]!,
      l: l[lo]!,
      c: c[lo]!,
      v: 0,
    })
    out.push({
      symbol: x.symbol,
      last: { ...at(x.open, x.high, x.low, x.close), v: x.volume[lo]! },
      mark: at(x.markOpen, x.markHigh, x.markLow, x.markClose),
    })
  }
  return out
}

interface Watch {
  view: AccountView
  day: number
  /** Σ |size| per symbol and the mark at the last read. */
  size: Map<SymbolId, number>
  mark: Map<SymbolId, number>
  /** Length of the session's event log at the read (a command applied elsewhere changes it). */
  events: number
  /** A position or an open order existed at the read. */
  exposed: boolean
}

export function createSessionHooks(
  coach: CoachDeps & { runtime: CoachRuntime },
  opts: { exact?: boolean } = {},
): SessionHooks {
  const runtime = coach.runtime
  const last = new Map<string, StepOutcome>()
  const closeAll = new Map<string, TradeCommand[]>()
  const watches = new Map<string, Watch>()
  /** View reads, for tests and the bench. */
  let reads = 0

  function read(s: CoachSession, t: number): Watch {
    reads++
    const view = s.view()
    const size = new Map<SymbolId, number>()
    for (const p of view.positions)
      size.set(p.symbol, (size.get(p.symbol) ?? 0) + Math.abs(Number(p.size)))
    const mark = new Map<SymbolId, number>()
    for (const [sym, m] of Object.entries(view.marks)) mark.set(sym, Number(m))
    const w: Watch = {
      view,
      day: dayOf(t),
      size,
      mark,
      events: s.events.length,
      exposed: hasExposure(view),
    }
    watches.set(s.id, w)
    return w
  }

  /** Could this step's bars have moved equity to a guardrail line since the last read? */
  function mayCross(
    id: string,
    w: Watch,
    bars: { symbol: SymbolId; mark: Bar }[],
    t: number,
  ): boolean {
    let dev = 0
    for (const b of bars) {
      const q = w.size.get(b.symbol)
      if (!q) continue
      const m0 = w.mark.get(b.symbol) ?? b.mark.o
      dev += q * Math.max(Math.abs(b.mark.h - m0), Math.abs(b.mark.l - m0))
    }
    if (dev === 0) return false
    const eq = Number(w.view.marginBalance)
    const track = runtime.peekTrack(id)
    if (!track) return true
    const profile = runtime.peekProfile()
    // a trailing bottom line must see every new peak
    const bl = profile.bottomLine
    if (profile.enabled && bl.on && bl.reference === 'peak' && track.bottomLineAt === undefined) {
      if (eq + dev * 1.01 >= Number(track.peakEquity)) return true
    }
    const floor = equityFloor(profile, track, t, eq + dev)
    // the engine's own rounding and fees are tiny next to this margin
    return floor !== null && eq - dev * 1.01 - 1e-6 <= floor
  }

  /** What this module holds for a session that is closed or gone. */
  function drop(id: string) {
    last.delete(id)
    closeAll.delete(id)
    watches.delete(id)
  }

  async function attach(id: string) {
    const s = await coach.getSession(id)
    if (!s) return
    const readOnly = s.mode === 'review'
    if (runtime.attached(id)) {
      if (runtime.readOnly(id) === readOnly) return
      // Reopened in another mode (practice ⇄ review): start again from what is saved, so a
      // review never inherits the live track and the live session never the review's.
      runtime.detach(id)
      drop(id)
    }
    const view = s.view()
    await runtime.attach(
      id,
      view,
      s.replayTime,
      s.startEquity ?? s.settings.startingBalance,
      undefined,
      { readOnly },
    )
    read(s, s.replayTime)
  }

  return {
    attach,
    detach(id) {
      runtime.detach(id)
      drop(id)
    },
    forget(id) {
      runtime.forget(id)
      drop(id)
    },
    async beforeCommand(id, command, attachedStop) {
      await attach(id)
      const s = await coach.getSession(id)
      if (!s) return { allow: true, warnings: [] }
      const view = s.view()
      watches.delete(id) // the command may change positions: read again after the next step
      return runtime.beforeCommand(
        id,
        { view, engineSnapshot: s.engineSnapshot(), prices: sessionPrices(s, view), attachedStop },
        command,
        s.replayTime,
      )
    },
    afterStep(id, events) {
      const s = coach.getSession(id)
      if (!s || s instanceof Promise || !runtime.attached(id)) return false
      const t = s.replayTime
      const bars = barsAt(s, t)
      const prev = watches.get(id)
      const stale =
        opts.exact ||
        !prev ||
        events.length > 0 ||
        prev.events !== s.events.length ||
        prev.day !== dayOf(t) ||
        runtime.watchesMargin(id) ||
        (prev.exposed && mayCross(id, prev, bars, t))
      const w = stale ? read(s, t) : prev
      const view = w.view
      const out = runtime.afterStep(id, { t, view, events, bars }, { sameView: !stale })
      last.set(id, out)
      if (out.actions.includes('closeAll')) closeAll.set(id, closeAllCommands(view))
      return out.pause
    },
    lastOutcome: (id) => last.get(id),
    reads: () => reads,
    pendingCloseAll(id) {
      const cmds = closeAll.get(id) ?? []
      closeAll.delete(id)
      return cmds
    },
  }
}
