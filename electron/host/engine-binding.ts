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
import type { EngineFactory, EnginePort } from './engine-port'

/** The engine behind each port this binding made (previews need the engine itself). */
const behind = new WeakMap<EnginePort, Engine>()

function port(e: Engine): EnginePort {
  const p: EnginePort = {
    apply: (input) => e.apply(input),
    view: () => e.view(),
    risk: () => readRisk(e),
    snapshot: () => e.snapshot(),
    stateHash: () => e.stateHash(),
    maxRemovableMargin: (symbol, side) => maxRemovableMargin(e, symbol, side),
    liquidationRescue: (symbol, side, worst) => liquidationRescue(e, symbol, side, worst),
  }
  behind.set(p, e)
  return p
}

function engineOf(p: EnginePort): Engine {
  const e = behind.get(p)
  if (!e) throw new TypeError('preview needs an engine made by this binding')
  return e
}

export const engines: EngineFactory = {
  create: (symbols, settings) => port(createEngine({ symbols, settings })),
  restore: (snapshot) => port(restoreEngine(snapshot as EngineSnapshot)),
  instrument: (symbol, settings) => instrumentFacts(symbol, settings),
  preview: (engine, command) => previewOrder(engineOf(engine), command),
  previewSized: (snapshot, request) => previewSizedOrder(snapshot as EngineSnapshot, request),
}
