/**
 * The risk coach as the session manager's gate (session/gate.ts): guardrails vet every user
 * command before it reaches the journal, the bottom line / alerts run after every replay
 * step, and a close-all the coach orders is sent as journaled commands on the user's behalf.
 * The coach's own handlers (sizer, what-if, stress test, report…) come from handlers/coach.
 */
import type { TradeCommand } from '../../shared/trading/commands'
import type { Rejection } from '../../shared/trading/rejections'
import type { EngineEvent } from '../../shared/trading/events'
import { createCoachDeps, createSessionHooks, guardrailRejection, type SessionHooks } from './coach'
import type { CreatePractice } from './coach/practise'
import type { HostContext } from './context'
import { coachHandlers } from './handlers/coach'
import {
  checkCoachPart,
  coachPart,
  forkCoachData,
  type CoachSessionData,
} from './coach/session-data'
import type { AttachedStop, SessionGate } from './session/gate'
import type { SessionManager } from './session/manager'
import type { SessionSideData } from './session/side-data'

export function bindCoach(ctx: HostContext, manager: () => SessionManager) {
  let hooks: SessionHooks | null = null
  const deps = createCoachDeps(ctx, (id) => manager().peek(id)).then((d) => {
    hooks = createSessionHooks(d)
    return d
  })
  const ready = async () => {
    const d = await deps
    return { deps: d, hooks: hooks! }
  }

  /** Synchronous: the replay clock calls it inline after each step. */
  function afterStep(sessionId: string, events: EngineEvent[]): boolean {
    if (!hooks) return false
    const pause = hooks.afterStep(sessionId, events)
    const closeAll = hooks.pendingCloseAll(sessionId)
    if (closeAll.length) {
      // After the step returns (the clock is mid-step now): close at this bar, in order.
      setImmediate(() => {
        void (async () => {
          for (const c of closeAll) await manager().hostCommand(sessionId, c)
        })().catch((err) => console.error('[coach] close-all failed:', err))
      })
    }
    return pause
  }

  /** Guardrails: a hit refuses the command before it reaches the journal. */
  async function beforeCommand(
    sessionId: string,
    command: TradeCommand,
    attachedStop?: AttachedStop,
  ): Promise<Rejection | null> {
    const { hooks } = await ready()
    const verdict = await hooks.beforeCommand(sessionId, command, attachedStop)
    return verdict.allow ? null : guardrailRejection(verdict.hit)
  }

  const gate: SessionGate = {
    attach: async (sessionId) => (await ready()).hooks.attach(sessionId),
    beforeCommand,
    afterStep,
  }

  /** What the coach keeps for a session, read whole once every save asked for has landed. */
  async function sessionData(id: string): Promise<CoachSessionData> {
    const { deps } = await ready()
    // a session open for review folds an earlier time: its track is not the session's
    if (manager().peek(id)?.mode !== 'review') deps.runtime.persist(id)
    await deps.store.flush()
    return deps.store.loadSession(id)
  }

  /**
   * The coach's notes, tags, alerts, guardrail hits and track, and drawings travel in the
   * session's file and go with it (issue 13 item 9; coach/session-data.ts says what is checked
   * and what a fork keeps). A duplicate is the same session under another name: it gets all of it.
   */
  const sideData: SessionSideData = {
    export: async (id) => coachPart(await sessionData(id)),
    check(part, symbols) {
      const r = checkCoachPart(part, symbols)
      return r.ok ? { ok: true, value: r.data } : r
    },
    write: async (id, value) =>
      (await ready()).deps.store.saveSession(id, value as CoachSessionData),
    async copy(from, to, kind) {
      const data = await sessionData(from)
      await (await ready()).deps.store.saveSession(to, kind === 'fork' ? forkCoachData(data) : data)
    },
    async remove(id) {
      const { deps, hooks } = await ready()
      // nothing held for it may be saved again (the host's close saves attached tracks)
      hooks.forget(id)
      await deps.store.removeSession(id)
    },
    async sweep(isSession) {
      const { deps } = await ready()
      for (const id of await deps.store.sessionIds())
        if (!isSession(id)) await deps.store.removeSession(id)
    },
  }

  /**
   * The practice fork of a crash (coach:practiseCrash): a new practice session, attached to
   * the coach, with the portfolio's commands journaled as the user's own (no guardrail vets
   * them: they rebuild positions the user already holds).
   */
  const createPractice: CreatePractice = async (req) => {
    const snap = await manager().create({
      scenarioId: req.scenarioId,
      name: req.name,
      mode: 'practice',
      settings: req.settings,
      start: req.start,
    })
    const id = snap.summary.id
    if (req.commands.length === 0) return snap
    for (const cmd of req.commands) {
      const ack = await manager().command(id, cmd, { ungated: true })
      if (!ack.accepted)
        console.warn(`[coach] practice fork ${id}: ${cmd.kind} refused`, ack.rejection)
    }
    return manager().openSession(id)
  }

  return {
    /** The coach in the session flow: the manager calls it (ManagerOptions.gate). */
    gate,
    /** The coach's data of a session, carried by its file, copies and deletion (ManagerOptions.sideData). */
    sideData,
    /** The coach's contract methods; each waits for the coach's profile to load. */
    handlers: coachHandlers(
      ctx,
      deps.then((d) => ({ ...d, createPractice })),
    ).handlers,
    deps,
    /** The host is closing (after its sessions): the coach's last saves land before it returns. */
    close: async () => (await deps).runtime.close(),
  }
}
