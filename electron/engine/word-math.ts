/**
 * The fill's long formulas on decimal.js's own digit words, in doubles (issue 16). An averaged
 * entry and the opening fees a partly closed position carries are 40-digit values, recomputed
 * on every fill; exact.ts does them on BigInts, where converting to and from the Decimal and
 * ~20 BigInt operations (each an allocation) cost ~1 µs a formula. Here the operands are
 * read where decimal.js keeps them (base-10^7 words, aligned on exponents that are multiples
 * of 7), every product and carry is an integer below 2^53 (so exact in a double), each step is
 * rounded to 40 significant digits half-even as `D` rounds it, and the result is written as
 * words: the very Decimal the `D` formula gives, digit for digit (test/engine/word-math.test.ts
 * compares them on random and adversarial operands).
 *
 * Positive operands only, and a divisor of at most ~9 digits (a position's size): anything
 * else returns null and the caller takes the exact.ts path.
 */
import { type Dec, decOfWords, MONEY_DP } from './decimal'
import { POW10 } from './decimal-words'

/** A positive value Σ w[i]·10^(T − 7i): base-10^7 words, w[0] ≠ 0, T a multiple of 7. */
interface W {
  w: number[]
  T: number
}

const BASE = 1e7
/** Significant digits of every result (decimal.ts `precision`). */
const P = 40
/** Longest operand taken (words): 40-digit values span at most 7. */
const MAX_WORDS = 12
/** Largest divisor mantissa: a remainder times 10^7 plus a word stays below 2^53. */
const MAX_DIVISOR = 9e8

function digits7(x: number): number {
  return x < 10 ? 1 : x < 100 ? 2 : x < 1e3 ? 3 : x < 1e4 ? 4 : x < 1e5 ? 5 : x < 1e6 ? 6 : 7
}

/** x's words (not copied: never written), or null unless x is finite, positive and not long. */
function wordsOf(x: Dec): W | null {
  const d = x.d
  if (d === null || x.s < 0 || d[0] === 0 || d.length > MAX_WORDS) return null
  return { w: d, T: x.e - digits7(d[0]!) + 1 }
}

/**
 * The Decimal of x. Its words are copied as small integers (`| 0`: words are below 10^7): the
 * arrays above held products past 2^31, stored as doubles, and a Decimal's words stored so
 * would make decimal.js's and the engine's reads of `d` see two element kinds.
 */
function toDec(x: W, negative = false): Dec {
  const d: number[] = []
  for (let i = 0; i < x.w.length; i++) d.push(x.w[i]! | 0)
  return decOfWords(negative, x.T + digits7(d[0]!) - 1, d)
}

/**
 * ⌊v / B⌋ for integers 0 ≤ v < 2^53 and B > 0, from v·(1/B) (a multiply, not a divide): the
 * product is within ~2.3e-16 relative, under one for every quotient here (below 10^9), so the
 * floor is off by at most one, which one step corrects.
 */
function floorDiv(v: number, B: number, inv: number): number {
  let q = Math.floor(v * inv)
  if (q * B > v) q--
  else if (v - q * B >= B) q++
  return q
}

const INV_BASE = 1 / BASE

/** Words holding any non-negative integers below 2^53 (sums of products), carried to base 10^7. */
function carried(r: number[], T: number): W {
  let c = 0
  for (let i = r.length - 1; i >= 0; i--) {
    const v = r[i]! + c
    c = floorDiv(v, BASE, INV_BASE)
    r[i] = v - c * BASE
  }
  while (c > 0) {
    const q = floorDiv(c, BASE, INV_BASE)
    r.unshift(c - q * BASE)
    c = q
    T += 7
  }
  return { w: r, T }
}

/** a·b, exact (rounded by the caller). */
function mul(a: W, b: W): W {
  const A = a.w
  const B = b.w
  const la = A.length
  const lb = B.length
  const r: number[] = []
  // word k sums A[i]·B[k − i]: each product < 10^14, at most MAX_WORDS of them: < 2^53
  for (let k = 0; k < la + lb - 1; k++) {
    let x = 0
    for (let i = k < lb ? 0 : k - lb + 1, end = k < la ? k : la - 1; i <= end; i++)
      x += A[i]! * B[k - i]!
    r.push(x)
  }
  return carried(r, a.T + b.T)
}

