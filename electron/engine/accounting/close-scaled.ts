/**
 * The part of an isolated position's partial close that the quiet workload's stops repeat
 * (issue 16: a reduce-only stop closing 1 % of a position), on integers held in doubles: the
 * margin the close releases and whether the fill's fee can exceed it, where positions.ts
 * otherwise goes through BigInt division and decimal.js. Every answer is the one of the exact
 * formula beside it (test/engine/close-scaled.test.ts); anything these do not decide returns
 * null or false and the exact formula answers.
 */
import { decFromInt, type Dec, MONEY_DP } from '../decimal'
import { POW10, readScaled, SC } from '../decimal-words'

/** Below this a sum or difference of three such integers is exact in a double. */
const TWO50 = 2 ** 50

/**
 * readScaled without the trailing zeros of a one-word value (0.1 reads as 1000000·10^−7):
 * SC.m · 10^−SC.dp with SC.m not a multiple of 10 unless SC.dp is 0.
 */
function readShort(x: Dec): boolean {
  if (!readScaled(x.d, x.e, x.s)) return false
  while (SC.dp > 0 && SC.m % 10 === 0) {
    SC.m /= 10
    SC.dp--
  }
  return true
}

/** x in 10^−8 units (an integer), or NaN when it has more than 8 decimals or is that large. */
function units(x: Dec): number {
  if (x.isZero()) return 0
  if (!readShort(x) || SC.dp > MONEY_DP) return NaN
  const u = SC.m * POW10[MONEY_DP - SC.dp]!
  return u < TWO50 && u > -TWO50 ? u : NaN
}

/**
 * ⌊margin·closed/qty⌋ to 8 dp as positions.ts releasedMargin gives it (closed/qty to 40
 * digits, times the margin to 40 digits, rounded down), or null. With a the margin in 10^−8
 * units and c, q the sizes as integers on one scale, that result is ⌊Y⌋ with Y within
 * 1e-39·X of X = a·c/q (two roundings of 5e-40 relative each). When q does not divide a·c, X
 * is at least 1/q from every integer, and 1e-39·X < 1/q as X·q = a·c < 2^52: ⌊Y⌋ = ⌊X⌋, the
 * integer quotient. When q divides a·c, Y may fall just below the integer X (closed/qty = 1/3
 * rounds down): null. Also null for a result of 0 (its sign is decimal.js's) and for operands
 * that are not short positive integers times powers of ten.
 */
export function releasedScaled(margin: Dec, closed: Dec, qty: Dec): Dec | null {
  const a = units(margin)
  if (!(a > 0) || !readShort(closed)) return null
  let c = SC.m
  const dc = SC.dp
  if (!readShort(qty)) return null
  let q = SC.m
  const dq = SC.dp
  // one scale for both sizes (each stays below 2^50, so the product check below is enough)
  if (dc < dq) c *= POW10[dq - dc] ?? Infinity
  else if (dq < dc) q *= POW10[dc - dq] ?? Infinity
  if (!(c > 0 && q > 0 && c < TWO50 && q < TWO50)) return null
  const ac = a * c
  if (!(ac < TWO50)) return null
  const r = ac % q
  if (r === 0) return null
  // (ac − r) / q is an integer below 2^50: the division is exact
  const n = (ac - r) / q
  return n > 0 ? decFromInt(false, n, -MONEY_DP) : null
}

/**
 * True when the shortfall max(0, fee·closed/qty − release − realized) of positions.ts is not
 * positive, shown on the 8 dp grid: fee ≥ 0, release and realized on the grid, and fee ≤
 * release + realized (exact: three integers below 2^50). Then the fee share, rounded to 40
 * digits, is ≤ fee (closed ≤ qty, and rounding keeps order and the representable fee), so each
 * rounded difference stays ≤ 0. False when that is not shown; the caller computes it.
 */
export function noShortfall(fee: Dec, release: Dec, realized: Dec): boolean {
  const f = units(fee)
  return f >= 0 && f - units(release) - units(realized) <= 0
}
