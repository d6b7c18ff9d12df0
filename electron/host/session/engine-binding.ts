/** The production engine factory: electron/engine behind the EnginePort the sessions use. */
import {
  createEngine,
  maxRemovableMargin,
  restoreEngine,
  type Engine,
  type EngineSnapshot,
} from '../../engine'
import type { EngineFactory, EnginePort } from './engine-port'

function port(e: Engine): EnginePort {
  return {
    apply: (input) => e.apply(input),
    view: () => e.view(),
    snapshot: () => e.snapshot(),
    stateHash: () => e.stateHash(),
    maxRemovableMargin: (symbol, side) => maxRemovableMargin(e, symbol, side),
  }
}

export const realEngines: EngineFactory = {
  create: (symbols, settings) => port(createEngine({ symbols, settings })),
  restore: (snapshot) => port(restoreEngine(snapshot as EngineSnapshot)),
}