/**
 * a + sign·b exact on one grid of words (the higher top to the lower last word), not carried;
 * null when the exponents lie too far apart.
 */
function combined(a: W, b: W, sign: 1 | -1): { r: number[]; top: number } | null {
  const top = a.T > b.T ? a.T : b.T
  const ea = a.T - 7 * (a.w.length - 1)
  const eb = b.T - 7 * (b.w.length - 1)
  const n = (top - (ea < eb ? ea : eb)) / 7 + 1
  if (n > 2 * MAX_WORDS) return null
  const ia = (top - a.T) / 7
  const ib = (top - b.T) / 7
  const r: number[] = []
  for (let k = 0; k < n; k++) {
    const i = k - ia
    const j = k - ib
    r.push(
      (i >= 0 && i < a.w.length ? a.w[i]! : 0) + sign * (j >= 0 && j < b.w.length ? b.w[j]! : 0),
    )
  }
  return { r, top }
}

/** a + b, exact (rounded by the caller); null when the exponents lie too far apart. */
function add(a: W, b: W): W | null {
  const g = combined(a, b, 1)
  return g && carried(g.r, g.top)
}

/** a − b, exact, when a > b; null otherwise (or when too far apart). */
function sub(a: W, b: W): W | null {
  const g = combined(a, b, -1)
  if (!g) return null
  const r = g.r
  let borrow = 0
  for (let i = r.length - 1; i >= 0; i--) {
    const v = r[i]! - borrow
    borrow = v < 0 ? 1 : 0
    r[i] = v + borrow * BASE
  }
  if (borrow) return null // a < b
  let z = 0
  while (z < r.length && r[z] === 0) z++
  if (z === r.length) return null // a = b: decimal.js's zero, not ours
  return { w: z ? r.slice(z) : r, T: g.top - 7 * z }
}

/**
 * a / b rounded to P digits, half-even, when b's words form an integer below MAX_DIVISOR: long
 * division word by word (each step below 2^53), on until the quotient has P + 1 digits and
 * every word of a is used, the remainder deciding ties (decimal.js `div`).
 */
function divSmall(a: W, b: W): W | null {
  // b = B·10^z · 10^(exponent of b's last word); z > 0 (the last word's padding zeros left
  // out) only when b's words read as one integer are too long
  const lb = b.w.length
  let B = 0
  let z = 0
  for (let i = 0; i < lb && B <= MAX_DIVISOR * BASE; i++) B = B * BASE + b.w[i]!
  if (B > MAX_DIVISOR) {
    let last = b.w[lb - 1]!
    while (last % 10 === 0) {
      last /= 10
      z++
    }
    B = 0
    for (let i = 0; i < lb - 1 && B <= MAX_DIVISOR; i++) B = B * BASE + b.w[i]!
    B = B * POW10[7 - z]! + last
    if (B > MAX_DIVISOR) return null
  }
  const inv = 1 / B
  const q: number[] = []
  let r = 0
  let lead = 0 // leading zero words of q
  let n = 0 // digits of q so far
  for (let i = 0; i < a.w.length || n <= P; i++) {
    const v = r * BASE + (i < a.w.length ? a.w[i]! : 0)
    const d = floorDiv(v, B, inv)
    r = v - d * B
    q.push(d)
    if (n > 0) n += 7
    else if (d === 0) lead++
    else n = digits7(d)
  }
  // q's word i has exponent a.T − 7i − (exponent of b's last word) − z: times 10^(7 − z), one
  // word lower, when z > 0 (exact: the same digits; the remainder stays below the last)
  const T = a.T - (b.T - 7 * (lb - 1)) - 7 * lead
  const x = { w: lead ? q.slice(lead) : q, T }
  return round(z === 0 ? x : scaled(x, POW10[7 - z]!), r !== 0)
}

/** x·k·10^−7 for 1 < k < 10^7, exact (the words times k, one word lower). */
function scaled(x: W, k: number): W {
  const r = new Array<number>(x.w.length)
  for (let i = 0; i < r.length; i++) r[i] = x.w[i]! * k
  return carried(r, x.T - 7)
}

/**
 * x rounded to P significant digits, half-even (decimal.js `finalise`), in place; `sticky`: a
 * non-zero remainder lies below x's last word (x then has more than P digits).
 */
