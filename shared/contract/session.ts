/** Practice sessions: lifecycle, commands, replay control, candles for the chart. */
import * as v from 'valibot'
import type { Bar, FundingPoint, ScenarioInfo, SeriesOrigin, SymbolId, Timeframe } from '../market'
import type { DecimalString, ReplayTime } from '../money'
import type { EngineEvent } from '../trading/events'
import type { Rejection } from '../trading/rejections'
import type { LiquidationRescue } from '../trading/preview'
import type { TradeCommand } from '../trading/commands'
import { tradeCommandSchema, symbolId, decimalString, decimalInRange } from '../trading/schemas'
import type { EngineSettings } from '../trading/settings'
import type { AccountView } from '../trading/views'
import { SCENARIO_ID_PATTERN, TIMEFRAMES } from '../market'
import { method, pushed } from './define'

export type SessionMode = 'practice' | 'exam' | 'review'

export interface SessionSummary {
  id: string
  name: string
  scenarioId: string
  scenarioTitle: string
  mode: SessionMode
  blind: boolean
  createdAt: string
  updatedAt: string
  replayTime: ReplayTime
  equity: string
  /** Equity change vs start, percent, as text. */
  result: string
  finished: boolean
  commands: number
  forkedFrom?: { sessionId: string; commandIndex: number }
  /** Set when the session's files could not be read (it still appears in the list). */
  problem?: string
}

/** Replay speed: bars per second, 'realtime' (1x wall clock), or 'max' (as fast as the desk paints). */
export type ReplaySpeed = number | 'realtime' | 'max'

export interface ReplayStatus {
  sessionId: string
  /**
   * Replay time: the close of the latest revealed step, the moment the user is looking at
   * (the stamp of that step's bar events and of a command given now; issue 13.8).
   */
  t: ReplayTime
  cursor: number
  total: number
  playing: boolean
  speed: ReplaySpeed
  atEnd: boolean
  /** Commands set aside by a rewind, restorable. */
  setAside: number
  /** A rewind can be undone with session:restore (even one that set no command aside). */
  canRestore?: boolean
  mode?: SessionMode
  /** Active commands folded so far (in review: decisions replayed so far). */
  applied?: number
  /** false when the user turned off "pause on my liquidation" (on by default). */
  pauseOnLiquidation?: boolean
}

/** One user command of a session, for review (stepping decision by decision). */
export interface Decision {
  index: number
  /** Bars revealed when it was given. */
  cursor: number
  /** Replay time at that moment (as ReplayStatus.t: the latest revealed close). */
  t: ReplayTime
  command: TradeCommand
  /** The engine refused it (code and reason): a rejected command, not a decision that acted. */
  rejection?: Rejection
}

export interface SessionSnapshot {
  summary: SessionSummary
  scenario: ScenarioInfo
  settings: EngineSettings
  status: ReplayStatus
  account: AccountView
  /** Every engine event so far (for markers, history tables). */
  events: EngineEvent[]
  /** What the host dropped when reopening a torn journal, if anything. */
  recovered?: { droppedRecords: number; message: string }
}

export interface CommandAck {
  accepted: boolean
  events: EngineEvent[]
  rejection?: Rejection
  account: AccountView
}

/** What a command would do now (`session:preview`): the ack it would get, nothing journaled. */
export interface CommandPreview extends CommandAck {
  /** adjustMargin: the position's max removable margin now, before the command (-4051 bound). */
  maxRemovable?: DecimalString | null
}

/**
 * The liquidation card (issue 13.3, `session:liquidation`): the liquidation event in the
 * trader's words, and what would have saved the position, computed by the engine on its state
 * before the liquidating bar with the worst mark revealed up to the liquidation (no look-ahead).
 */
export interface LiquidationCard {
  sessionId: string
  seq: number
  t: ReplayTime
  symbol: SymbolId
  positionSide: 'BOTH' | 'LONG' | 'SHORT'
  scope: 'ISOLATED' | 'CROSSED'
  quantity: DecimalString
  /** The mark at the liquidation point (where the margin ratio reached 100 %). */
  markPrice: DecimalString
  bankruptcyPrice: DecimalString
  /** Where the position came off. */
  fillPrice: DecimalString
  /** Loss booked by the close at fillPrice (positive = lost), before the clearance fee. */
  marginLost: DecimalString
  clearanceFee: DecimalString
  /** marginLost + clearanceFee. */
  totalLost: DecimalString
  /** Null when the state before the liquidation has no such position (e.g. tiered steps). */
  rescue: LiquidationRescue | null
}

