/**
 * Pre-trade handlers: `order:preview` sizes and costs an order on a throw-away copy of the
 * open session's engine (through the engine port; maths in electron/engine/order-sizing.ts); the session never changes.
 * Blind exams: the symbol comes in as its alias and everything going out is masked, as for
 * session:command.
 */
import { HostError, type Request } from '../../../shared/contract'
import type { OrderPreview } from '../../../shared/contract/trading'
import type { EngineFactory } from '../engine-port'
import type { HostContext } from '../context'
import type { LoadedScenario } from '../data'
import { createBlindMask } from '../session/blind'

/** The slice of SessionManager.peek() this needs. */
export interface PeekedSession {
  id: string
  scenario: LoadedScenario
  engineSnapshot(): unknown
  blind: boolean
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
        const mask = s.blind
          ? createBlindMask(
              s.id,
              s.scenario.series.map((x) => x.symbol),
              s.scenario.info.start,
            )
          : null
        const symbol = mask ? mask.symbolIn(order.symbol) : order.symbol
        const preview = deps.engine.previewSized(s.engineSnapshot(), {
          ...order,
          symbol,
        })
        return mask ? mask.deep(preview) : preview
      },
    },
  }
}
