/**
 * Instrument facts for the desk (tick, lot step, min notional, max leverage, display
 * decimals), read from the open scenario: the host fills them from the engine's spec
 * (`ScenarioInfo.symbols[].instrument`), so a dragged line snaps to the tick the engine
 * validates against. The renderer keeps no table of its own.
 */
import type { InstrumentInfo, SymbolId } from '../../../shared/market'
import { useSessionStore } from './session'

/**
 * Before a scenario is open (or for a symbol it does not list) nothing can be traded; this
 * only keeps the empty desk's labels formatted. Nothing derived from it is sent to the host.
 */
const NO_SCENARIO: Omit<InstrumentInfo, 'base'> = {
  tickSize: '0.01',
  stepSize: '0.001',
  minNotional: '0',
  maxLeverage: 1,
  priceDp: 2,
  qtyDp: 3,
}

export function instrument(symbol: SymbolId): InstrumentInfo {
  const info = useSessionStore().scenario?.symbols.find((s) => s.symbol === symbol)?.instrument
  return info ?? { ...NO_SCENARIO, base: symbol }
}
