/**
 * What the coach needs from the rest of the host, as interfaces the lead binds:
 * - `EngineFactory`: the host's one engine port (../engine-port.ts), the same the sessions
 *   use. The coach never computes a liquidation price, a margin ratio or a PnL itself; it
 *   asks an engine copy.
 * - `CoachSession`: a read-only handle on one open session (scenario, settings, the live
 *   engine's view and snapshot, its events and guardrail hits).
 * - `CoachDeps`: how handlers find sessions, crash scenarios and the coach's own storage.
 */
import type { ScenarioInfo } from '../../../shared/market'
import type { EngineEvent } from '../../../shared/trading/events'
import type { TradeCommand } from '../../../shared/trading/commands'
import type { EngineSettings } from '../../../shared/trading/settings'
import type { AccountView } from '../../../shared/trading/views'
import type {
  AlertState,
  Drawing,
  GuardrailHit,
  GuardrailProfile,
  JournalEntry,
} from '../../../shared/contract/coach'
import type { LoadedScenario } from '../data/types'
import type { GuardrailTrack } from './guardrails'
import type { CoachSessionData } from './session-data'

import type { EngineFactory } from '../engine-port'
import type { WorkRunner } from '../work/runner'

export type { EngineFactory, EngineInput, EnginePort } from '../engine-port'

/** A command the session journal holds, with the cursor it applies after. */
export interface JournalCommand {
  cursor: number
  command: TradeCommand
}

export interface CoachSession {
  id: string
  scenario: LoadedScenario | { info: ScenarioInfo; series: LoadedScenario['series'] }
  settings: EngineSettings
  /** The live engine's account view. */
  view(): AccountView
  /** A snapshot of the live engine (restorable by EngineFactory.restore). */
  engineSnapshot(): unknown
  /** Replay time of the latest revealed bar. */
  replayTime: number
  /** Every engine event so far. */
  events: readonly EngineEvent[]
  /** Guardrail hits the session recorded (else the coach's own record is used). */
  guardrailHits?: readonly GuardrailHit[]
  /** Equity the session started with (default: the settings' starting balance). */
  startEquity?: string
  /** Equity samples the session recorded while folding ([t, equity]); the coach re-folds when absent. */
  equityCurve?(): [number, string][]
  /** For the re-fold: journal commands and cursors (see electron/host/replay/timeline.ts). */
  commands?(): JournalCommand[]
  startCursor?: number
  cursor?: number
  /** Exam sessions never stress-test against their own scenario (it would show what is coming). */
  mode?: 'practice' | 'exam' | 'review'
  /** A blind exam: the report withholds the scenario id (the host masks the rest). */
  blind?: boolean
}

/** Where the coach keeps its own data (profile, journals, alerts). */
export interface CoachStore {
  loadProfile(): Promise<GuardrailProfile | null>
  saveProfile(p: GuardrailProfile): Promise<void>
  loadJournal(sessionId: string): Promise<JournalEntry[]>
  saveJournal(sessionId: string, entries: JournalEntry[]): Promise<void>
  loadAlerts(sessionId: string): Promise<AlertState[]>
  saveAlerts(sessionId: string, alerts: AlertState[]): Promise<void>
  loadHits(sessionId: string): Promise<GuardrailHit[]>
  saveHits(sessionId: string, hits: GuardrailHit[]): Promise<void>
  /** The guardrail track and the replay time it was last updated at. */
  loadTrack(sessionId: string): Promise<{ t: number; track: GuardrailTrack } | null>
  saveTrack(sessionId: string, saved: { t: number; track: GuardrailTrack }): Promise<void>
  /** The session's chart drawings (every symbol). */
  loadDrawings(sessionId: string): Promise<Drawing[]>
  /**
   * Replace one symbol's drawings, as one read-modify-write (two symbols saved at once both
   * land); resolves with the session's drawings afterwards.
   */
  replaceDrawings(sessionId: string, symbol: string, drawings: Drawing[]): Promise<Drawing[]>
  /** Everything kept for one session (its export file, a duplicate, a fork). */
  loadSession(sessionId: string): Promise<CoachSessionData>
  /** Replace everything kept for one session (an import, a duplicate, a fork), as one write. */
  saveSession(sessionId: string, data: CoachSessionData): Promise<void>
  /** The session was deleted: remove what is kept for it (after every write asked for before). */
  removeSession(sessionId: string): Promise<void>
  /** Ids of every session something is kept for. */
  sessionIds(): Promise<string[]>
  /** Resolves once every save asked for so far has landed (the host awaits it on close). */
  flush(): Promise<void>
}

export interface CoachDeps {
  getSession(id: string): CoachSession | undefined | Promise<CoachSession | undefined>
  /** Crash scenarios for the stress test: ids in library order, and a loader. */
  listCrashIds(): Promise<string[]>
  loadCrash(id: string): Promise<LoadedScenario>
  engine: EngineFactory
  store: CoachStore
  /**
   * Runs stress tests on the work thread (../work/runner.ts), loading the crashes there; a
   * newer test of the same session supersedes an unfinished one. Absent: in-thread.
   */
  stress?: WorkRunner['stress']
}
