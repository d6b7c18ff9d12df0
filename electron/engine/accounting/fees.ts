/**
 * Trading fees (exchange-rules.md §1.8): fee = fill notional × rate, maker for an order
 * that rested on the book, taker for one that executed at once (market orders always).
 * Rounded up to 8 dp: the trader never pays less than the exact fee.
 */
import type { Dec } from '../decimal'
import { chargeUp } from '../decimal'
import type { InstrumentSpec } from '../instruments'

export function tradingFee(spec: InstrumentSpec, qty: Dec, price: Dec, maker: boolean): Dec {
  return feeOnNotional(spec, qty.times(price), maker)
}

/** tradingFee for a fill whose notional qty × price the caller has already computed. */
export function feeOnNotional(spec: InstrumentSpec, notional: Dec, maker: boolean): Dec {
  return chargeUp(notional.times(maker ? spec.makerFee : spec.takerFee))
}

/** Liquidation clearance fee on the amount liquidated (§1.7). */
export function clearanceFee(spec: InstrumentSpec, qty: Dec, price: Dec): Dec {
  return chargeUp(qty.times(price).times(spec.liquidationFee))
}
