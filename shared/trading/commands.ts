/**
 * User commands: what the desk, the CLI scripts and session journals send to the engine.
 * Names follow Binance USDⓈ-M's REST API (side, positionSide, type, timeInForce,
 * workingType, reduceOnly, closePosition) so a trader's vocabulary carries over.
 * Validation schemas for these live in ./schemas.ts (the same shapes, checked at runtime).
 */
import type { DecimalString } from '../money'
import type { SymbolId } from '../market'

export type Side = 'BUY' | 'SELL'
/** BOTH in one-way mode; LONG or SHORT in hedge mode. */
export type PositionSide = 'BOTH' | 'LONG' | 'SHORT'
export type OrderType =
  | 'MARKET'
  | 'LIMIT'
  | 'STOP_MARKET'
  | 'STOP'
  | 'TAKE_PROFIT_MARKET'
  | 'TAKE_PROFIT'
  | 'TRAILING_STOP_MARKET'
/** GTX is Binance's post-only. */
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'GTX'
/** Trigger source: MARK_PRICE or CONTRACT_PRICE (last). */
export type WorkingType = 'MARK_PRICE' | 'CONTRACT_PRICE'
export type MarginType = 'ISOLATED' | 'CROSSED'

/** A trigger level and the price stream it watches (TP/SL legs). */
export interface TriggerSpec {
  stopPrice: DecimalString
  workingType: WorkingType
}

/**
 * The TP/SL a trader sets together with an entry (the ticket's "TP/SL" box, Binance's
 * "TP/SL" on a new order): one decision. The engine checks the legs with the entry and
 * rejects the whole command if one is invalid; once the entry fills (the first partial fill
 * is enough) it puts them on the position as close-position orders, in the same step.
 */
export interface AttachedTpSl {
  takeProfit?: TriggerSpec
  stopLoss?: TriggerSpec
}

export interface PlaceOrderCommand {
  kind: 'placeOrder'
  symbol: SymbolId
  side: Side
  positionSide: PositionSide
  type: OrderType
  /** Base-asset quantity; omitted only with closePosition. */
  quantity?: DecimalString
  price?: DecimalString
  stopPrice?: DecimalString
  timeInForce?: TimeInForce
  reduceOnly?: boolean
  /** Close the whole position when triggered (stop/TP market only). */
  closePosition?: boolean
  workingType?: WorkingType
  /** Trailing stop callback in percent, 0.1..10 (Binance range). */
  callbackRate?: DecimalString
  activationPrice?: DecimalString
  clientOrderId?: string
  /** TP/SL for the position this entry opens (LIMIT and MARKET entries only). */
  attached?: AttachedTpSl
}

export interface CancelOrderCommand {
  kind: 'cancelOrder'
  orderId: string
}

export interface AmendOrderCommand {
  kind: 'amendOrder'
  orderId: string
  price?: DecimalString
  stopPrice?: DecimalString
  quantity?: DecimalString
}

export interface SetLeverageCommand {
  kind: 'setLeverage'
  symbol: SymbolId
  leverage: number
}

export interface SetMarginTypeCommand {
  kind: 'setMarginType'
  symbol: SymbolId
  marginType: MarginType
}

export interface SetPositionModeCommand {
  kind: 'setPositionMode'
  hedge: boolean
}

export interface AdjustMarginCommand {
  kind: 'adjustMargin'
  symbol: SymbolId
  positionSide: PositionSide
  /** ADD or REMOVE isolated margin (Binance POST /fapi/v1/positionMargin type 1 / 2). */
  action: 'ADD' | 'REMOVE'
  amount: DecimalString
}

/** Attach (or replace) a TP and/or SL to a position; both close the whole position. */
export interface SetPositionTpSlCommand {
  kind: 'setPositionTpSl'
  symbol: SymbolId
  positionSide: PositionSide
  takeProfit?: TriggerSpec | null
  stopLoss?: TriggerSpec | null
}

/** Close part or all of a position at market (or with a reduce-only limit when price is set). */
export interface ClosePositionCommand {
  kind: 'closePosition'
  symbol: SymbolId
  positionSide: PositionSide
  /** Fraction 0 < f <= 1 of the current size, e.g. "0.5". */
  fraction: DecimalString
  price?: DecimalString
}

export type TradeCommand =
  | PlaceOrderCommand
  | CancelOrderCommand
  | AmendOrderCommand
  | SetLeverageCommand
  | SetMarginTypeCommand
  | SetPositionModeCommand
  | AdjustMarginCommand
  | SetPositionTpSlCommand
  | ClosePositionCommand
