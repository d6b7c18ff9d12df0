/** The production engine factory: electron/engine behind the EnginePort the sessions use. */
import { createEngine, restoreEngine, type EngineSnapshot } from '../../engine'
import type { EngineFactory } from './engine-port'

export const realEngines: EngineFactory = {
  create: (symbols, settings) => createEngine({ symbols, settings }),
  restore: (snapshot) => restoreEngine(snapshot as EngineSnapshot),
}
