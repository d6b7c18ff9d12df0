/** Handlers for sessions and replay. Replaced by the session manager (electron/host/session). */
import { HostError } from '../../../shared/contract'
import type { HostContext } from '../context'

function notYet(name: string): () => never {
  return () => {
    throw new HostError('INTERNAL', `${name} is not wired yet`)
  }
}

export function sessionHandlers(_ctx: HostContext) {
  return {
    handlers: {
      'session:list': notYet('session:list'),
      'session:create': notYet('session:create'),
      'session:open': notYet('session:open'),
      'session:rename': notYet('session:rename'),
      'session:duplicate': notYet('session:duplicate'),
      'session:delete': notYet('session:delete'),
      'session:export': notYet('session:export'),
      'session:import': notYet('session:import'),
      'session:command': notYet('session:command'),
      'session:candles': notYet('session:candles'),
      'replay:control': notYet('replay:control'),
      'session:rewind': notYet('session:rewind'),
      'session:restore': notYet('session:restore'),
      'session:fork': notYet('session:fork'),
    },
    close: async () => {},
  }
}
