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
  return onMoneyGrid(x) ? x : x.toDecimalPlaces(MONEY_DP, ROUND_UP)
}

/**
 * x has at most 8 decimals, so rounding it to 8 dp (any mode) gives its own value: the
 * rounding (a new Decimal) is skipped (fees, PnL and wallets are mostly on the grid already).
 */
function onMoneyGrid(x: Dec): boolean {
  return x.isFinite() && x.decimalPlaces() <= MONEY_DP
}

/** A money amount credited to the trader: rounded toward zero to 8 dp. */
export function creditDown(x: Dec): Dec {
  return onMoneyGrid(x) ? x : x.toDecimalPlaces(MONEY_DP, ROUND_DOWN)
}

/**
 * True when x is an exact multiple of step. For a power-of-ten step (every bundled tick and
 * lot: 0.1, 0.001, 1, …) that is "x has no more decimals than the step": an exact test on the
 * digits, without the division inside `mod` (commands check every price and quantity).
 */
export function onStep(x: Dec, step: Dec): boolean {
  const k = powerOfTenDp(step)
  if (k !== null && x.isFinite()) return x.decimalPlaces() <= k
  return x.mod(step).isZero()
}

const pow10 = new WeakMap<Dec, number | null>()

/** k when step = 10^−k exactly (k ≥ 0: 1, 0.1, 0.01, …), else null. Memoised per instance. */
function powerOfTenDp(step: Dec): number | null {
  let k = pow10.get(step)
  if (k === undefined) {
    const dp = step.isFinite() ? step.decimalPlaces() : -1
    k = dp >= 0 && step.eq(new D(10).pow(-dp)) ? dp : null
    pow10.set(step, k)
  }
  return k
}

/** Canonical decimal string for events and views: plain notation, no trailing zeros. */
export function str(x: Dec): string {
  return x.toFixed()
}

/** Money string at 8 dp max, trailing zeros trimmed. */
export function money(x: Dec): string {
  return (onMoneyGrid(x) ? x : x.toDecimalPlaces(MONEY_DP, ROUND_HALF_UP)).toFixed()
}

/**
 * A market price number (parsed from a decimal with ≤ 8 dp by the data layer) as an exact
 * Decimal: `String(n)` gives the shortest round-trip text, i.e. the decimal the file held.
 */
export function fromPrice(n: number): Dec {
  let x = priceCache.get(n)
  if (x === undefined) {
    if (priceCache.size >= PRICE_CACHE_MAX) priceCache.clear()
    priceCache.set(n, (x = new D(String(n))))
  }
  return x
}

/**
 * Decimals of recently read bar prices (Decimals are immutable, so sharing one is safe): a
 * busy book reads the same last and mark on every command until the next bar. Only a cache,
 * bounded, cleared when full.
 */
const priceCache = new Map<number, Dec>()
const PRICE_CACHE_MAX = 4096

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

/** 10^0 … 10^22: every one exact in a double, so scaling by one of them rounds once. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`))

/**
 * x as a double with relative error below 1e-14, read from decimal.js's digit words (base
 * 10^7, `d`, exponent `e`) without the string round trip of `toNumber` and without a memo.
 * For the float pre-filters of risk/approx.ts and the LP solve only, whose tolerances are
 * 1e-9 and 1e-7 relative (the error analysis is in docs/performance.md); never for prices
 * that are compared with bar prices (`toNum` stays the correctly rounded conversion).
 *
 * value = Σ d[i]·10^(e − k + 1 − 7i) with k the digit count of d[0]; the first three words
 * carry ≥ 15 significant digits, so dropping the rest costs < 1e-14 relative, and the double
 * sum and one scaling by an exact power of ten add a few ulps (~1e-16 each).
 */
export function approxNum(x: Dec): number {
  const d = x.d
  if (!d) return x.toNumber() // NaN / ±Infinity
  const d0 = d[0]!
  if (d0 === 0) return 0
  const k =
    d0 < 10 ? 1 : d0 < 100 ? 2 : d0 < 1e3 ? 3 : d0 < 1e4 ? 4 : d0 < 1e5 ? 5 : d0 < 1e6 ? 6 : 7
  const m = d0 * 1e14 + (d[1] ?? 0) * 1e7 + (d[2] ?? 0)
  const p = x.e - k - 13
  const v =
    p >= 0
      ? p <= 22
        ? m * POW10[p]!
        : m * Math.pow(10, p)
      : p >= -22
        ? m / POW10[-p]!
        : m / Math.pow(10, -p)
  return x.s < 0 ? -v : v
}

/** Realized PnL of closing `qty` of a position with direction `dir` at `price` (8 dp, half-even). */
export function closePnl(entry: Dec, price: Dec, qty: Dec, dir: 1 | -1): Dec {
  const x = price.minus(entry).times(qty).times(dir)
  return onMoneyGrid(x) ? x : x.toDecimalPlaces(MONEY_DP, Decimal.ROUND_HALF_EVEN)
}
