/**
 * The risk coach: position sizer, what-if table, guardrails, alerts, crash stress tests and
 * the session report with its journal. Every number a trader acts on (liquidation prices,
 * margin ratios, PnL) is computed by the engine on a copy of the session's state; these
 * DTOs carry the results as DecimalStrings.
 */
import * as v from 'valibot'
import type { SymbolId } from '../market'
import type { DecimalString, ReplayTime } from '../money'
import type {
  PlaceOrderCommand,
  PositionSide,
  Side,
  TradeCommand,
  WorkingType,
} from '../trading/commands'
import type { Rejection } from '../trading/rejections'
import { decimalString, symbolId, tradeCommandSchema } from '../trading/schemas'
import { method, pushed } from './define'
import type { SessionSnapshot } from './session'

// ---------------------------------------------------------------- guardrails

/** One switchable rule of a guardrail profile. */
export type GuardrailRule =
  'stopRequired' | 'maxLeverage' | 'bottomLine' | 'dailyLoss' | 'coolDown' | 'averagingDown'

/** Each rule's name as the desk, the report and its exports show it (never the id). */
export const GUARDRAIL_RULE_TITLES: Readonly<Record<GuardrailRule, string>> = {
  stopRequired: 'Stop required',
  maxLeverage: 'Leverage cap',
  bottomLine: 'Bottom line',
  dailyLoss: 'Daily loss lock',
  coolDown: 'Cool-down',
  averagingDown: 'Averaging down',
}

export interface GuardrailProfile {
  /** 'Coach' (the default) or a user name. */
  name: string
  /** Master switch: false turns every rule off without losing the settings. */
  enabled: boolean
  /** New exposure above this effective leverage (position notional / equity) needs a stop inside the liquidation price. */
  stopRequired: { on: boolean; aboveLeverage: number }
  /** Cap on the leverage setting and on the effective leverage after an order. */
  maxLeverage: { on: boolean; cap: number }
  /** Equity `percent` % below the session start (or its peak): close everything and pause. */
  bottomLine: { on: boolean; percent: number; reference: 'start' | 'peak' }
  /** Equity `percent` % below the replay day's opening equity: no new exposure until the next replay day (UTC). */
  dailyLoss: { on: boolean; percent: number; pause: boolean }
  /** After a liquidation: no new exposure for `hours` replay hours. */
  coolDown: { on: boolean; hours: number }
  /** Adding to a losing position: warn with the liquidation price before/after (or block). */
  averagingDown: { on: boolean; block: boolean }
}

export interface GuardrailHit {
  type: 'guardrailHit'
  rule: GuardrailRule
  /** block: the command was refused; warn: allowed with a warning; action: the coach acted (close all, pause, lock). */
  severity: 'block' | 'warn' | 'action'
  message: string
  t: ReplayTime
  symbol?: SymbolId
  command?: TradeCommand
  /** Figures behind the message (leverage, liquidation price, equity, floor…), as text. */
  details?: Record<string, string>
  /** Replay time until which new exposure stays locked. */
  until?: ReplayTime
}

/** A stop the order ticket sends with an opening order (the session sets it as the position SL after the fill). */
export interface AttachedStop {
  stopPrice: DecimalString
  workingType: WorkingType
}

/** The guardrails' verdict on a command, asked before sending it (the ticket shows it live). */
export interface CoachCheckResult {
  allow: boolean
  hit?: GuardrailHit
  warnings: GuardrailHit[]
}

// ---------------------------------------------------------------- sizer

export interface SizerRequest {
  sessionId: string
  symbol: SymbolId
  side: Side
  /** Percent of equity risked if the stop fills, default "1". */
  riskPercent?: DecimalString
  /** Stop price, or a stop distance in percent of the entry price. */
  stopPrice?: DecimalString
  stopPercent?: DecimalString
  /** Entry price; default the latest last price (a market order). */
  entryPrice?: DecimalString
  /** Leverage setting to size with; default the symbol's current setting. */
  leverage?: number
  positionSide?: PositionSide
}

