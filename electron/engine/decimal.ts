/**
 * The engine's one Decimal constructor and its rounding policy.
 *
 * Every money and price computation in electron/engine/ goes through `D`. Precision is
 * 40 significant digits (far beyond any USDT amount we hold) and the default rounding is
 * half-even; every place that must round to a scale names its direction explicitly:
 *
 * | quantity                         | scale        | direction                       |
 * |----------------------------------|--------------|---------------------------------|
 * | trading / clearance fee          | 8 dp (USDT)  | up (the trader never pays less) |
 * | funding paid                     | 8 dp         | up (away from zero)             |
 * | funding received                 | 8 dp         | down (toward zero)              |
 * | initial margin / order cost      | 8 dp         | up                              |
 * | fill price after slippage        | tick         | against the trader              |
 * | displayed liquidation price      | tick         | half-up (display only)          |
 * | mark price used for triggers     | tick         | down (Binance truncation, §1.9) |
 *
 * | realized PnL of a close          | 8 dp         | half-even (neutral)             |
 * | isolated margin released         | 8 dp         | down (the position keeps more)  |
 *
 * Every amount booked on the wallet is thus on the 8 dp grid, so the ledger identity holds
 * exactly. (An averaged entry price can have many digits; PnL against it is rounded.)
 */
import Decimal from 'decimal.js'

export const D = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -40,
  toExpPos: 40,
})
export type Dec = InstanceType<typeof D>

export const ZERO = new D(0)
/** USDT amounts are kept to 8 decimals. */
export const MONEY_DP = 8

export const ROUND_UP = Decimal.ROUND_UP
export const ROUND_DOWN = Decimal.ROUND_DOWN
export const ROUND_HALF_UP = Decimal.ROUND_HALF_UP

export function d(v: string | number | Dec): Dec {
  return v instanceof D ? (v as Dec) : new D(v)
}

/** A money amount charged to the trader (fee, margin): rounded up to 8 dp. */
export function chargeUp(x: Dec): Dec {
  return x.toDecimalPlaces(MONEY_DP, ROUND_UP)
}

/** A money amount credited to the trader: rounded toward zero to 8 dp. */
export function creditDown(x: Dec): Dec {
  return x.toDecimalPlaces(MONEY_DP, ROUND_DOWN)
}

/** True when x is an exact multiple of step. */
export function onStep(x: Dec, step: Dec): boolean {
  return x.mod(step).isZero()
}

/** Canonical decimal string for events and views: plain notation, no trailing zeros. */
export function str(x: Dec): string {
  return x.toFixed()
}

/** Money string at 8 dp max, trailing zeros trimmed. */
export function money(x: Dec): string {
  return x.toDecimalPlaces(MONEY_DP, ROUND_HALF_UP).toFixed()
}

/**
 * A market price number (parsed from a decimal with ≤ 8 dp by the data layer) as an exact
 * Decimal: `String(n)` gives the shortest round-trip text, i.e. the decimal the file held.
 */
export function fromPrice(n: number): Dec {
  return new D(String(n))
}

const nums = new WeakMap<Dec, number>()

/**
 * Decimal → float for the fast-path thresholds, intrabar ordering fractions and the float
 * pre-checks of risk/approx.ts only (never for money). `toNumber` is the single escape
 * hatch; memoised per instance (Decimals are immutable, and the same order levels, entries
 * and bracket floors are read on every busy bar).
 */
export function toNum(x: Dec): number {
  let n = nums.get(x)
  if (n === undefined) {
    n = x.toNumber()
    nums.set(x, n)
  }
  return n
}

/** Realized PnL of closing `qty` of a position with direction `dir` at `price` (8 dp, half-even). */
export function closePnl(entry: Dec, price: Dec, qty: Dec, dir: 1 | -1): Dec {
  return price.minus(entry).times(qty).times(dir).toDecimalPlaces(MONEY_DP, Decimal.ROUND_HALF_EVEN)
}
