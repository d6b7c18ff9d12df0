/**
 * The coach's engine port bound to electron/engine. Copies are restored with the fast path
 * on (quiet bars skip Decimal work; the engine's own equivalence tests hold it to the full
 * path). `instrument` reads the engine's resolved spec (lot, tick, fees) so the sizer rounds
 * exactly as the engine validates.
 */
import type { PlaceOrderCommand } from '../../../shared/trading/commands'
import type { EngineSettings } from '../../../shared/trading/settings'
import {
  createEngine,
  previewOrder,
  restoreEngine,
  type Engine,
  type EngineSnapshot,
} from '../../engine'
import { resolveSpec } from '../../engine/instruments'
import type { CoachEngine, CoachEngineFactory, EngineOrderPreview, InstrumentFacts } from './ports'

export const engineFactory: CoachEngineFactory = {
  create(symbols, settings) {
    return createEngine({ symbols, settings })
  },
  restore(snapshot) {
    return restoreEngine(snapshot as EngineSnapshot)
  },
  instrument(symbol: string, settings: EngineSettings): InstrumentFacts {
    const s = resolveSpec(symbol, settings)
    return {
      tickSize: s.tickSize.toFixed(),
      stepSize: s.stepSize.toFixed(),
      minNotional: s.minNotional.toFixed(),
      takerFee: s.takerFee.toFixed(),
      makerFee: s.makerFee.toFixed(),
    }
  },
  preview(engine: CoachEngine, command: PlaceOrderCommand): EngineOrderPreview {
    return previewOrder(engine as Engine, command)
  },
}
