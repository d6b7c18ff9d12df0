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
