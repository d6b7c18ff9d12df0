/**
 * The engine port (./engine-port.ts) bound to electron/engine, through its index only. Copies
 * are restored with the fast path on (quiet bars skip Decimal work; the engine's own
 * equivalence tests hold it to the full path).
 */
import {
  createEngine,
  instrumentFacts,
  liquidationRescue,
  maxRemovableMargin,
  previewOrder,
  previewSizedOrder,
  readRisk,
  restoreEngine,
  type Engine,
  type EngineSnapshot,
} from '../engine'
import type { SymbolId } from '../../shared/market'
import type { PositionSide } from '../../shared/trading/commands'
import type { EngineFactory, EngineInput, EnginePort } from './engine-port'

/**
 * A port over one engine. A class, not an object of fresh closures per engine: code that folds
 * many engine copies one after another (the stress test over every crash, what-if tables,
 * re-folds) calls `apply` and `risk` from the same call sites, and with one method per class
 * V8 keeps those calls inlined instead of deoptimising at each new copy ("wrong call target").
 */
class BoundEngine implements EnginePort {
  constructor(readonly engine: Engine) {}
  apply(input: EngineInput) {
    return this.engine.apply(input)
  }
  view() {
    return this.engine.view()
  }
  risk() {
    return readRisk(this.engine)
  }
  snapshot() {
    return this.engine.snapshot()
  }
  stateHash() {
    return this.engine.stateHash()
  }
  maxRemovableMargin(symbol: SymbolId, side: PositionSide) {
    return maxRemovableMargin(this.engine, symbol, side)
  }
  liquidationRescue(symbol: SymbolId, side: PositionSide, worst: (openedAt: number) => string) {
    return liquidationRescue(this.engine, symbol, side, worst)
  }
}

/** The engine behind a port this binding made (previews need the engine itself). */
function engineOf(p: EnginePort): Engine {
  if (!(p instanceof BoundEngine))
    throw new TypeError('preview needs an engine made by this binding')
  return p.engine
}

export const engines: EngineFactory = {
  create: (symbols, settings) => new BoundEngine(createEngine({ symbols, settings })),
  restore: (snapshot) => new BoundEngine(restoreEngine(snapshot as EngineSnapshot)),
  instrument: (symbol, settings) => instrumentFacts(symbol, settings),
  preview: (engine, command) => previewOrder(engineOf(engine), command),
  previewSized: (snapshot, request) => previewSizedOrder(snapshot as EngineSnapshot, request),
}