export interface SizerResult {
  symbol: SymbolId
  side: Side
  entryPrice: DecimalString
  stopPrice: DecimalString
  stopDistance: DecimalString
  stopDistancePercent: DecimalString
  equity: DecimalString
  riskPercent: DecimalString
  riskAmount: DecimalString
  /** Rounded down to the lot size. */
  quantity: DecimalString
  notional: DecimalString
  leverage: number
  /** Account notional after the order / equity. */
  effectiveLeverage: DecimalString
  initialMargin: DecimalString
  /** Entry fee plus the fee of the stop fill (taker). */
  fees: DecimalString
  /** Loss if the stop fills at its price, fees included. */
  lossAtStop: DecimalString
  /** The engine's liquidation price of the resulting position ('' when none). */
  liquidationPrice: DecimalString
  liquidationDistancePercent: DecimalString
  /** The stop triggers before the liquidation price is reached. */
  stopBeforeLiquidation: boolean
  /** The command the desk can send as is (market, or limit at entryPrice). */
  command: PlaceOrderCommand | null
  warnings: string[]
  rejection?: Rejection
}

// ---------------------------------------------------------------- what-if

export interface WhatIfRow {
  /** Price move in percent ("-10"), applied to mark and last together. */
  move: DecimalString
  price: DecimalString
  /** Equity change the move causes (fees of anything it closes included). */
  pnl: DecimalString
  /** Unrealized PnL left on the moved symbols afterwards. */
  unrealizedPnl: DecimalString
  /** Equity (margin balance) at that price. */
  equity: DecimalString
  /** Maintenance margin / margin balance, percent (position's for isolated, account's for cross). */
  marginRatio: DecimalString
  liquidated: boolean
  /** Stops or take-profits that the move fills (when open orders are kept). */
  ordersFilled: number
}

export interface WhatIfTable {
  /** A symbol's position (`symbol:positionSide`) or 'account' (every symbol moved together). */
  scope: string
  symbol?: SymbolId
  positionSide?: PositionSide
  markPrice?: DecimalString
  liquidationPrice?: DecimalString
  rows: WhatIfRow[]
}

export interface WhatIfResult {
  t: ReplayTime
  keptOrders: boolean
  tables: WhatIfTable[]
}

// ---------------------------------------------------------------- stress test

export interface StressPositionFailure {
  symbol: SymbolId
  positionSide: PositionSide
  t: ReplayTime
  /** Minutes after the crash path started. */
  afterMinutes: number
}

export interface StressResult {
  scenarioId: string
  title: string
  /** How the portfolio's symbols were mapped onto the crash's symbols. */
  mapping: Record<SymbolId, SymbolId>
  liquidated: boolean
  /** First liquidation, replay time on the session's clock (now + offset). */
  liquidatedAt?: ReplayTime
  liquidatedAfterMinutes?: number
  /** Where in the crash's own history that happened. */
  crashTime?: ReplayTime
  firstFailure?: StressPositionFailure
  worstMarginRatio: DecimalString
  startEquity: DecimalString
  finalEquity: DecimalString
  minEquity: DecimalString
  /** Stops / take-profits that filled along the path. */
  ordersFilled: number
  fundingPaid: DecimalString
  steps: number
  /** Downsampled equity for a sparkline: [minutes after start, equity as a plain number]. */
  equity: [number, number][]
}

export interface StressReport {
  t: ReplayTime
  startEquity: DecimalString
  positions: number
  results: StressResult[]
  elapsedMs: number
}

// ---------------------------------------------------------------- alerts

export type AlertSpec =
  | {
      id: string
      kind: 'price'
      symbol: SymbolId
      price: DecimalString
      /** Fires when the price reaches the level from below (above) or from above (below). */
      direction: 'above' | 'below'
      source: 'last' | 'mark'
      pause: boolean
      note?: string
    }
  | {
      id: string
      kind: 'marginRatio'
      /** Percent, e.g. "50" or "80". */
      threshold: DecimalString
      /** The account's cross ratio, or the highest ratio of any position. */
      scope: 'account' | 'anyPosition'
      pause: boolean
      note?: string
    }

export interface AlertState {
  spec: AlertSpec
  /** Ready to fire (margin alerts re-arm once the ratio falls back below the threshold). */
  armed: boolean
  lastFiredAt?: ReplayTime
}

export interface AlertFired {
  type: 'alertFired'
  alertId: string
  kind: AlertSpec['kind']
  message: string
  t: ReplayTime
  value: DecimalString
  pause: boolean
}

// ---------------------------------------------------------------- report and journal

export const JOURNAL_TAGS = [
  'FOMO',
  'no stop',
  'over-leverage',
  'revenge trade',
  'averaging down',
  'plan followed',
] as const
export type JournalTag = (typeof JOURNAL_TAGS)[number]

