/**
 * Read models the engine produces for the desk, the CLI summary and the coach.
 * Every money field is a DecimalString; the renderer never does money arithmetic.
 */
import type { DecimalString, ReplayTime } from '../money'
import type { SymbolId } from '../market'
import type {
  AttachedTpSl,
  MarginType,
  OrderType,
  PositionSide,
  Side,
  TimeInForce,
  WorkingType,
} from './commands'

export type OrderStatus =
  'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED' | 'REJECTED'
/** Who created the order: the user, a position TP/SL, the liquidation engine, or ADL. */
export type OrderOrigin = 'USER' | 'POSITION_TPSL' | 'LIQUIDATION' | 'ADL'

export interface OrderView {
  orderId: string
  clientOrderId?: string
  symbol: SymbolId
  side: Side
  positionSide: PositionSide
  type: OrderType
  status: OrderStatus
  origin: OrderOrigin
  quantity: DecimalString
  executedQty: DecimalString
  price?: DecimalString
  stopPrice?: DecimalString
  avgPrice?: DecimalString
  timeInForce: TimeInForce
  reduceOnly: boolean
  closePosition: boolean
  workingType: WorkingType
  callbackRate?: DecimalString
  activationPrice?: DecimalString
  /**
   * Trailing stop once active: the level it triggers at now (best price seen × (1 ∓ callback),
   * on the tick). Account views only; events carry the order as placed.
   */
  trailingStopPrice?: DecimalString
  /** TP/SL the position gets when this entry fills (gone once attached). */
  attached?: AttachedTpSl
  /** Set once a conditional order has triggered. */
  triggered: boolean
  createdAt: ReplayTime
  updatedAt: ReplayTime
}

export interface PositionView {
  symbol: SymbolId
  positionSide: PositionSide
  /** Signed in one-way mode (negative = short); positive in hedge mode (side from positionSide). */
  size: DecimalString
  entryPrice: DecimalString
  breakEvenPrice: DecimalString
  markPrice: DecimalString
  /** Empty string when the position cannot be liquidated (e.g. fully hedged cross). */
  liquidationPrice: DecimalString
  marginType: MarginType
  leverage: number
  notional: DecimalString
  /** Isolated: the position's margin (incl. added margin); cross: initial margin at current leverage. */
  margin: DecimalString
  maintenanceMargin: DecimalString
  unrealizedPnl: DecimalString
  /** PnL as % of initial margin. */
  roe: DecimalString
  /** Maintenance margin / margin balance, in percent; liquidation at >= 100. */
  marginRatio: DecimalString
  /** 1..5 ADL queue light; 0 when not in profit. */
  adlRank: number
  takeProfit?: { orderId: string; stopPrice: DecimalString; workingType: WorkingType }
  stopLoss?: { orderId: string; stopPrice: DecimalString; workingType: WorkingType }
  /** Realized PnL over the position's life (fees not included). */
  realizedPnl: DecimalString
  /** Net funding over the position's life: positive = paid, negative = received. */
  fundingPaid: DecimalString
  /**
   * Every funding settlement of this position (amount signed: positive received). Present in
   * `Engine.view()`; left out of `positionChanged` events to keep them small.
   */
  fundingHistory?: {
    t: ReplayTime
    rate: DecimalString
    markPrice: DecimalString
    amount: DecimalString
  }[]
}

export interface SymbolSettings {
  symbol: SymbolId
  leverage: number
  marginType: MarginType
}

export interface AccountView {
  t: ReplayTime
  positionMode: 'ONE_WAY' | 'HEDGE'
  walletBalance: DecimalString
  unrealizedPnl: DecimalString
  marginBalance: DecimalString
  maintenanceMargin: DecimalString
  initialMargin: DecimalString
  availableBalance: DecimalString
  /** Cross account margin ratio, percent. */
  marginRatio: DecimalString
  insuranceFund: DecimalString
  positions: PositionView[]
  openOrders: OrderView[]
  symbols: SymbolSettings[]
  totals: {
    fees: DecimalString
    funding: DecimalString
    realizedPnl: DecimalString
  }
  marks: Record<SymbolId, DecimalString>
}
