/**
 * What an order would do, asked of an engine copy: apply the order to a restored snapshot;
 * if it rests (limit, stop entry), feed one synthetic bar that takes the symbol's last price
 * to the order's price so it fills there. The resulting position (entry, liquidation price,
 * margin, leverage) is the engine's own.
 */
import type { SymbolId } from '../../../shared/market'
import type { EngineEvent, Fill } from '../../../shared/trading/events'
import type { PlaceOrderCommand } from '../../../shared/trading/commands'
import type { Rejection } from '../../../shared/trading/rejections'
import type { AccountView, PositionView } from '../../../shared/trading/views'
import { c } from './dec'
import type { OrderCostPreview } from '../../../shared/trading/preview'
import type { EnginePort, EngineFactory } from './ports'
import { MINUTE, movedBars, positionOf } from './engine-copy'

/** An order played on an engine copy: the engine's cost preview plus the position it leaves. */
export interface PlacedOrderPreview {
  /** The engine's own preview (cost, fee, liquidation price at the order's price). */
  engine: OrderCostPreview
  /**
   * Liquidation price of the resulting position: the copy's position when the order filled
   * at once (market / marketable), else the engine preview's (booked at the order's price).
   */
  liquidationPrice: string
  rejection?: Rejection
  filled: boolean
  fills: Fill[]
  events: EngineEvent[]
  before: AccountView
  after: AccountView
  positionBefore?: PositionView
  position?: PositionView
  copy: EnginePort
}

export function previewPlaceOrder(
  factory: EngineFactory,
  snapshot: unknown,
  command: PlaceOrderCommand,
  prices: Record<SymbolId, { last: number; mark: number }>,
  /** Commands to run on the copy first (e.g. a leverage change the ticket would send). */
  pre?: (engine: EnginePort, t: number) => readonly EngineEvent[],
): PlacedOrderPreview {
  const engine = factory.restore(snapshot)
  const before = engine.view()
  const t = before.t
  const events: EngineEvent[] = []
  if (pre) events.push(...pre(engine, t))
  const positionBefore = positionOf(before, command.symbol, command.positionSide)
  const ep = factory.preview(engine, command)
  const first = engine.apply({ kind: 'command', t, command })
  events.push(...first)
  const rejected = first.find((e) => e.type === 'commandRejected')
  if (rejected && rejected.type === 'commandRejected') {
    return {
      engine: ep,
      liquidationPrice: ep.liquidationPrice,
      rejection: rejected.rejection,
      filled: false,
      fills: [],
      events,
      before,
      after: engine.view(),
      positionBefore,
      copy: engine,
    }
  }
  let fills = fillsOf(events)
  const immediate = fills.length > 0
  const level = command.price ?? command.stopPrice
  const p = prices[command.symbol]
  if (fills.length === 0 && level && p && p.last > 0) {
    const ratio = c(level).div(c(String(p.last)))
    engine
      .apply({
        kind: 'bars',
        t: t + MINUTE,
        bars: movedBars(t + MINUTE, { [command.symbol]: ratio }, prices),
      })
      .forEach((e) => events.push(e))
    fills = fillsOf(events)
  }
  const after = engine.view()
  const position = positionOf(after, command.symbol, command.positionSide)
  return {
    engine: ep,
    liquidationPrice: immediate ? (position?.liquidationPrice ?? '') : ep.liquidationPrice,
    filled: fills.length > 0,
    fills,
    events,
    before,
    after,
    positionBefore,
    position,
    copy: engine,
  }
}

function fillsOf(events: EngineEvent[]): Fill[] {
  const out: Fill[] = []
  for (const e of events) if (e.type === 'orderFilled') out.push(e.fill)
  return out
}