export interface JournalEntry {
  tradeId: string
  note: string
  tags: JournalTag[]
  updatedAt: string
}

export interface TradeRow {
  /** `symbol:positionSide:openSeq` — stable across re-folds of the same journal. */
  id: string
  symbol: SymbolId
  direction: 'LONG' | 'SHORT'
  openedAt: ReplayTime
  closedAt?: ReplayTime
  open: boolean
  maxQuantity: DecimalString
  entryPrice: DecimalString
  exitPrice: DecimalString
  realizedPnl: DecimalString
  fees: DecimalString
  funding: DecimalString
  /**
   * What negative-balance protection credited back for this trade's loss past bankruptcy
   * (insurance fund + socialized + the trader's own ADL'd leg); absent when nothing.
   */
  covered?: DecimalString
  /** realized − fees + funding + covered. */
  netPnl: DecimalString
  /** Stop known at entry (first stop set before the position was reduced). */
  stopAtEntry?: DecimalString
  /** Net PnL / risk at the entry stop; absent without a stop. */
  rMultiple?: DecimalString
  liquidated: boolean
  maxLeverage?: number
  journal?: JournalEntry
}

export interface TagSummary {
  tag: JournalTag
  trades: number
  netPnl: DecimalString
  winRate: DecimalString
}

export interface SessionReport {
  sessionId: string
  scenarioId: string
  generatedAt: ReplayTime
  startEquity: DecimalString
  finalEquity: DecimalString
  returnPercent: DecimalString
  /** [time, equity] and [time, drawdown % from peak (≤ 0)]. */
  equity: [ReplayTime, DecimalString][]
  drawdown: [ReplayTime, DecimalString][]
  maxDrawdownPercent: DecimalString
  trades: TradeRow[]
  wins: number
  losses: number
  winRate: DecimalString
  /** Gross wins / gross losses; '' when there is no loss. */
  profitFactor: DecimalString
  averageR: DecimalString
  fees: DecimalString
  fundingPaid: DecimalString
  fundingReceived: DecimalString
  liquidations: number
  guardrailHits: GuardrailHit[]
  largestLoss?: { tradeId: string; netPnl: DecimalString }
  /** What closing everything at the bottom line would have kept vs the actual end. */
  bottomLine: {
    percent: number
    reference: 'start' | 'peak'
    /** When equity first crossed the line (absent: never). */
    crossedAt?: ReplayTime
    equityAtLine?: DecimalString
    /** equityAtLine − finalEquity when positive, else "0". */
    wouldHaveSaved: DecimalString
    /** The guardrail was on and acted. */
    acted: boolean
    /** When it acted: the close-all as the engine filled it (absent: nothing was closed). */
    close?: BottomLineClose
  }
  tags: TagSummary[]
}

/**
 * The bottom line's close-all (issue 13.8). The line is judged on equity at mark prices; the
 * close is a market order per position, filled off the last price with slippage and a taker
 * fee, so the margin balance after it differs from the equity at the line:
 * balanceAfter = equityAtLine − slippage − fees + lastVsMark, to the cent.
 */
export interface BottomLineClose {
  /** Margin balance once the close-all's fills were booked (nothing open: the wallet). */
  balanceAfter: DecimalString
  /** balanceAfter − equityAtLine. */
  change: DecimalString
  /** Σ quantity × each fill's slippage from the last price: a cost (≥ 0), the engine's. */
  slippage: DecimalString
  /** Σ the fills' trading fees, the engine's. */
  fees: DecimalString
  /**
   * Derived, the rest of the change: the fills' reference (last) price against the mark the
   * line was judged on, Σ ±quantity × (last − mark), plus the equity's rounding to the cent.
   */
  lastVsMark: DecimalString
  /** The close-all's fills, as the engine booked them. */
  fills: { symbol: SymbolId; side: Side; quantity: DecimalString; price: DecimalString }[]
}

export interface CoachExport {
  fileName: string
  mime: 'text/csv' | 'application/json' | 'text/html' | 'application/pdf'
  content: string
  /** PDF bytes travel as base64 text; everything else is plain text. */
  encoding?: 'base64'
}

// ---------------------------------------------------------------- chart drawings

