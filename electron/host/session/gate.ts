/**
 * A session gate: what the rest of the host may put into the session flow (the risk coach
 * implements it, electron/host/coach-binding.ts). The session manager calls it; nothing else
 * splices into session handlers.
 */
import type { TradeCommand } from '../../../shared/trading/commands'
import type { EngineEvent } from '../../../shared/trading/events'
import type { Rejection } from '../../../shared/trading/rejections'

/** The stop the ticket will attach to an order (so a stop rule can see it before it exists). */
export interface AttachedStop {
  stopPrice: string
  workingType: 'MARK_PRICE' | 'CONTRACT_PRICE'
}

export interface SessionGate {
  /** A session was created or opened (the coach starts or resumes its track). */
  attach(sessionId: string): Promise<void>
  /**
   * Before a user command reaches the journal: a rejection refuses it (the ack says
   * accepted: false with that rejection; nothing is journaled or applied).
   */
  beforeCommand(
    sessionId: string,
    command: TradeCommand,
    attachedStop?: AttachedStop,
  ): Promise<Rejection | null>
  /**
   * After every step the clock takes in any open session, with that step's events (never
   * during re-folds); true pauses the replay there (alerts, the coach's bottom line).
   */
  afterStep(sessionId: string, events: EngineEvent[]): boolean
}
