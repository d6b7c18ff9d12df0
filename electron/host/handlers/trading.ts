/**
 * Pre-trade handlers: `order:preview` sizes and costs an order on a throw-away copy of the
 * open session's engine (through the engine port; maths in electron/engine/order-sizing.ts); the session never changes.
 * Real symbols and prices only: a blind exam is masked at the host's boundary.
 */
import { HostError, type Request } from '../../../shared/contract'
import type { OrderPreview } from '../../../shared/contract/trading'
import type { EngineFactory } from '../engine-port'
import type { HostContext } from '../context'
import type { LoadedScenario } from '../data'

/** The slice of SessionManager.peek() this needs. */
export interface PeekedSession {
  id: string
  scenario: LoadedScenario
  engineSnapshot(): unknown
}

export interface TradingDeps {
  peek(id: string): PeekedSession | undefined
  engine: EngineFactory
}

export function tradingHandlers(_ctx: HostContext, deps: TradingDeps) {
  return {
    handlers: {
      'order:preview': (req: Request<'order:preview'>): OrderPreview => {
        const s = deps.peek(req.sessionId)
        if (!s) throw new HostError('NOT_FOUND', `Session ${req.sessionId} is not open`)
        const { sessionId: _id, ...order } = req
        return deps.engine.previewSized(s.engineSnapshot(), order)
      },
    },
  }
}
