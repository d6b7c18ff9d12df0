/**
 * Exact decimals as scaled integers for the busy path (issue 16): value = m · 10^e with m a
 * BigInt. Every operation rounds exactly as the engine's `D` does (decimal.ts: 40 significant
 * digits, half-even, for add, sub, mul and div; toDecimalPlaces/toNearest with the named
 * mode), so a computation written here gives the very Decimal the `D` code gives, digit for
 * digit; only cheaper: a BigInt multiply or divide is ~50 ns where decimal.js's 40-digit
 * division is several µs. `test/engine/exact.test.ts` checks every operation against `D`
 * on random inputs (signs, zeros, 40-digit operands, ties).
 *
 * Used where a view is built on every fill (views.ts positionView); `D` stays the engine's
 * number everywhere else and at every boundary (state, snapshots, events are strings).
 */
import { D, decFromInt, decOfWords, type Dec } from './decimal'
import { digitWords } from './decimal-words'
import { recalled, remember } from './exact-ring'

export interface Ex {
  readonly m: bigint
  readonly e: number
}

/** Significant digits kept by every operation (decimal.ts `precision`). */
const P = 40
const POW: bigint[] = [1n]
for (let i = 1; i <= 160; i++) POW.push(POW[i - 1]! * 10n)

function pow10(n: number): bigint {
  return n < POW.length ? POW[n]! : 10n ** BigInt(n)
}

