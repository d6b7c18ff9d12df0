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
import {
  intWords,
  POW10,
  priceScaled,
  readScaled,
  SC,
  scaledText,
  sumScaled,
  TWO52,
} from './decimal-words'

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

/**
 * Canonical decimal string for events and views: plain notation, no trailing zeros (decimal.js
 * `toFixed()`; a short value is printed from its scaled integer, the same text).
 */
export function str(x: Dec): string {
  if (x.isZero()) return '0' // toFixed() of ±0
  return readScaled(x.d, x.e, x.s) ? scaledText(SC.m, SC.dp) : x.toFixed()
}

/** Money string at 8 dp max, trailing zeros trimmed. */
export function money(x: Dec): string {
  if (x.isZero()) return '0'
  if (readScaled(x.d, x.e, x.s)) {
    // without the fraction's trailing zeros the value is on the grid or it is not
    let { m, dp } = SC
    while (dp > 0 && m % 10 === 0) {
      m /= 10
      dp--
    }
    if (dp <= MONEY_DP) return scaledText(m, dp)
  }
  return (onMoneyGrid(x) ? x : x.toDecimalPlaces(MONEY_DP, ROUND_HALF_UP)).toFixed()
}

/**
 * A market price number (parsed from a decimal with ≤ 8 dp by the data layer) as an exact
 * Decimal: `String(n)` gives the shortest round-trip text, i.e. the decimal the file held.
 */
export function fromPrice(n: number): Dec {
  slotBits[0] = n
  const i = (slotWords[0]! ^ slotWords[1]!) & (PRICE_SLOTS - 1)
  const x = priceDecs[i]
  if (x !== undefined && priceKeys[i] === n) return x
  const y = priceDec(n)
  priceKeys[i] = n
  priceDecs[i] = y
  return y
}

/** `new D(String(n))`, from the digits when decimal-words.ts `priceScaled` finds them. */
function priceDec(n: number): Dec {
  return priceScaled(n) ? decFromInt(SC.m < 0, Math.abs(SC.m), -SC.dp) : new D(String(n))
}

/** Writable view of decimal.js's representation (sign, base-10 exponent, base-10^7 words). */
interface DecParts {
  s: number
  e: number
  d: number[]
}

/**
 * The Decimal m·10^e (m a positive integer below 2^52) from its digit words instead of a parsed
 * string: the same value, so the same Decimal (test/engine/exact.test.ts).
 */
export function decFromInt(negative: boolean, m: number, e: number): Dec {
  const words: number[] = []
  return decOfWords(negative, intWords(m, e, words), words)
}

/**
 * The Decimal with sign, base-10 exponent E (of the leading digit) and digit words `words`
 * (trailing zero words are dropped here). The one place that writes a Decimal's parts: a fresh
 * zero has the very shape (constructor, s, e, d) every other Decimal has.
 */
export function decOfWords(negative: boolean, E: number, words: number[]): Dec {
  // pop, not `words.length = len`: the length setter is a runtime call
  while (words.length > 1 && words[words.length - 1] === 0) words.pop()
  const x = new D(0)
  const parts = x as unknown as DecParts
  parts.s = negative ? -1 : 1
  parts.e = E
  parts.d = words
  return x
}

/**
 * Decimals of recently read bar prices (Decimals are immutable, so sharing one is safe): a
 * busy book reads the same last and mark on every command until the next bar. Only a cache:
 * direct-mapped on the double's bits (a slot holds the last price that hashed to it), which
 * costs a store on a miss where a Map of double keys cost a hash, an insert and a periodic
 * clear, and most bar prices are read once.
 */
const PRICE_SLOTS = 1024
const priceKeys = new Float64Array(PRICE_SLOTS)
const priceDecs: (Dec | undefined)[] = new Array<Dec | undefined>(PRICE_SLOTS).fill(undefined)
const slotBits = new Float64Array(1)
const slotWords = new Int32Array(slotBits.buffer)

const nums = new WeakMap<Dec, number>()

/**
 * Decimal → float for the fast-path thresholds, intrabar ordering fractions and the float
 * pre-checks of risk/approx.ts only (never for money). `toNumber` is the single escape
 * hatch; memoised per instance (Decimals are immutable, and the same order levels, entries
 * and bracket floors are read on every busy bar).
 */
