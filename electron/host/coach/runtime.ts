/**
 * The coach inside a running host: one guardrail profile, and per open session its
 * guardrail track, alerts and recorded hits. The session manager calls
 *   await coach.attach(sessionId, view, t, startEquity)      when a session opens
 *   coach.beforeCommand(sessionId, state, command, t)         before each user command
 *   coach.afterStep(sessionId, { t, view, events, bars })     after each replay step / frame
 * and carries out the returned actions ('closeAll' → closeAllCommands(view), 'pause').
 * Hits and fired alerts are recorded here (and in the coach's store) and pushed to the desk
 * through `notify`; the session may also record them in its own journal.
 */
import type {
  AlertFired,
  AlertSpec,
  AlertState,
  GuardrailHit,
  GuardrailProfile,
} from '../../../shared/contract/coach'
import type { Bar, SymbolId } from '../../../shared/market'
import type { EngineEvent } from '../../../shared/trading/events'
import type { TradeCommand } from '../../../shared/trading/commands'
import type { AccountView } from '../../../shared/trading/views'
import { evaluateAlerts, upsertAlert } from './alerts'
import {
  createGuardrails,
  initialTrack,
  type BeforeCommandResult,
  type GuardrailAction,
  type GuardrailState,
  type GuardrailTrack,
  type Guardrails,
} from './guardrails'
import type { EngineFactory, CoachStore } from './ports'
import { normalizeProfile } from './profile'

export interface CoachNotify {
  hit(sessionId: string, hit: GuardrailHit): void
  alert(sessionId: string, alert: AlertFired): void
}

interface PerSession {
  track: GuardrailTrack
  alerts: AlertState[]
  hits: GuardrailHit[]
  /** Replay time of the last step seen. */
  t: number
  startEquity: string
  /**
   * Open for review: the guardrails and alerts still run (their toasts replay the session),
   * but nothing is written or kept. A review folds from the start, so its track, hits and
   * fired alerts are the past played again, never the session's own.
   */
  readOnly: boolean
}

export interface StepInfo {
  t: number
  view: AccountView
  events: readonly EngineEvent[]
  bars: readonly { symbol: SymbolId; last: Bar; mark: Bar }[]
}

export interface StepOutcome {
  hits: GuardrailHit[]
  actions: GuardrailAction[]
  alerts: AlertFired[]
  /** True when a hit or an alert asks for the replay to pause. */
  pause: boolean
}

export interface CoachRuntime {
  profile(): GuardrailProfile
  setProfile(p: GuardrailProfile): Promise<GuardrailProfile>
  attach(
    sessionId: string,
    view: AccountView,
    t: number,
    startEquity?: string,
    track?: GuardrailTrack,
    opts?: { readOnly?: boolean },
  ): Promise<void>
  /** Attached read-only (a review): see `attach`'s `readOnly`. */
  readOnly(sessionId: string): boolean
  detach(sessionId: string): void
  /** The session was deleted: drop what is held for it without saving anything. */
  forget(sessionId: string): void
  /** Save an attached session's track now (before its data is read for an export or a copy). */
  persist(sessionId: string): void
  /** The host is closing: save every attached session's track, then wait for the store. */
  close(): Promise<void>
  attached(sessionId: string): boolean
  track(sessionId: string): GuardrailTrack | undefined
  beforeCommand(
    sessionId: string,
    state: Omit<GuardrailState, 'track'>,
    command: TradeCommand,
    t: number,
  ): BeforeCommandResult
  /** Same verdict as beforeCommand, without recording anything (the ticket's live check). */
  check(
    sessionId: string,
    state: Omit<GuardrailState, 'track'>,
    command: TradeCommand,
    t: number,
  ): BeforeCommandResult
  /**
   * After a replay step. `sameView: true` says the view is the one of the previous call (no
   * events, same day): the guardrails already judged that equity, only price alerts run.
   */
  afterStep(sessionId: string, step: StepInfo, opts?: { sameView?: boolean }): StepOutcome
  /** The profile and a session's track without copies (hot path; do not mutate). */
  peekProfile(): Readonly<GuardrailProfile>
  peekTrack(sessionId: string): Readonly<GuardrailTrack> | undefined
  /** An armed margin-ratio alert needs the engine's view every step. */
  watchesMargin(sessionId: string): boolean
  hits(sessionId: string): Promise<GuardrailHit[]>
  alerts(sessionId: string): Promise<AlertState[]>
  setAlert(sessionId: string, spec: AlertSpec): Promise<AlertState[]>
  removeAlert(sessionId: string, alertId: string): Promise<AlertState[]>
}