/** 10^0 … 10^22 as doubles (exact). */
const FPOW = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`))

/**
 * Number of decimal digits of a ≥ 0 (1 for 0). The double of a (correctly rounded, within
 * 1e-16 relative) gives the count up to one; one or two exact comparisons settle it.
 */
function digits(a: bigint): number {
  const x = Number(a)
  if (x < 9e15) {
    // a is exact in a double: compare doubles only
    let n = 1
    while (n < 16 && x >= FPOW[n]!) n++
    return n
  }
  if (x >= 1e159) return a.toString().length
  let n = Math.floor(Math.log10(x)) + 1
  if (a >= POW[n]!) n++
  else if (a < POW[n - 1]!) n--
  return n
}

export const EX_ZERO: Ex = { m: 0n, e: 0 }

export function exInt(n: number): Ex {
  if (!Number.isSafeInteger(n)) throw new RangeError(`exInt: ${n} is not a safe integer`)
  return { m: BigInt(n), e: 0 }
}

/** The exact value of a finite Decimal, from its base-10^7 digit words. */
export function fromDec(x: Dec): Ex {
  const d = x.d
  if (!d) throw new RangeError(`fromDec: ${x.toString()} is not finite`)
  const known = d.length > 3 ? recalled(x) : undefined
  if (known !== undefined) return known
  const d0 = d[0]!
  if (d0 === 0) return EX_ZERO
  const k =
    d0 < 10 ? 1 : d0 < 100 ? 2 : d0 < 1e3 ? 3 : d0 < 1e4 ? 4 : d0 < 1e5 ? 5 : d0 < 1e6 ? 6 : 7
  let m: bigint
  let i: number
  // Two words at a time in doubles (< 10^14: exact), then one BigInt step per pair.
  if (d.length === 1) {
    m = BigInt(d0)
    i = 1
  } else {
    m = BigInt(d0 * 1e7 + d[1]!)
    i = 2
  }
  for (; i + 1 < d.length; i += 2) m = m * 100_000_000_000_000n + BigInt(d[i]! * 1e7 + d[i + 1]!)
  if (i < d.length) m = m * 10_000_000n + BigInt(d[i]!)
  const e = x.e - k + 1 - 7 * (d.length - 1)
  const v = { m: x.s < 0 ? -m : m, e }
  if (d.length > 3) remember(x, v)
  return v
}

const statics = new WeakMap<Dec, Ex>()

/**
 * fromDec memoised per instance, for long-lived Decimals only (bracket values, ticks, fees,
 * order prices): a memo entry per short-lived value would cost more than the conversion.
 */
export function exOf(x: Dec): Ex {
  let v = statics.get(x)
  if (v === undefined) statics.set(x, (v = fromDec(x)))
  return v
}

/** Rounding modes, as decimal.js numbers them. */
export const RM = { UP: 0, DOWN: 1, HALF_UP: 4, HALF_EVEN: 6 } as const
type Mode = (typeof RM)[keyof typeof RM]

/** Round |a| = q·d + r (0 ≤ r < d) by mode: q or q + 1. */
function roundQ(q: bigint, r: bigint, d: bigint, mode: Mode): bigint {
  if (r === 0n || mode === RM.DOWN) return q
  if (mode === RM.UP) return q + 1n
  const twice = 2n * r
  if (twice > d) return q + 1n
  if (twice < d) return q
  return mode === RM.HALF_UP || (q & 1n) === 1n ? q + 1n : q
}

const LIMIT = POW[P]!

/** 10^k / 2 (k ≥ 1): the half a dropped part of k digits is compared with. */
const HALF: bigint[] = POW.map((x) => x >> 1n)

/** m·10^e rounded to P significant digits, half-even (decimal.js `finalise`). */
function sig(m: bigint, e: number): Ex {
  const neg = m < 0n
  const a = neg ? -m : m
  if (a < LIMIT) return { m, e }
  const k = digits(a) - P
  const d = pow10(k)
  const q = a / d
  const r = a % d
  const half = HALF[k] ?? d >> 1n // (half-even against the half: no doubling of r)
  const up = r > half || (r === half && (q & 1n) === 1n)
  return { m: neg ? (up ? -q - 1n : -q) : up ? q + 1n : q, e: e + k }
}

export function add(a: Ex, b: Ex): Ex {
  if (a.m === 0n) return sig(b.m, b.e)
  if (b.m === 0n) return sig(a.m, a.e)
  if (a.e === b.e) return sig(a.m + b.m, a.e)
  return a.e < b.e ? sig(a.m + b.m * pow10(b.e - a.e), a.e) : sig(a.m * pow10(a.e - b.e) + b.m, b.e)
}

export function neg(a: Ex): Ex {
  return { m: -a.m, e: a.e }
}

export function sub(a: Ex, b: Ex): Ex {
  return add(a, neg(b))
}

export function mul(a: Ex, b: Ex): Ex {
  return sig(a.m * b.m, a.e + b.e)
}

/** a / b rounded to P significant digits, half-even (decimal.js `div`). b must not be 0. */
export function div(a: Ex, b: Ex): Ex {
  if (b.m === 0n) throw new RangeError('div by zero')
  if (a.m === 0n) return EX_ZERO
  const negative = a.m < 0n !== b.m < 0n
  const A = a.m < 0n ? -a.m : a.m
  const B = b.m < 0n ? -b.m : b.m
  // Scale A so that the integer quotient has at least P + 1 digits (so at least one digit is
  // dropped below), then round once exactly: one long division, the rest on one or two digits.
  const s = Math.max(0, P + 1 + digits(B) - digits(A))
  const N = A * pow10(s)
  const q = N / B
  // quotient = q + ρ with 0 ≤ ρ < 1; ρ > 0 ⇔ the division left a remainder
  const r = roundSticky(q, q * B !== N)
  return { m: negative ? -r.m : r.m, e: a.e - b.e - s + r.e }
}

/**
 * a / b as `div` gives it, trying the integer quotient first: when b's mantissa divides a's
 * and the quotient has at most P digits, a / b is exactly that (an order's average fill
 * price after fills at one price: notional / quantity), without the scaled long division and
 * its rounding.
 */
export function quot(a: Ex, b: Ex): Ex {
  let B = b.m
  let e = a.e - b.e
  if (B !== 0n) {
    // b's mantissa without trailing zeros (a Decimal's last digit word is padded with zeros)
    while (B % 10n === 0n) {
      B /= 10n
      e--
    }
    const q = a.m / B
    if (q * B === a.m && q < LIMIT && q > -LIMIT) return q === 0n ? EX_ZERO : { m: q, e }
  }
  return div(a, b)
}

/**
 * q + ρ (q ≥ 10^P, 0 ≤ ρ < 1, `sticky` ⇔ ρ > 0) rounded to P significant digits half-even:
 * m·10^e with e the digits dropped.
 */
function roundSticky(q: bigint, sticky: boolean): Ex {
  const k = digits(q) - P
  const d = pow10(k)
  // q = q1·d + q0; discarded part (q0 + ρ)/d vs one half (d/2 is an integer: k ≥ 1)
  const q1 = q / d
  const q0 = q % d
  const half = HALF[k] ?? d >> 1n
  const up = q0 > half || (q0 === half && (sticky || (q1 & 1n) === 1n))
  return { m: up ? q1 + 1n : q1, e: k }
}

/** ⌊√n⌋ for n ≥ 0 (Newton from a double estimate: one step lands above, then it descends). */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n
  const x0 = BigInt(Math.floor(Math.sqrt(Number(n)))) || 1n
  let x = (x0 + n / x0) >> 1n
  for (;;) {
    const y = (x + n / x) >> 1n
    if (y >= x) return x
    x = y
  }
}

/**
 * √a rounded to P significant digits, half-even (decimal.js `sqrt`, correctly rounded). a ≥ 0.
 * The mantissa is scaled to an even exponent and at least 2(P + 1) digits, so the integer
 * square root has at least P + 1 digits; the dropped digits and the remainder round it once.
 */
export function sqrt(a: Ex): Ex {
  if (a.m < 0n) throw new RangeError('sqrt of a negative number')
  if (a.m === 0n) return EX_ZERO
  let s = Math.max(0, 2 * (P + 1) - digits(a.m))
  if ((a.e - s) % 2 !== 0) s++
  const N = a.m * pow10(s)
  const q = isqrt(N)
  const r = roundSticky(q, q * q !== N)
  return { m: r.m, e: (a.e - s) / 2 + r.e }
}

/** a rounded to dp decimal places by mode (decimal.js toDecimalPlaces). */
export function toDp(a: Ex, dp: number, mode: Mode): Ex {
  if (a.e >= -dp || a.m === 0n) return a
  const k = -dp - a.e
  const d = pow10(k)
  const neg = a.m < 0n
  const A = neg ? -a.m : a.m
  const q0 = A / d
  const q = roundQ(q0, A - q0 * d, d, mode)
  return { m: neg ? -q : q, e: -dp }
}

/**
 * a to the nearest multiple of step by mode (decimal.js toNearest: the quotient rounded to an
 * integer, times step, exactly: decimal.js does not round this product to the precision).
 * step > 0.
 */
export function toNearest(a: Ex, step: Ex, mode: Mode): Ex {
  if (a.m === 0n) return EX_ZERO
  const neg = a.m < 0n
  // a / step exactly = (A·10^(a.e − e)) / (S·10^(step.e − e)) with e the smaller exponent
  const A = neg ? -a.m : a.m
  const e = Math.min(a.e, step.e)
  const num = A * pow10(a.e - e)
  const den = step.m * pow10(step.e - e)
  const q0 = num / den
  const q = roundQ(q0, num - q0 * den, den, mode)
  return { m: (neg ? -q : q) * step.m, e: step.e }
}

export function cmp(a: Ex, b: Ex): -1 | 0 | 1 {
  let x = a.m
  let y = b.m
  if (a.e < b.e) y *= pow10(b.e - a.e)
  else if (a.e > b.e) x *= pow10(a.e - b.e)
  return x < y ? -1 : x > y ? 1 : 0
}

/** a as a double within a few ulps (for float pre-filters only, never for a result). */
export function exNum(a: Ex): number {
  const x = Number(a.m)
  return a.e >= 0 ? x * 10 ** a.e : x / 10 ** -a.e
}

export function isZero(a: Ex): boolean {
  return a.m === 0n
}

/** decimal.js `toFixed()`: plain notation, no trailing zeros, '0' for zero. */
export function exStr(a: Ex): string {
  const m = a.m
  let e = a.e
  if (m === 0n) return '0'
  const neg = m < 0n
  let s = (neg ? -m : m).toString()
  // trailing zeros of the fraction go (on the digits: cheaper than BigInt divisions)
  let z = 0
  while (z < -e && s.charCodeAt(s.length - 1 - z) === 48) z++
  if (z > 0) {
    s = s.slice(0, s.length - z)
    e += z
  }
  let out: string
  if (e >= 0) out = s + '0'.repeat(e)
  else if (s.length > -e) out = `${s.slice(0, s.length + e)}.${s.slice(s.length + e)}`
  else out = `0.${'0'.repeat(-e - s.length)}${s}`
  return neg ? `-${out}` : out
}

/**
 * Back to the engine's Decimal (for callers that need one), built from its digit words
 * (decimal.ts decFromInt / decOfWords) instead of parsing the printed string: the same value,
 * so the same Decimal. Zero comes back as +0 (an Ex has no signed zero: callers whose result
 * may be zero and whose Decimal formula could give −0 keep that formula for it).
 */
export function toDec(a: Ex): Dec {
  const m = a.m
  if (m === 0n) return new D(0)
  const negative = m < 0n
  const A = negative ? -m : m
  if (A < TWO52) return decFromInt(negative, Number(A), a.e)
  const x = decFromDigits(negative, A, a.e)
  if (x.d.length > 3) remember(x, a)
  return x
}

const TWO52 = 2n ** 52n

/** m·10^e (m > 0, any size) from its digit string cut into base-10^7 words. */
function decFromDigits(negative: boolean, m: bigint, e: number): Dec {
  const words: number[] = []
  return decOfWords(negative, digitWords(m.toString(), e, words), words)
}