export function toNum(x: Dec): number {
  // Up to 15 digits and 22 decimals (prices, sizes): m / 10^dp of two exact doubles rounds
  // once, as the string parse does (Clinger's fast path), so no string and no memo entry.
  const d = x.d
  if (d !== null && d[0] !== 0 && readScaled(d, x.e, x.s) && SC.dp <= 22)
    return SC.m / POW10[SC.dp]!
  let n = nums.get(x)
  if (n === undefined) {
    n = x.toNumber()
    nums.set(x, n)
  }
  return n
}

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

/**
 * `a.plus(b)`. Without the operation when one side is zero and the other is short (at most
 * five digit words, 35 digits): decimal.js then returns that other value, rounded to the
 * 40-digit precision, which leaves it as it is (wallets, fees and PnL add zeros on most
 * fills). On doubles when both are integers times powers of ten below 2^52 (fees, sizes,
 * bar prices, wallets): the exact sum, which decimal.js's 40 digits hold unrounded.
 */
export function plus(a: Dec, b: Dec): Dec {
  if (b.isZero()) {
    if (!a.isZero() && short(a)) return a
  } else if (a.isZero()) {
    if (short(b)) return b
  } else if (readScaled(a.d, a.e, a.s)) {
    const { m, dp } = SC
    if (readScaled(b.d, b.e, b.s) && sumScaled(m, dp, SC.m, SC.dp)) return fromSC()
  }
  return a.plus(b)
}

/** `a.minus(b)`, on the same shortcuts as `plus` (b zero; both small). */
export function minus(a: Dec, b: Dec): Dec {
  if (b.isZero()) {
    if (!a.isZero() && short(a)) return a
  } else if (!a.isZero() && readScaled(a.d, a.e, a.s)) {
    const { m, dp } = SC
    if (readScaled(b.d, b.e, b.s) && sumScaled(m, dp, -SC.m, SC.dp)) return fromSC()
  }
  return a.minus(b)
}

/**
 * `a.times(b)` on doubles when both are small (as `plus`) and the product is below 2^52: the
 * exact product, which decimal.js's 40 digits hold unrounded. Zeros take decimal.js (the
 * sign of a zero product).
 */
export function times(a: Dec, b: Dec): Dec {
  if (!a.isZero() && !b.isZero() && readScaled(a.d, a.e, a.s)) {
    const { m, dp } = SC
    if (readScaled(b.d, b.e, b.s)) {
      const p = m * SC.m
      // |ma·mb| < 2^52 exactly when the rounded product is (rounding is monotonic)
      if (p < TWO52 && p > -TWO52) return decFromInt(p < 0, p < 0 ? -p : p, -(dp + SC.dp))
    }
  }
  return a.times(b)
}

/**
 * `minus(plus(a, b), c)` (a wallet after a fill's PnL and fee): when the three are short and
 * non-zero and a + b is not zero, a + b − c on doubles, exact as in `plus`, without the Decimal
 * of a + b; otherwise the two operations.
 */
export function plusMinus(a: Dec, b: Dec, c: Dec): Dec {
  if (!a.isZero() && !b.isZero() && !c.isZero() && readScaled(a.d, a.e, a.s)) {
    const { m, dp } = SC
    if (readScaled(b.d, b.e, b.s) && sumScaled(m, dp, SC.m, SC.dp) && SC.m !== 0) {
      const s = SC.m
      const sd = SC.dp
      if (readScaled(c.d, c.e, c.s) && sumScaled(s, sd, -SC.m, SC.dp)) return fromSC()
    }
  }
  return minus(plus(a, b), c)
}

/** The Decimal of SC (a sum of two non-zero values: x + (−x) is +0 in decimal.js). */
function fromSC(): Dec {
  const m = SC.m
  return m === 0 ? new D(0) : decFromInt(m < 0, m < 0 ? -m : m, -SC.dp)
}

/** At most five base-10^7 digit words (≤ 35 significant digits), finite. */
function short(x: Dec): boolean {
  const d = x.d as number[] | null
  return d !== null && d.length <= 5
}