function round(x: W, sticky: boolean): W {
  return roundOff(x, digits7(x.w[0]!) + 7 * (x.w.length - 1) - P, sticky)
}

/** x without its `drop` lowest digits (fewer than it has), half-even, in place. */
function roundOff(x: W, drop: number, sticky: boolean): W {
  const w = x.w
  const L = w.length
  if (drop <= 0) return x
  const full = Math.floor(drop / 7)
  const rem = drop - 7 * full
  // w[j] holds the last kept digit; unit is its place value within the word
  const j = L - 1 - full
  const unit = POW10[rem]!
  const kept = w[j]! - (w[j]! % unit)
  // the first dropped piece against half a unit of the last kept digit
  const piece = rem > 0 ? w[j]! % unit : w[j + 1]!
  const half = rem > 0 ? unit / 2 : BASE / 2
  let up = piece > half
  if (piece === half) {
    let rest = sticky
    for (let i = rem > 0 ? j + 1 : j + 2; !rest && i < L; i++) rest = w[i] !== 0
    up = rest || (kept / unit) % 2 === 1
  }
  w.length = j + 1
  w[j] = kept
  if (up) {
    w[j] += unit
    for (let i = j; w[i]! >= BASE; i--) {
      w[i] -= BASE
      if (i === 0) {
        w.unshift(1)
        x.T += 7
        break
      }
      w[i - 1] += 1
    }
  }
  return x
}

/**
 * (entry·qty + price·opened) / newQty with each operation rounded as `D` rounds it: the entry
 * of a position of `qty` at `entry` after `opened` more at `price` (accounting/positions.ts).
 */
export function wordsAveragedEntry(
  entry: Dec,
  qty: Dec,
  price: Dec,
  opened: Dec,
  newQty: Dec,
): Dec | null {
  const e = wordsOf(entry)
  const q = wordsOf(qty)
  const p = wordsOf(price)
  const o = wordsOf(opened)
  const n = wordsOf(newQty)
  if (!e || !q || !p || !o || !n) return null
  const sum = add(round(mul(e, q), false), round(mul(p, o), false))
  const x = sum && divSmall(round(sum, false), n)
  return x && toDec(x)
}

/**
 * fees − fees·(closed / qty) with each operation rounded as `D` rounds it: the opening fees
 * the rest of a position carries after `closed` of its `qty` closes (0 < closed < qty).
 */
export function wordsCarriedFees(fees: Dec, closed: Dec, qty: Dec): Dec | null {
  const f = wordsOf(fees)
  const c = wordsOf(closed)
  const q = wordsOf(qty)
  if (!f || !c || !q) return null
  const frac = divSmall(c, q)
  const x = frac && sub(f, round(mul(f, frac), false))
  return x && toDec(round(x, false))
}

/** a + b for positive a and b, rounded as `D` rounds it (fees added to a long carried total). */
export function wordsPlus(a: Dec, b: Dec): Dec | null {
  const x = wordsOf(a)
  const y = wordsOf(b)
  const s = x && y && add(x, y)
  return s && toDec(round(s, false))
}

/**
 * (price − entry)·qty·dir rounded to 8 dp half-even, each operation rounded as `D` rounds it:
 * the realized PnL of closing `qty` of a position (accounting/pnl.ts). Null (the caller's
 * formula) for a zero difference or a product below 10^−8 (it rounds to zero or one unit).
 */
export function wordsClosePnl(entry: Dec, price: Dec, qty: Dec, dir: 1 | -1): Dec | null {
  const e = wordsOf(entry)
  const p = wordsOf(price)
  const q = wordsOf(qty)
  if (!e || !p || !q) return null
  // |price − entry| (sub declines a ≤ b) and its sign
  let below = false
  let diff = sub(p, e)
  if (!diff) {
    diff = sub(e, p)
    below = true
  }
  if (!diff) return null
  const x = round(mul(round(diff, false), q), false)
  const digits = digits7(x.w[0]!) + 7 * (x.w.length - 1)
  // the digits below 10^−8: from the exponent of the last word
  const drop = -MONEY_DP - (x.T - 7 * (x.w.length - 1))
  if (drop >= digits) return null
  return toDec(roundOff(x, drop, false), below !== dir < 0)
}
