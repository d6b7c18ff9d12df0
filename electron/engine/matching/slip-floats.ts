/**
 * The slipped fill price's tick count decided in doubles when the doubles decide it (issue 16;
 * slippage.ts `slipped`): the slippage model's exact path (scaled integers, a correctly rounded
 * square root, two 40-digit divisions, five bar numbers converted) cost ~7 µs a stop-market
 * fill. The slipped price is an integer number of ticks, k = ⌈y⌉ (BUY) or max(1, ⌊y⌋) (SELL)
 * with y = r·(1 ± frac)/tick, so it is exact as soon as k is known: when the double ȳ lies
 * further from every integer than its proven error bound, ⌈ȳ⌉ / ⌊ȳ⌋ is the exact path's k.
 * Every other case (a tie on a tick, an input near a switch of the formula, values outside the
 * plain range below) returns NaN and the exact path answers.
 *
 * Error bound (docs/performance.md "Session 6, slippage in doubles"). Inputs: r, q, tick and
 * the four constants read by approxNum (relative error ≤ A = 1e-14), the bar numbers are the
 * doubles whose shortest texts the exact path parses (|h − H| ≤ u·|h|, u = 2^-53); every double
 * operation adds ≤ u; the exact path's 40-digit roundings add ≤ 5e-40 each (negligible). All
 * inputs lie in [1e-100, 1e100] (no underflow, no overflow below) and the constants are ≥ 0.
 * 1. share = N/V (4 inputs, 3 operations): ≤ 4.2e-14 relative; √: ≤ 2.3e-14 relative.
 * 2. range = (h − l)/o: the bar numbers' own conversion errors cancel badly when h ≈ l, so the
 *    bound is absolute, ≤ 6e-16·G with G = (|h| + |l|)/o.
 * 3. t = √share·impact·m (m = max(range, minRange)): ≤ √s·impact·(1.1e-14·(G + minRange)
 *    + 3.5e-14·m); sum = t + halfSpread: ≤ 4e-14·F with F = halfSpread + √s·impact·(m + G +
 *    minRange). frac = min(maxFraction, sum): ≤ 4e-14·(F + maxFraction).
 * 4. ȳ = r·(1 ± frac)/tick: |ȳ − y| ≤ 5e-14·W·(1 + frac + F + maxFraction), W = r/tick.
 * Each switch of the formula (share = min(N/V, 1), max(range, minRange), min(maxFraction, sum))
 * is taken only when the doubles clear it by TOL times the scale of its sides, and the tick
 * count only when ȳ clears the nearest integer by TOL·W·(1 + frac + F + maxFraction): with
 * TOL = 1e-9 that is 20,000 times the bound, so the exact value lies on the same side of
 * every boundary. (The three switches are continuous, so deciding them needs no margin for
 * the value; the margin makes each branch's bound the one that applies. The SELL floor at one
 * tick is max(1, ⌊y⌋), flat for y < 2; an integer y ≤ 1 falls back like any other.)
 */

/** The model's constants as doubles (approxNum of the exact constants). */
export interface FloatParams {
  halfSpread: number
  impact: number
  minRange: number
  maxFraction: number
}

export interface BarNums {
  o: number
  h: number
  l: number
  c: number
  v: number
}

/** Required clearance, relative to each boundary's scale (20,000 × the error bound). */
export const TOL = 1e-9

/** A positive double in the range where the relative bounds above hold. */
export const plain = (x: number): boolean => x >= 1e-100 && x <= 1e100

/**
 * The slipped price in ticks (an integer ≥ 1), or NaN when the doubles do not decide it.
 * r, q, tick: approxNum of the reference price, the quantity and the tick size.
 */
export function floatTicks(
  p: FloatParams,
  bar: BarNums | null,
  tick: number,
  r: number,
  q: number,
  buy: boolean,
  tol: number = TOL,
): number {
  if (!(plain(r) && plain(q) && plain(tick))) return NaN
  let s = 1 // √share; no bar, or no quote volume: share = 1
  let range = 0
  let G = 0
  if (bar) {
    const { v, c } = bar
    if (plain(v) && plain(c)) {
      const share = (q * r) / (v * c)
      if (share <= 1 - tol) {
        if (!(share >= 1e-30)) return NaN
        s = Math.sqrt(share)
      } else if (!(share >= 1 + tol)) return NaN
    } else if (!(v === 0 && Math.abs(c) < Infinity)) return NaN // exact: V = 0 → share 1
    const { o, h, l } = bar
    if (o > 0) {
      // the exact path parses o, h and l here (and throws on a non-finite one)
      if (!(plain(o) && plain(h) && plain(l))) return NaN
      range = (h - l) / o
      G = (h + l) / o
    }
  }
  const { halfSpread, impact, minRange, maxFraction } = p
  const cut = tol * (G + minRange)
  let m: number
  if (range >= minRange + cut) m = range
  else if (range <= minRange - cut) m = minRange
  else return NaN
  const si = s * impact
  const sum = si * m + halfSpread
  const F = halfSpread + si * (m + G + minRange)
  const cutF = tol * (F + maxFraction)
  // frac and the scale of its error: F (the sum's) or maxFraction (a constant's)
  let frac: number
  let E: number
  if (sum <= maxFraction - cutF) {
    frac = sum
    E = F
  } else if (sum >= maxFraction + cutF) {
    frac = maxFraction
    E = maxFraction
  } else return NaN
  const W = r / tick
  const y = (r * (buy ? 1 + frac : 1 - frac)) / tick
  const k = Math.round(y)
  if (!(Math.abs(y - k) > tol * W * (1 + frac + E))) return NaN
  return buy ? Math.ceil(y) : Math.max(1, Math.floor(y))
}