/**
 * A trader's drawing on a symbol's chart, kept per session and symbol with the session's coach
 * data. Points are (replay time, price): time is the open time of the bar the point sits on
 * (or past the last bar, extrapolated by the chart), so a drawing stays put across timeframes.
 * - hline: one point (its price); trend: a segment; ray: from the first point through the
 *   second, extended to the right edge; rect: two corners; measure: two corners, labelled
 *   with Δ price, Δ % and the bars between them.
 */
export const DRAWING_KINDS = ['hline', 'trend', 'ray', 'rect', 'measure'] as const
export type DrawingKind = (typeof DRAWING_KINDS)[number]

export interface DrawingPoint {
  t: ReplayTime
  price: DecimalString
}

export interface Drawing {
  id: string
  kind: DrawingKind
  symbol: SymbolId
  points: DrawingPoint[]
}

/** Most drawings kept per symbol of a session. */
export const MAX_DRAWINGS = 100

// ---------------------------------------------------------------- schemas

const sessionId = v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,64}$/, 'must be a session id'))

/**
 * The guardrail figures' ranges and steps: the settings form checks what is typed against
 * these (renderer/src/format/field-check.ts) and the host's schema below refuses anything else,
 * so the two agree. A step is the most decimals a figure may have ('1': whole numbers).
 */
export const GUARDRAIL_LIMITS = {
  /** Effective leverage (notional / equity) above which a stop is required. */
  aboveLeverage: { min: 1, max: 200, step: '0.1' },
  /** Cap on the leverage setting and the effective leverage after an order. */
  cap: { min: 1, max: 200, step: '1' },
  /** Bottom line and daily loss, % below the reference equity. */
  percent: { min: 0.1, max: 100, step: '0.1' },
  /** Cool-down after a liquidation, replay hours (up to 30 days). */
  hours: { min: 0, max: 24 * 30, step: '0.1' },
} as const
type Limit = (typeof GUARDRAIL_LIMITS)[keyof typeof GUARDRAIL_LIMITS]
/** A number within a limit, with no more decimals than its step has. */
const figure = (l: Limit) =>
  v.pipe(
    v.number(),
    v.minValue(l.min),
    v.maxValue(l.max),
    v.check((x) => {
      const scaled = x * 10 ** (l.step.split('.')[1]?.length ?? 0)
      return Math.abs(scaled - Math.round(scaled)) < 1e-6
    }, `must go in steps of ${l.step}`),
  )
const percent = figure(GUARDRAIL_LIMITS.percent)
const leverage = figure(GUARDRAIL_LIMITS.cap)
const tag = v.picklist(JOURNAL_TAGS)
const alertId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,40}$/))
const note = v.optional(v.pipe(v.string(), v.maxLength(200)))

export const guardrailProfileSchema = v.strictObject({
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(40)),
  enabled: v.boolean(),
  stopRequired: v.strictObject({
    on: v.boolean(),
    aboveLeverage: figure(GUARDRAIL_LIMITS.aboveLeverage),
  }),
  maxLeverage: v.strictObject({ on: v.boolean(), cap: leverage }),
  bottomLine: v.strictObject({
    on: v.boolean(),
    percent,
    reference: v.picklist(['start', 'peak']),
  }),
  dailyLoss: v.strictObject({ on: v.boolean(), percent, pause: v.boolean() }),
  coolDown: v.strictObject({
    on: v.boolean(),
    hours: figure(GUARDRAIL_LIMITS.hours),
  }),
  averagingDown: v.strictObject({ on: v.boolean(), block: v.boolean() }),
})

export const alertSpecSchema = v.variant('kind', [
  v.strictObject({
    id: alertId,
    kind: v.literal('price'),
    symbol: symbolId,
    price: decimalString,
    direction: v.picklist(['above', 'below']),
    source: v.picklist(['last', 'mark']),
    pause: v.boolean(),
    note,
  }),
  v.strictObject({
    id: alertId,
    kind: v.literal('marginRatio'),
    threshold: decimalString,
    scope: v.picklist(['account', 'anyPosition']),
    pause: v.boolean(),
    note,
  }),
])

const workingTypeSchema = v.picklist(['MARK_PRICE', 'CONTRACT_PRICE'])

