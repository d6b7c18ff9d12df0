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
 * Cost: a step with no position, no open order and no margin alert is checked without
 * reading the engine's view; otherwise one view() per step (≈0.1–0.3 ms).
 */
import type { AttachedStop } from '../../../shared/contract/coach'
import type { Bar, SymbolId } from '../../../shared/market'
import type { TradeCommand } from '../../../shared/trading/commands'
import type { EngineEvent } from '../../../shared/trading/events'
import type { AccountView } from '../../../shared/trading/views'
import type { BeforeCommandResult } from './guardrails'
import type { CoachDeps, CoachSession } from './ports'
import type { CoachRuntime, StepOutcome } from './runtime'
import { sessionPrices } from './service'
import { closeAllCommands, hasExposure } from './sim'

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
}

/** The step's bars of every symbol at replay time t (rows opening exactly at t). */
export function barsAt(s: CoachSession, t: number): { symbol: SymbolId; last: Bar; mark: Bar }[] {
  const out: { symbol: SymbolId; last: Bar; mark: Bar }[] = []
  for (const x of s.scenario.series) {
    let lo = 0
    let hi = x.time.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (x.time[mid]! < t) lo = mid + 1
      else hi = mid
    }
    if (lo >= x.time.length || x.time[lo] !== t) continue
    out.push({
      symbol: x.symbol,
      last: { t, o: x.open[lo]!, h: x.high[lo]!, l: x.low[lo]!, c: x.close[lo]!, v: x.volume[lo]! },
      mark: {
        t,
        o: x.markOpen[lo]!,
        h: x.markHigh[lo]!,
        l: x.markLow[lo]!,
        c: x.markClose[lo]!,
        v: 0,
      },
    })
  }
  return out
}

export function createSessionHooks(coach: CoachDeps & { runtime: CoachRuntime }): SessionHooks {
  const runtime = coach.runtime
  const last = new Map<string, StepOutcome>()
  const closeAll = new Map<string, TradeCommand[]>()
  /** Cached "nothing at risk" per session, refreshed whenever a step has events. */
  const idle = new Map<string, boolean>()
  const views = new Map<string, AccountView>()

  async function attach(id: string) {
    if (runtime.attached(id)) return
    const s = await coach.getSession(id)
    if (!s) return
    const view = s.view()
    await runtime.attach(id, view, s.replayTime, s.startEquity ?? s.settings.startingBalance)
    idle.set(id, !hasExposure(view))
  }

  return {
    attach,
    detach(id) {
      runtime.detach(id)
      last.delete(id)
      closeAll.delete(id)
      idle.delete(id)
      views.delete(id)
    },
    async beforeCommand(id, command, attachedStop) {
      await attach(id)
      const s = await coach.getSession(id)
      if (!s) return { allow: true, warnings: [] }
      const view = s.view()
      idle.set(id, false) // the command may open something: look again after the next step
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
      // A flat account with no order cannot change equity or margin: reuse its last view.
      let view = views.get(id)
      if (!view || events.length > 0 || !idle.get(id)) {
        view = s.view()
        views.set(id, view)
        idle.set(id, !hasExposure(view))
      }
      const out = runtime.afterStep(id, { t, view, events, bars: barsAt(s, t) })
      last.set(id, out)
      if (out.actions.includes('closeAll')) closeAll.set(id, closeAllCommands(view))
      return out.pause
    },
    lastOutcome: (id) => last.get(id),
    pendingCloseAll(id) {
      const cmds = closeAll.get(id) ?? []
      closeAll.delete(id)
      return cmds
    },
  }
}
