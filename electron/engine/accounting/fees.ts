/**
 * Trading fees (exchange-rules.md §1.8): fee = fill notional × rate, maker for an order
 * that rested on the book, taker for one that executed at once (market orders always).
 * Rounded up to 8 dp: the trader never pays less than the exact fee.
 */
import { chargeUp, type Dec, times } from '../decimal'
import type { InstrumentSpec } from '../instruments'

export function tradingFee(spec: InstrumentSpec, qty: Dec, price: Dec, maker: boolean): Dec {
  return feeOnNotional(spec, times(qty, price), maker)
}

/** tradingFee for a fill whose notional qty × price the caller has already computed. */
export function feeOnNotional(spec: InstrumentSpec, notional: Dec, maker: boolean): Dec {
  return chargeUp(times(notional, maker ? spec.makerFee : spec.takerFee))
}

/** Liquidation clearance fee on the amount liquidated (§1.7). */
export function clearanceFee(spec: InstrumentSpec, qty: Dec, price: Dec): Dec {
  return chargeUp(times(times(qty, price), spec.liquidationFee))
}