export interface CandleSet {
  symbol: SymbolId
  timeframe: Timeframe
  bars: Bar[]
  mark: Bar[]
  markOrigin: SeriesOrigin
  /**
   * Funding settlements at or before replay time, oldest first (never a later one: the data
   * records a rate only once it settled). Absent from hosts that predate it.
   */
  funding?: FundingPoint[]
  /** 'default' when the scenario has no recorded funding (the documented 0.01% per 8 h). */
  fundingOrigin?: SeriesOrigin
  /** When the next settlement is due (schedule times are known ahead; their rates are not). */
  nextFundingTime?: ReplayTime | null
}

/** Funding as known at replay time, per symbol (carried by every frame). */
export interface FundingNow {
  symbol: SymbolId
  origin: SeriesOrigin
  /** The latest settlement at or before replay time; null before the first. */
  settled: FundingPoint | null
  nextFundingTime: ReplayTime | null
}

/** One batched push per animation frame while playing. */
export interface ReplayFrame {
  status: ReplayStatus
  /** Newest revealed base bar per symbol (last and mark), for chart `update`. */
  bars: { symbol: SymbolId; last: Bar; mark: Bar }[]
  /** How many base bars this frame advanced. */
  advanced: number
  /** New events since the last frame; with `allEvents`, every event so far. */
  events: EngineEvent[]
  /**
   * The view jumped (seek, rewind, restore, review jump, the end of a blind exam): `events`
   * holds every event so far. Replace the desk's list with it; do not append.
   */
  allEvents?: boolean
  account: AccountView
  /** Funding per symbol as known at the frame's replay time. */
  funding?: FundingNow[]
  /**
   * Candles of the watched timeframes (session:watch; default: every symbol at the base
   * timeframe) that changed in this frame, oldest first: the forming one last. Feed them
   * to the chart's `update`. Absent or empty together with `reload`.
   */
  updates?: { symbol: SymbolId; timeframe: Timeframe; bars: Bar[]; mark: Bar[] }[]
  /** The view jumped (seek back, rewind, restore, review jump, or too many bars for one frame): refetch session:candles. */
  reload?: boolean
}

const sessionId = v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,64}$/, 'must be a session id'))
/** Ranges a session's settings must keep (issue 11 item 10); messages go straight to the user. */
export const SETTINGS_LIMITS = {
  startingBalance: { min: 1, max: 100_000_000 },
  insuranceFund: { min: 0, max: 1_000_000_000_000 },
  marginCallRatio: { min: 0, max: 100 },
} as const
const L = SETTINGS_LIMITS
export const settingsSchema = v.partial(
  v.strictObject({
    startingBalance: decimalInRange(
      L.startingBalance.min,
      L.startingBalance.max,
      'Starting balance must be between 1 and 100,000,000 USDT',
    ),
    hedgeMode: v.boolean(),
    negativeBalanceProtection: v.boolean(),
    insuranceFund: decimalInRange(
      L.insuranceFund.min,
      L.insuranceFund.max,
      'Insurance fund must be between 0 and 1,000,000,000,000 USDT',
    ),
    tieredLiquidation: v.boolean(),
    marginCallRatios: v.pipe(
      v.array(
        decimalInRange(
          L.marginCallRatio.min,
          L.marginCallRatio.max,
          'Margin-call alerts are margin ratios in percent: above 0 and at most 100',
          true,
        ),
      ),
      v.maxLength(5, 'At most 5 margin-call alerts'),
    ),
    slippage: v.boolean(),
  }),
)
const speedSchema = v.union([
  v.pipe(v.number(), v.minValue(0.1), v.maxValue(10_000)),
  v.picklist(['realtime', 'max']),
])

