/**
 * The candle store's in-memory form: columnar typed arrays, one row per base-step bar,
 * with last-price and mark-price OHLC aligned on the same timestamps. Opening a scenario
 * hands these arrays to the replay clock without building per-bar objects.
 */
import type {
  FundingPoint,
  ScenarioInfo,
  SeriesOrigin,
  SymbolId,
  Timeframe,
} from '../../../shared/market'

/** Bars as columns: one row per bar, times in ms. */
export interface OhlcvColumns {
  time: Float64Array
  open: Float64Array
  high: Float64Array
  low: Float64Array
  close: Float64Array
  volume: Float64Array
}

/** `time`: bar open times, strictly increasing; recorded gaps stay gaps (never filled). */
export interface SymbolSeries extends OhlcvColumns {
  symbol: SymbolId
  /** The step of `time` (the scenario's base step). */
  step: Timeframe
  /** Mark-price OHLC on the same rows as `time` (see docs/data.md for how coarser marks are brought to the base step). */
  markOpen: Float64Array
  markHigh: Float64Array
  markLow: Float64Array
  markClose: Float64Array
  markOrigin: SeriesOrigin
  /** Rows that had no recorded mark bar and use mark = last (0 when every row is covered). */
  markDerivedRows?: number
  /** Funding settlements inside the window, ascending; `origin` says recorded or default (0.01% / 8 h). */
  funding: FundingPoint[]
  fundingOrigin: SeriesOrigin
}

export interface LoadedScenario {
  info: ScenarioInfo
  series: SymbolSeries[]
}
