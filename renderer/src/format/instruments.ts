/**
 * Display precision and the price/quantity steps the ticket snaps to. The contract does not
 * carry instrument filters yet, so these mirror Binance USDⓈ-M's published filters for the
 * bundled symbols; unknown symbols fall back to 2 price decimals and 0.001 lots.
 */
import type { SymbolId } from '../../../shared/market'

export interface InstrumentSteps {
  tickSize: string
  stepSize: string
  /** Decimals shown for prices. */
  priceDp: number
  /** Decimals shown for quantities. */
  qtyDp: number
  base: string
  /** Highest leverage of the first bracket (for the leverage slider's range). */
  maxLeverage: number
}

const KNOWN: Record<string, InstrumentSteps> = {
  BTCUSDT: {
    tickSize: '0.1',
    stepSize: '0.001',
    priceDp: 1,
    qtyDp: 3,
    base: 'BTC',
    maxLeverage: 125,
  },
  ETHUSDT: {
    tickSize: '0.01',
    stepSize: '0.001',
    priceDp: 2,
    qtyDp: 3,
    base: 'ETH',
    maxLeverage: 100,
  },
}

export function instrument(symbol: SymbolId): InstrumentSteps {
  return (
    KNOWN[symbol] ?? {
      tickSize: '0.01',
      stepSize: '0.001',
      priceDp: 2,
      qtyDp: 3,
      base: symbol.replace(/USDT$|USD$/, ''),
      maxLeverage: 50,
    }
  )
}
