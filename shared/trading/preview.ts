/**
 * Pre-trade previews: what an order would cost before it is placed, and the instrument facts
 * sizing rounds with. One declaration for the engine that computes them
 * (electron/engine/preview.ts, order-sizing.ts), the host's engine port
 * (electron/host/engine-port.ts), the contract (`order:preview`) and the coach.
 */
import type { SymbolId } from '../market'
import type { DecimalString } from '../money'
import type { OrderType, PositionSide, Side } from './commands'
import type { Rejection } from './rejections'

/** The order as the ticket would place it, sized one of three ways (`order:preview` adds the session). */
export interface OrderSizingRequest {
  symbol: SymbolId
  side: Side
  positionSide: PositionSide
  type: OrderType
  price?: DecimalString
  stopPrice?: DecimalString
  /**
   * At most one of quantity (coin), quoteQuantity (USDT notional at the reference price) or
   * sizeFraction (0 < f ≤ 1 of maxQuantity). None: a size-less preview (max size, bracket
   * cap, leverage dialog); the money fields are then 0.
   */
  quantity?: DecimalString
  quoteQuantity?: DecimalString
  sizeFraction?: DecimalString
  reduceOnly?: boolean
  /** Preview at this leverage instead of the symbol's current one (leverage dialog). */
  leverage?: number
}

export interface OrderPreview {
  /** Coin quantity the order would have: as sent, or converted and rounded down to the lot step. */
  quantity: DecimalString
  /** quantity × price. */
  notional: DecimalString
  /** Reference price used (limit price, trigger, or last). */
  price: DecimalString
  /** §1.4 initial margin (a market SELL is valued at max(last × 1.0015, mark, fill)). */
  initialMargin: DecimalString
  /** Trading fee if it filled (taker, or maker for a resting limit). */
  fee: DecimalString
  /** §1.4 cost = initial margin + open loss: what the engine checks against the available balance. */
  cost: DecimalString
  /** Estimated liquidation price of the position after the order fills; '' when none. */
  liquidationPrice: DecimalString
  /** Largest order size at this leverage for this side and position side, coin (lot-rounded down). */
  maxQuantity: DecimalString
  /** Max position notional the bracket table allows at this leverage. */
  maxNotional: DecimalString
  leverage: number
  /** MMR of the bracket the resulting position falls in (size-less: of the bracket at maxNotional). */
  maintMarginRatio?: DecimalString
  /** The engine would reject this order (or the requested leverage change). */
  rejection?: Rejection
}

/** The engine's cost preview of one order on a copy of its state (engine `previewOrder`). */
export interface OrderCostPreview {
  /** §1.4 cost = initial margin + open loss. */
  cost: string
  initialMargin: string
  openLoss: string
  /** Fee if it filled at the assumed price (taker for market/marketable, maker for resting). */
  fee: string
  /** Liquidation price of the resulting position ('' when none). */
  liquidationPrice: string
  rejection?: Rejection
}

/** Lot, tick and fee facts of a symbol, as the engine resolves them for a session's settings. */
export interface InstrumentFacts {
  tickSize: string
  stepSize: string
  minNotional: string
  takerFee: string
  makerFee: string
}

/**
 * What would have kept a position open through the worst mark seen so far (engine
 * `liquidationRescue`, issue 13.3), from its state before the liquidating bar. "Saved" means
 * its liquidation price lies beyond `worstMark` (below it for a long, above for a short), so
 * no mark up to then would have liquidated it.
 */
export interface LiquidationRescue {
  symbol: string
  positionSide: 'BOTH' | 'LONG' | 'SHORT'
  marginType: 'ISOLATED' | 'CROSSED'
  /** +1 long, −1 short. */
  direction: 1 | -1
  quantity: string
  entryPrice: string
  leverage: number
  /** Isolated: the position's margin; cross: the margin balance its liquidation price uses. */
  margin: string
  /** Its liquidation price before the bar (on the tick). */
  liquidationPrice: string
  /** When the position was opened (replay time). */
  openedAt: number
  worstMark: string
  /** Least extra margin, to the cent (isolated: added to the position; cross: to the wallet). */
  extraMargin: string
  /** Isolated only: the highest leverage at which the same size would have survived (0: none). */
  maxLeverage?: number
  /** A mark-price stop halfway from the entry to the liquidation price, on the tick. */
  stopPrice: string
  /** Its loss if it filled at the stop: PnL at the stop plus the taker fee (positive = loss). */
  stopLoss: string
}
