/**
 * Market-data DTOs shared by the host, the engine and the renderer.
 * Candle prices are float64 numbers parsed from validated decimal strings: every
 * recorded price has at most 8 decimals, so `String(n)` gives back the exact decimal
 * the file held (shortest round-trip), and the engine turns it into a Decimal only
 * when something actually fills.
 */
import type { DecimalString, ReplayTime } from './money'

export type SymbolId = string

/**
 * A scenario id (bundled, a user import's slug, a derived `stress-…` crash): lowercase letters,
 * digits and dashes, at most 80 characters.
 * Never a path: sessions, session files and journals name scenarios only by id, so a shared
 * session file cannot make the host read an arbitrary folder (issue 11 item 6).
 */
export const SCENARIO_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,79}$/
export function isScenarioId(x: unknown): x is string {
  return typeof x === 'string' && SCENARIO_ID_PATTERN.test(x)
}

export const TIMEFRAMES = ['1m', '3m', '5m', '15m', '1h', '4h', '1d'] as const
export type Timeframe = (typeof TIMEFRAMES)[number]

export const TIMEFRAME_MS: Record<Timeframe, number> = {
  '1m': 60_000,
  '3m': 180_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
}

/** One OHLCV candle; `t` is the bar's open time. Mark-price candles have `v = 0`. */
export interface Bar {
  t: ReplayTime
  o: number
  h: number
  l: number
  c: number
  v: number
}

/** Where a series came from: recorded by the exchange, or derived by a documented rule. */
export type SeriesOrigin = 'recorded' | 'derived' | 'default'

/**
 * A symbol's exchange filters as the engine applies them (Binance PRICE_FILTER, LOT_SIZE,
 * MIN_NOTIONAL, first leverage bracket). The host fills these from the engine's spec so the
 * desk snaps, formats and bounds exactly what the engine will accept; the renderer keeps no
 * copy of its own.
 */
export interface InstrumentInfo {
  tickSize: DecimalString
  stepSize: DecimalString
  minNotional: DecimalString
  /** Highest leverage of the first bracket at the scenario's start (the leverage slider's range). */
  maxLeverage: number
  /** Decimals shown for prices (the tick's) and quantities (the step's). */
  priceDp: number
  qtyDp: number
  /** Base asset, e.g. "BTC" for BTCUSDT. */
  base: string
}

export interface SeriesInfo {
  symbol: SymbolId
  /** Tick, lot step, min notional, max leverage and display decimals, from the engine. */
  instrument: InstrumentInfo
  /** Step of the recorded last-price candles (the scenario's base step for this symbol). */
  lastStep: Timeframe
  mark: SeriesOrigin
  /** Step at which mark prices were recorded (e.g. '1h' while last is '1m'); absent when derived. */
  markStep?: Timeframe
  funding: SeriesOrigin
  /** Spot candles standing in for a perp (no perp source was found); say so in the UI. */
  lastMarket: 'perp' | 'spot'
  /** Missing bars: `from`/`to` are the first and last missing bar open times (inclusive). */
  gaps: { from: ReplayTime; to: ReplayTime; bars: number }[]
  /** Plain-language caveats for this symbol (spot stand-in, coarse mark step, gaps). */
  notes?: string[]
}

export interface KeyMoment {
  t: ReplayTime
  label: string
}

export interface ScenarioInfo {
  id: string
  title: string
  briefing: string
  source: 'bundled' | 'user'
  start: ReplayTime
  /** Exclusive end. */
  end: ReplayTime
  /**
   * Where a new session's replay starts (issue 14 item 3): the bars before it are history the
   * trader reads the trend from. Set by the scenario file, else its first day.
   */
  replayFrom: ReplayTime
  baseTimeframe: Timeframe
  symbols: SeriesInfo[]
  keyMoments: KeyMoment[]
  provenance: string
  /** Plain-language caveats for the whole scenario (e.g. "only 1-hour candles were recorded"). */
  notes?: string[]
}

/** The scenario `npm start` opens: FTX, Nov 2022, complete 1-minute BTC + ETH perp data. */
export const DEFAULT_SCENARIO_ID = 'ftx-2022-11'

/** A funding settlement as recorded (or defaulted): rate as a fraction per 8 h. */
export interface FundingPoint {
  t: ReplayTime
  rate: string
  markPrice: string
}