const drawingPoint = v.strictObject({
  t: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8.64e15)),
  price: decimalString,
})
export const drawingSchema = v.pipe(
  v.strictObject({
    id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,40}$/)),
    kind: v.picklist(DRAWING_KINDS),
    symbol: symbolId,
    points: v.pipe(v.array(drawingPoint), v.minLength(1), v.maxLength(2)),
  }),
  v.check(
    (d) => d.points.length === (d.kind === 'hline' ? 1 : 2),
    'a horizontal line has one point, every other drawing two',
  ),
  v.check((d) => d.points.every((p) => Number(p.price) > 0), 'prices must be above zero'),
)

export const coachMethods = {
  'coach:sizer': method<SizerResult>()(
    v.strictObject({
      sessionId,
      symbol: symbolId,
      side: v.picklist(['BUY', 'SELL']),
      riskPercent: v.optional(decimalString),
      stopPrice: v.optional(decimalString),
      stopPercent: v.optional(decimalString),
      entryPrice: v.optional(decimalString),
      leverage: v.optional(leverage),
      positionSide: v.optional(v.picklist(['BOTH', 'LONG', 'SHORT'])),
    }),
  ),
  'coach:whatIf': method<WhatIfResult>()(
    v.strictObject({
      sessionId,
      /** Extra custom moves in percent, e.g. ["-42"]. */
      moves: v.optional(v.pipe(v.array(decimalString), v.maxLength(4))),
      keepOrders: v.optional(v.boolean()),
    }),
  ),
  'coach:stressTest': method<StressReport>()(
    v.strictObject({
      sessionId,
      /** Crash scenario ids; default every bundled scenario. */
      scenarioIds: v.optional(
        v.pipe(v.array(v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,64}$/))), v.maxLength(50)),
      ),
    }),
  ),
  /**
   * Open a bundled crash as a practice fork of the current portfolio: the crash's last and
   * mark path rescaled to the session's current prices (a derived user scenario), a new
   * practice session with the same balance, settings and positions re-opened at its start.
   */
  'coach:practiseCrash': method<SessionSnapshot>()(
    v.strictObject({ sessionId, scenarioId: v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,64}$/)) }),
  ),
  'coach:check': method<CoachCheckResult>()(
    v.strictObject({
      sessionId,
      command: tradeCommandSchema,
      attachedStop: v.optional(
        v.strictObject({ stopPrice: decimalString, workingType: workingTypeSchema }),
      ),
    }),
  ),
  'coach:report': method<SessionReport>()(v.strictObject({ sessionId })),
  'coach:export': method<CoachExport>()(
    v.strictObject({ sessionId, format: v.picklist(['tradesCsv', 'json', 'html', 'pdf']) }),
  ),
  'coach:settings': method<GuardrailProfile>()(
    v.strictObject({ profile: v.optional(guardrailProfileSchema) }),
  ),
  'coach:hits': method<GuardrailHit[]>()(v.strictObject({ sessionId })),
  'coach:journal': method<JournalEntry>()(
    v.strictObject({
      sessionId,
      tradeId: v.pipe(v.string(), v.maxLength(120)),
      note: v.pipe(v.string(), v.maxLength(4000)),
      tags: v.pipe(v.array(tag), v.maxLength(JOURNAL_TAGS.length)),
    }),
  ),
  'alerts:list': method<AlertState[]>()(v.strictObject({ sessionId })),
  'alerts:set': method<AlertState[]>()(v.strictObject({ sessionId, alert: alertSpecSchema })),
  'alerts:remove': method<AlertState[]>()(v.strictObject({ sessionId, alertId })),
  /** Every drawing of the session (all symbols). */
  'drawings:list': method<Drawing[]>()(v.strictObject({ sessionId })),
  /** Replace one symbol's drawings (each must be of that symbol); answers the session's list. */
  'drawings:save': method<Drawing[]>()(
    v.pipe(
      v.strictObject({
        sessionId,
        symbol: symbolId,
        drawings: v.pipe(v.array(drawingSchema), v.maxLength(MAX_DRAWINGS)),
      }),
      v.check(
        (r) => r.drawings.every((d) => d.symbol === r.symbol),
        'every drawing must be of the symbol saved',
      ),
      v.check(
        (r) => new Set(r.drawings.map((d) => d.id)).size === r.drawings.length,
        'drawing ids must be unique',
      ),
    ),
  ),
}

export const coachPushes = {
  /** A guardrail blocked, warned or acted (also recorded in the session). */
  'coach:hit': pushed<{ sessionId: string; hit: GuardrailHit }>(),
  'alerts:fired': pushed<{ sessionId: string; alert: AlertFired }>(),
}
