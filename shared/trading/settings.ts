/**
 * Per-session engine settings. Defaults follow Binance USDⓈ-M; every field can be
 * overridden for drills and tests (fees to zero, custom brackets, no slippage).
 * The engine issue owns the details; this is the shape journals and the desk share.
 */
import type { DecimalString } from '../money'
import type { SymbolId } from '../market'

export interface BracketSpec {
  /** Notional floor (inclusive) and cap (exclusive), USDT. */
  notionalFloor: DecimalString
  notionalCap: DecimalString
  maxLeverage: number
  /** Maintenance margin rate as a fraction, e.g. "0.004". */
  maintMarginRatio: DecimalString
  /** Maintenance amount ("cum"), USDT. */
  maintAmount: DecimalString
}

export interface InstrumentOverride {
  makerFee?: DecimalString
  takerFee?: DecimalString
  liquidationClearanceFee?: DecimalString
  brackets?: BracketSpec[]
  /** Price filter tick, lot step and minimum order notional (Binance PRICE_FILTER / LOT_SIZE / MIN_NOTIONAL). */
  tickSize?: DecimalString
  stepSize?: DecimalString
  minNotional?: DecimalString
  /** PERCENT_PRICE filter: a limit BUY must be ≤ mark × up, a SELL ≥ mark × down (e.g. "1.05" / "0.95"). */
  percentPriceUp?: DecimalString
  percentPriceDown?: DecimalString
}

/**
 * Parameters of the deterministic slippage model (docs/engine.md "Slippage"): a fill of
 * notional N on a bar with quote volume V and range R = (high − low) / open moves the
 * reference price against the taker by
 * `price × min(maxFraction, halfSpread + impact × sqrt(N / V) × max(R, minRange))`.
 */
export interface SlippageParams {
  halfSpread: DecimalString
  impact: DecimalString
  minRange: DecimalString
  maxFraction: DecimalString
}

export interface EngineSettings {
  startingBalance: DecimalString
  hedgeMode: boolean
  negativeBalanceProtection: boolean
  insuranceFund: DecimalString
  /** Bybit/Gate-style tiered (partial) liquidation instead of Binance's full close. */
  tieredLiquidation: boolean
  /** Margin-ratio thresholds (percent) that raise a marginCall event, e.g. ["80"]. */
  marginCallRatios: DecimalString[]
  /** Deterministic slippage model on market, stop and liquidation fills. */
  slippage: boolean
  instruments?: Record<SymbolId, InstrumentOverride>
  /** Overrides of the slippage model constants (used only when `slippage` is true). */
  slippageParams?: Partial<SlippageParams>
  /** Leverage and margin type every symbol starts with (Binance defaults: 20x, cross). */
  defaultLeverage?: number
  defaultMarginType?: 'ISOLATED' | 'CROSSED'
}

export const DEFAULT_SLIPPAGE: SlippageParams = {
  halfSpread: '0.0001',
  impact: '0.5',
  minRange: '0.001',
  maxFraction: '0.05',
}

export const DEFAULT_ENGINE_SETTINGS: EngineSettings = {
  startingBalance: '10000',
  hedgeMode: false,
  negativeBalanceProtection: true,
  insuranceFund: '1000000',
  tieredLiquidation: false,
  marginCallRatios: ['80'],
  slippage: true,
}
