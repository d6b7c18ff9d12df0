/**
 * The production engine factory: electron/engine behind the EnginePort the sessions use.
 */
import { HostError } from '../../../shared/contract/errors'
import type { EngineFactory } from './engine-port'

export const realEngines: EngineFactory = {
  create() {
    throw new HostError('INTERNAL', 'The trading engine is not built into this host yet')
  },
  restore() {
    throw new HostError('INTERNAL', 'The trading engine is not built into this host yet')
  },
}