export async function createCoachRuntime(deps: {
  engine: EngineFactory
  store: CoachStore
  notify?: CoachNotify
}): Promise<CoachRuntime> {
  let profile = normalizeProfile(await deps.store.loadProfile())
  let rails: Guardrails = createGuardrails(profile, deps.engine)
  const sessions = new Map<string, PerSession>()
  const persistHits = (id: string, s: PerSession) => {
    if (!s.readOnly) void deps.store.saveHits(id, s.hits).catch(() => {})
  }
  const persistAlerts = (id: string, s: PerSession) => {
    if (!s.readOnly) void deps.store.saveAlerts(id, s.alerts).catch(() => {})
  }
  /** Time went back (a practice rewind): the track's peaks and locks belong to a future that is gone. */
  const rewound = (s: PerSession, view: AccountView, t: number) => {
    if (t >= s.t) return
    s.track = initialTrack(view, t, s.startEquity)
    s.t = t
  }
  const saveTrack = (id: string, s: PerSession) => {
    if (!s.readOnly) void deps.store.saveTrack(id, { t: s.t, track: s.track }).catch(() => {})
  }

  function record(id: string, s: PerSession, hs: GuardrailHit[]) {
    if (!hs.length) return
    if (!s.readOnly) s.hits.push(...hs)
    persistHits(id, s)
    for (const h of hs) deps.notify?.hit(id, h)
  }

  return {
    profile: () => structuredClone(profile),
    async setProfile(p) {
      profile = normalizeProfile(p)
      rails = createGuardrails(profile, deps.engine)
      await deps.store.saveProfile(profile)
      return structuredClone(profile)
    },
    async attach(id, view, t, startEquity, track, opts) {
      const [alerts, hits, saved] = await Promise.all([
        deps.store.loadAlerts(id),
        deps.store.loadHits(id),
        deps.store.loadTrack(id),
      ])
      // A saved track from later than now (a practice rewind) is history that did not happen.
      const resumed = saved && saved.t <= t ? saved.track : undefined
      const start = startEquity ?? view.marginBalance
      sessions.set(id, {
        track: track ?? resumed ?? initialTrack(view, t, start),
        alerts,
        hits,
        t,
        startEquity: start,
        readOnly: opts?.readOnly ?? false,
      })
    },
    readOnly: (id) => sessions.get(id)?.readOnly ?? false,
    detach(id) {
      const s = sessions.get(id)
      if (s) saveTrack(id, s)
      sessions.delete(id)
    },
    forget(id) {
      sessions.delete(id)
    },
    persist(id) {
      const s = sessions.get(id)
      if (s) saveTrack(id, s)
    },
    async close() {
      for (const [id, s] of sessions) saveTrack(id, s)
      sessions.clear()
      await deps.store.flush()
    },
    attached: (id) => sessions.has(id),
    track: (id) => (sessions.get(id) ? { ...sessions.get(id)!.track } : undefined),
    beforeCommand(id, state, command, t) {
      const s = sessions.get(id)
      if (!s) return { allow: true, warnings: [] }
      rewound(s, state.view, t)
      const res = rails.beforeCommand({ ...state, track: s.track }, command, t)
      record(id, s, res.allow ? res.warnings : [res.hit, ...res.warnings])
      return res
    },
    check(id, state, command, t) {
      const s = sessions.get(id)
      const track = s?.track ?? initialTrack(state.view, t)
      return rails.beforeCommand({ ...state, track }, command, t)
    },
    peekProfile: () => profile,
    peekTrack: (id) => sessions.get(id)?.track,
    afterStep(id, step, opts) {
      const s = sessions.get(id)
      if (!s) return { hits: [], actions: [], alerts: [], pause: false }
      if (opts?.sameView && step.t >= s.t && step.events.length === 0) {
        s.t = step.t
        if (!s.alerts.length) return { hits: [], actions: [], alerts: [], pause: false }
        const al = evaluateAlerts(s.alerts, step)
        if (al.fired.length) {
          s.alerts = al.alerts
          persistAlerts(id, s)
          for (const a of al.fired) deps.notify?.alert(id, a)
        }
        return { hits: [], actions: [], alerts: al.fired, pause: al.fired.some((a) => a.pause) }
      }
      rewound(s, step.view, step.t)
      const res = rails.afterStep({ view: step.view, track: s.track }, step.events, step.t)
      // Persist when a lock or the day changes (peaks are saved with them and on detach).
      const a = s.track
      const b = res.track
      const locks =
        a.bottomLineAt !== b.bottomLineAt ||
        a.coolDownUntil !== b.coolDownUntil ||
        a.dayLockedUntil !== b.dayLockedUntil ||
        a.day !== b.day
      s.track = b
      s.t = step.t
      if (locks) saveTrack(id, s)
      record(id, s, res.hits)
      const al = evaluateAlerts(s.alerts, step)
      if (al.fired.length) {
        s.alerts = al.alerts
        persistAlerts(id, s)
        for (const a of al.fired) deps.notify?.alert(id, a)
      }
      return {
        hits: res.hits,
        actions: res.actions,
        alerts: al.fired,
        pause: res.actions.includes('pause') || al.fired.some((a) => a.pause),
      }
    },
    watchesMargin(id) {
      const s = sessions.get(id)
      return !!s && s.alerts.some((a) => a.armed && a.spec.kind === 'marginRatio')
    },
    async hits(id) {
      const s = sessions.get(id)
      return s ? s.hits.slice() : deps.store.loadHits(id)
    },
    async alerts(id) {
      const s = sessions.get(id)
      return s ? s.alerts.slice() : deps.store.loadAlerts(id)
    },
    async setAlert(id, spec) {
      const s = sessions.get(id)
      const next = upsertAlert(s ? s.alerts : await deps.store.loadAlerts(id), spec)
      if (s) s.alerts = next
      await deps.store.saveAlerts(id, next)
      return next.slice()
    },
    async removeAlert(id, alertId) {
      const s = sessions.get(id)
      const next = (s ? s.alerts : await deps.store.loadAlerts(id)).filter(
        (a) => a.spec.id !== alertId,
      )
      if (s) s.alerts = next
      await deps.store.saveAlerts(id, next)
      return next.slice()
    },
  }
}