export const sessionMethods = {
  'session:list': method<SessionSummary[]>()(v.null()),
  'session:create': method<SessionSnapshot>()(
    v.strictObject({
      scenarioId: v.pipe(v.string(), v.regex(SCENARIO_ID_PATTERN, 'not a scenario id')),
      name: v.optional(v.pipe(v.string(), v.maxLength(120))),
      mode: v.optional(v.picklist(['practice', 'exam'])),
      blind: v.optional(v.boolean()),
      settings: v.optional(settingsSchema),
      /** Replay time to start at: bars before it are revealed as history. Default: a short lead-in. */
      start: v.optional(v.pipe(v.number(), v.integer())),
    }),
  ),
  'session:open': method<SessionSnapshot>()(
    v.strictObject({ sessionId, mode: v.optional(v.picklist(['practice', 'exam', 'review'])) }),
  ),
  'session:rename': method<SessionSummary>()(
    v.strictObject({ sessionId, name: v.pipe(v.string(), v.minLength(1), v.maxLength(120)) }),
  ),
  'session:duplicate': method<SessionSummary>()(v.strictObject({ sessionId })),
  'session:delete': method<null>()(v.strictObject({ sessionId })),
  'session:export': method<{ fileName: string; content: string }>()(v.strictObject({ sessionId })),
  'session:import': method<SessionSummary>()(
    v.strictObject({ content: v.pipe(v.string(), v.maxLength(50_000_000)) }),
  ),
  'session:command': method<CommandAck>()(
    v.strictObject({
      sessionId,
      command: tradeCommandSchema,
      /** The stop the ticket will attach to this order, so the coach's stop rule can see it. */
      attachedStop: v.optional(
        v.strictObject({
          stopPrice: decimalString,
          workingType: v.picklist(['MARK_PRICE', 'CONTRACT_PRICE']),
        }),
      ),
    }),
  ),
  /** What a command would do now (engine copy; nothing journaled): the dialogs' previews. */
  'session:preview': method<CommandPreview>()(
    v.strictObject({ sessionId, command: tradeCommandSchema }),
  ),
  'session:candles': method<CandleSet>()(
    v.strictObject({ sessionId, symbol: symbolId, timeframe: v.picklist(TIMEFRAMES) }),
  ),
  'replay:control': method<ReplayStatus>()(
    v.strictObject({
      sessionId,
      action: v.variant('type', [
        v.strictObject({ type: v.literal('play') }),
        v.strictObject({ type: v.literal('pause') }),
        v.strictObject({ type: v.literal('speed'), speed: speedSchema }),
        v.strictObject({
          type: v.literal('step'),
          bars: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000)),
        }),
        v.strictObject({ type: v.literal('nextEvent') }),
        v.strictObject({ type: v.literal('seek'), t: v.pipe(v.number(), v.integer()) }),
        /** Pause playback on the user's own liquidation, at any speed (default on). */
        v.strictObject({ type: v.literal('pauseOnLiquidation'), on: v.boolean() }),
        /** Review: position right after decision `index` (-1 = before the first). */
        v.strictObject({
          type: v.literal('decision'),
          index: v.pipe(v.number(), v.integer(), v.minValue(-1)),
        }),
      ]),
    }),
  ),
  /** Practice only: re-fold up to time t; later commands are set aside, not lost. */
  'session:rewind': method<SessionSnapshot>()(
    v.strictObject({ sessionId, t: v.pipe(v.number(), v.integer()) }),
  ),
  'session:restore': method<SessionSnapshot>()(v.strictObject({ sessionId })),
  /** The card of one liquidation event of this session (issue 13.3). */
  'session:liquidation': method<LiquidationCard>()(
    v.strictObject({ sessionId, seq: v.pipe(v.number(), v.integer(), v.minValue(1)) }),
  ),
  /** Review: the session's decisions (active commands) in order. */
  'session:decisions': method<Decision[]>()(v.strictObject({ sessionId })),
  /** Which candles frames carry (per symbol and timeframe); replaces the previous list. */
  'session:watch': method<null>()(
    v.strictObject({
      sessionId,
      watch: v.pipe(
        v.array(v.strictObject({ symbol: symbolId, timeframe: v.picklist(TIMEFRAMES) })),
        v.maxLength(8),
      ),
    }),
  ),
  /** End the session now (an exam's blind mask is lifted); later commands are refused. */
  'session:finish': method<SessionSnapshot>()(v.strictObject({ sessionId })),
  /** Pause, persist and unload an open session (it stays in the list). */
  'session:close': method<null>()(v.strictObject({ sessionId })),
  /** What-if: a new practice session sharing every command before `commandIndex`. */
  'session:fork': method<SessionSnapshot>()(
    v.strictObject({ sessionId, commandIndex: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  ),
}

export const sessionPushes = {
  'replay:frame': pushed<ReplayFrame>(),
}
