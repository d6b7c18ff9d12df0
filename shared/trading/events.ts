/**
 * Engine events: the engine's only output. Every event carries a sequence number and
 * the replay time of the input that caused it, so an event log is a pure function of
 * the inputs (same inputs, byte-identical JSON lines).
 */
import type { DecimalString, ReplayTime } from '../money'
import type { SymbolId } from '../market'
import type { MarginType, PositionSide, Side, TradeCommand } from './commands'
import type { Rejection } from './rejections'
import type { OrderView, PositionView } from './views'

interface EventBase {
  seq: number
  t: ReplayTime
}

export interface Fill {
  orderId: string
  symbol: SymbolId
  side: Side
  positionSide: PositionSide
  price: DecimalString
  quantity: DecimalString
  fee: DecimalString
  realizedPnl: DecimalString
  liquidity: 'MAKER' | 'TAKER'
  /** Slippage applied versus the reference price (trigger, open or bar price), in quote per unit. */
  slippage: DecimalString
  /** The bar's open was already beyond the trigger/limit: filled at the open (gap). */
  gap: boolean
  /**
   * Another trigger (stop vs take-profit, stop vs liquidation) fell in the same bar and
   * only our assumed intrabar path (open → nearer extreme → farther extreme → close) decided
   * which came first.
   */
  pathAssumed: boolean
}

export type EngineEvent = EventBase &
  (
    | { type: 'orderAccepted'; order: OrderView }
    | { type: 'commandRejected'; command: TradeCommand; rejection: Rejection }
    | { type: 'orderTriggered'; order: OrderView; triggerPrice: DecimalString }
    | { type: 'orderFilled'; order: OrderView; fill: Fill }
    | {
        type: 'orderCanceled'
        order: OrderView
        reason:
          | 'USER'
          | 'LIQUIDATION'
          | 'REDUCE_ONLY'
          | 'IOC'
          | 'POSITION_CLOSED'
          | 'REPLACED'
          | 'MARGIN_INSUFFICIENT'
          | 'ADL'
      }
    | { type: 'orderAmended'; order: OrderView }
    | { type: 'positionChanged'; position: PositionView }
    | {
        type: 'positionClosed'
        symbol: SymbolId
        positionSide: PositionSide
        realizedPnl: DecimalString
      }
    | {
        type: 'fundingSettled'
        symbol: SymbolId
        positionSide: PositionSide
        rate: DecimalString
        markPrice: DecimalString
        /** Signed: positive received, negative paid. */
        amount: DecimalString
        rateOrigin: 'recorded' | 'default'
      }
    | {
        type: 'marginCall'
        scope: MarginType
        symbol?: SymbolId
        positionSide?: PositionSide
        marginRatio: DecimalString
        threshold: DecimalString
      }
    | {
        type: 'liquidation'
        scope: MarginType
        symbol: SymbolId
        positionSide: PositionSide
        quantity: DecimalString
        markPrice: DecimalString
        bankruptcyPrice: DecimalString
        /** Price the position actually came off at in the (simulated) market. */
        fillPrice: DecimalString
        /** PnL booked by this close at fillPrice, before the clearance fee. */
        realizedPnl: DecimalString
        clearanceFee: DecimalString
        /** Positive: the insurance fund gained; negative: it covered a loss. */
        insuranceFundDelta: DecimalString
        partial: boolean
        pathAssumed: boolean
      }
    | {
        type: 'autoDeleveraged'
        symbol: SymbolId
        positionSide: PositionSide
        quantity: DecimalString
        price: DecimalString
        realizedPnl: DecimalString
      }
    | { type: 'leverageChanged'; symbol: SymbolId; leverage: number; maxNotional: DecimalString }
    | { type: 'marginTypeChanged'; symbol: SymbolId; marginType: MarginType }
    | { type: 'positionModeChanged'; hedge: boolean }
    | {
        type: 'marginAdjusted'
        symbol: SymbolId
        positionSide: PositionSide
        action: 'ADD' | 'REMOVE'
        amount: DecimalString
      }
    | {
        type: 'walletNegative'
        walletBalance: DecimalString
        /**
         * The whole loss of this liquidation past bankruptcy (negative-balance protection off:
         * the trader owes it; the cross wallet paid what it could, `walletBalance` is the rest).
         */
        deficit: DecimalString
      }
    | {
        /**
         * Negative-balance protection covered a loss past bankruptcy (after a liquidation, or
         * after a fill that closed an isolated position past it, see `orderId`):
         * `insurance` from the fund, `ownLeg` the part the trader's own ADL'd opposite leg
         * absorbed (booked as realized PnL: that quantity settles at the bankruptcy price),
         * `socialized` what nobody covered. All three are credits to the wallet.
         */
        type: 'balanceProtected'
        insurance: DecimalString
        socialized: DecimalString
        ownLeg: DecimalString
        /**
         * Absent: the deficit of the liquidation just before (its `insuranceFundDelta` already
         * counts the fund's part). `fillPastBankruptcy`: the fill of `orderId` closed part of an
         * isolated position past its bankruptcy price (e.g. a stop-market with slippage), and
         * the loss beyond that part's margin was covered (rule 1, issue 12).
         * `negativeWallet`: the wallet was still below zero after a liquidation or a fill and
         * was reset to zero (Binance: "a negative wallet is reset to 0 by the fund").
         */
        cause?: 'fillPastBankruptcy' | 'negativeWallet'
        orderId?: string
      }
  )

export type EngineEventType = EngineEvent['type']
