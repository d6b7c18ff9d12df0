/**
 * Liquidation and bankruptcy prices in closed form (exchange-rules.md §1.3, Binance [S1][S2]).
 *
 *        W + Σ cum_i − Σ s_i·Q_i·EP_i
 *  LP = ─────────────────────────────        W = WB − TMM₁ + UPNL₁ (cross)
 *        Σ Q_i·MMR_i − Σ s_i·Q_i                 = isolated wallet (isolated)
 *
 * One side in one-way mode (B terms) or isolated; two sides (L and S) for a cross hedge
 * pair, which then shares one LP. The bracket of each side is chosen *at the LP*: every
 * combination of brackets is tried and the one whose notionals Q_i·LP fall inside the
 * brackets is kept ([S2] "Important Note"). Bankruptcy price: the same with MMR = cum = 0.
 */
import { approxNum, D, type Dec } from '../decimal'
import type { Bracket } from '../instruments'
import {
  add,
  cmp,
  div,
  EX_ZERO,
  exInt,
  exOf,
  exStr,
  fromDec,
  isZero,
  mul,
  RM,
  sub,
  toDec,
  toNearest,
  type Ex,
} from '../exact'
import { bracketFit, COMBO, comboLp, floatSides, floatTicks, nextCombination } from './lp-floats'

export interface LpSide {
  /** +1 long, −1 short. */
  dir: 1 | -1
  qty: Dec
  entry: Dec
  brackets: Bracket[]
}

/**
 * The closed form for one bracket pick per side (null: bankruptcy, MMR = cum = 0), in exact
 * scaled integers that round as the engine's Decimals do (exact.ts): the LP is solved on
 * every fill's position view, and this is its Decimal-heavy part.
 */
function formula(W: Dec, sides: LpSide[], picks: Bracket[] | null): Ex | null {
  let num = fromDec(W)
  let den = EX_ZERO
  for (let i = 0; i < sides.length; i++) {
    const s = sides[i]!
    const b = picks?.[i]
    const q = fromDec(s.qty)
    const dir = s.dir === 1 ? EX_ONE : EX_MINUS_ONE
    if (b) num = add(num, exOf(b.cum))
    num = sub(num, mul(mul(q, fromDec(s.entry)), dir))
    if (b) den = add(den, mul(q, exOf(b.mmr)))
    den = sub(den, mul(q, dir))
  }
  if (isZero(den)) return null
  return div(num, den)
}

const EX_ONE = exInt(1)
const EX_MINUS_ONE = exInt(-1)

interface Solved {
  W: Dec
  sides: LpSide[]
  ex: Ex | null
  /** The Decimal of `ex` and its double (toNum), made when first asked for. */
  dec?: Dec | null
  num?: number
}

/**
 * Recently solved inputs, newest first: the solve is a pure function of (W, sides), and the
 * same inputs come back often (a hedge pair shares one LP; a position's LP is read by the bar
 * path, by every view and every positionChanged until something changes). Looked up by
 * value, read off the Decimals' parts (identity first: Decimals are immutable); bounded.
 */
const recent: Solved[] = []
const RECENT_MAX = 8

/**
 * a = b, from their parts: decimal.js keeps one representation per non-zero value (no leading
 * or trailing zero words), so equal parts are equal values and unequal parts unequal ones but
 * for −0 and +0, which read as different here (a cache miss, nothing else). A miss costs a
 * sign or exponent comparison where Decimal.eq ran a full comparison (issue 16: most lookups
 * miss, and the view of every fill makes one).
 */
function sameValue(a: Dec, b: Dec): boolean {
  if (a === b) return true
  if (a.s !== b.s || a.e !== b.e) return false
  const x = a.d
  const y = b.d
  if (!x || !y || x.length !== y.length) return false
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false
  return true
}

function sameSides(a: LpSide[], b: LpSide[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    if (x.dir !== y.dir || x.brackets !== y.brackets) return false
    if (!sameValue(x.qty, y.qty) || !sameValue(x.entry, y.entry)) return false
  }
  return true
}

function solve(W: Dec, sides: LpSide[]): Solved | null {
  const active = sides.filter((s) => s.qty.gt(0))
  if (active.length === 0) return null
  return recalled(W, active) ?? solveNew(W, active)
}

function recalled(W: Dec, active: LpSide[]): Solved | undefined {
  for (const r of recent) if (sameValue(r.W, W) && sameSides(r.sides, active)) return r
  return undefined
}

function solveNew(W: Dec, active: LpSide[]): Solved {
  const quick = quickSolve(W, active)
  const ex = quick === 'search' ? exOrNull(solveExhaustive(W, active)) : quick
  const r: Solved = { W, sides: active.map((s) => ({ ...s })), ex }
  recent.unshift(r)
  if (recent.length > RECENT_MAX) recent.pop()
  return r
}

function exOrNull(x: Dec | null): Ex | null {
  return x === null ? null : fromDec(x)
}

/**
 * Raw (unrounded) liquidation price, or null when there is none (LP ≤ 0, or the
 * positions cannot be liquidated by price, e.g. a perfectly hedged pair).
 */
export function solveLiquidationPrice(W: Dec, sides: LpSide[]): Dec | null {
  const r = solve(W, sides)
  if (!r) return null
  if (r.dec === undefined) r.dec = r.ex === null ? null : toDec(r.ex)
  return r.dec
}

/**
 * toNum(solveLiquidationPrice(W, sides)), NaN when there is none: the bar path compares it with
 * bar prices. The shortest decimal string parses to the same double as the Decimal's.
 */
export function solveLiquidationPriceNum(W: Dec, sides: LpSide[]): number {
  const r = solve(W, sides)
  if (!r || r.ex === null) return NaN
  if (r.num === undefined) r.num = Number(exStr(r.ex))
  return r.num
}

/** solveLiquidationPrice as an exact scaled integer (for the views, without a Decimal). */
export function solveLiquidationPriceEx(W: Dec, sides: LpSide[]): Ex | null {
  return solve(W, sides)?.ex ?? null
}

/**
 * toNearest(solveLiquidationPriceEx(W, sides), tick, HALF_UP), null when there is none (the
 * position view prints this): from doubles when they decide it (floatTicks), else exactly.
 */
export function solveLiquidationPriceTicks(
  W: Dec,
  sides: LpSide[],
  tick: Ex,
  tickNum: number,
): Ex | null {
  const active = sides.filter((s) => s.qty.gt(0))
  if (active.length === 0) return null
  let r = recalled(W, active)
  if (!r) {
    const n = floatTicks(W, active, tickNum)
    if (n !== undefined) return { m: BigInt(n) * tick.m, e: tick.e }
    r = solveNew(W, active)
  }
  return r.ex === null ? null : toNearest(r.ex, tick, RM.HALF_UP)
}

/**
 * The first bracket combination (odometer order) that fits, found by skipping every
 * combination that floats show to be clearly impossible (LP clearly ≤ 0, or a notional
 * clearly outside its bracket) and checking the rest exactly. Every skipped combination
 * would fail the exact check too, so the first exact fit here is the first exact fit of
 * solveExhaustive. When none fits exactly: null if every combination's price was clearly
 * ≤ 0 (the exhaustive search would find no candidate either), else 'search' (the caller
 * runs the exhaustive search for the closest residual).
 */
function quickSolve(W: Dec, active: LpSide[]): Ex | null | 'search' {
  // Inputs within 1e-14 relative (approxNum): far inside the 1e-7 tolerance below.
  const w = approxNum(W)
  const fs = floatSides(active)
  const idx = active.map(() => 0)
  let allNegative = true
  for (;;) {
    comboLp(w, fs, idx, active)
    const { lp, den, scale } = COMBO
    // lp is off by a few ulps of num/den unless den nearly cancels (then the exact check
    // decides); a combination is skipped only when it misses by 1e-7 relative or more.
    const clear = Math.abs(den) > 1e-6 * (fs.reduce((a, f) => a + f.q, 0) + 1e-300)
    let possible = true
    if (clear && Number.isFinite(lp)) {
      const tol = 1e-7 * (Math.abs(lp) + scale / Math.abs(den))
      if (lp <= -tol) possible = false
      else {
        allNegative = false
        for (let i = 0; i < active.length && possible; i++)
          if (bracketFit(fs, idx, i, lp, tol) < 0) possible = false
      }
    } else allNegative = false
    if (possible) {
      allNegative = false
      const picks = active.map((s, i) => s.brackets[idx[i]!]!)
      const exact = formula(W, active, picks)
      if (exact !== null && cmp(exact, EX_ZERO) > 0 && fitsAt(active, picks, idx, exact))
        return exact
    }
    if (!nextCombination(idx, active)) return allNegative ? null : 'search'
  }
}

function fitsAt(active: LpSide[], picks: Bracket[], idx: number[], lp: Ex): boolean {
  return active.every((s, i) => {
    const n = mul(fromDec(s.qty), lp)
    const b = picks[i]!
    const last = idx[i] === s.brackets.length - 1
    return cmp(exOf(b.floor), n) <= 0 && (last || cmp(n, exOf(b.cap)) < 0)
  })
}

/** The original search: first exact fit in odometer order, else the closest real root (exported for the equivalence test). */
export function solveExhaustive(W: Dec, active: LpSide[]): Dec | null {
  const idx = active.map(() => 0)
  // Closest candidate by residual, for LPs that sit exactly on a bracket boundary where
  // rounding makes no combination "fit"; rejected when it is not a real root (e.g. a hedge
  // pair that is liquidatable at every price has none).
  let best: { lp: Dec; r: Dec } | null = null
  for (;;) {
    const picks = active.map((s, i) => s.brackets[idx[i]!]!)
    const lpx = formula(W, active, picks)
    if (lpx !== null && cmp(lpx, EX_ZERO) > 0) {
      const lp = toDec(lpx)
      if (fitsAt(active, picks, idx, lpx)) return lp
      const r = residual(W, active, lp).abs()
      if (!best || r.lt(best.r)) best = { lp, r }
    }
    if (!nextCombination(idx, active)) break
  }
  if (!best) return null
  const scale = active.reduce((a, s) => a.plus(s.qty.times(best!.lp)), W.abs()).plus(1)
  return best.r.lte(scale.times('1e-20')) ? best.lp : null
}

/** Margin balance − maintenance margin at price P, with each side's true bracket at P. */
function residual(W: Dec, sides: LpSide[], P: Dec): Dec {
  let x = W
  for (const s of sides) {
    const n = s.qty.times(P)
    let b = s.brackets[0]!
    for (const c of s.brackets) if (c.floor.lte(n)) b = c
    x = x.plus(P.minus(s.entry).times(s.qty).times(s.dir)).minus(n.times(b.mmr).minus(b.cum))
  }
  return x
}

/** Bankruptcy price: margin balance reaches 0 (MMR = cum = 0). */
export function solveBankruptcyPrice(W: Dec, sides: LpSide[]): Dec | null {
  const active = sides.filter((s) => s.qty.gt(0))
  if (active.length === 0) return null
  const bp = formula(W, active, null)
  return bp === null ? null : cmp(bp, EX_ZERO) > 0 ? toDec(bp) : new D(0)
}

/**
 * Bybit's isolated USDT-contract liquidation price (exchange-rules.md §2, [S19]), for
 * comparisons in the coach: long LP = EP − (IM − MM)/Q − extra/Q, short LP = EP + (IM − MM)/Q +
 * extra/Q, with IM = Q·EP/L and MM = Q·EP·MMR − deduction.
 */
export function bybitIsolatedLiquidationPrice(a: {
  dir: 1 | -1
  qty: Dec
  entry: Dec
  leverage: Dec
  mmr: Dec
  deduction?: Dec
  extraMargin?: Dec
}): Dec {
  const value = a.qty.times(a.entry)
  const im = value.div(a.leverage)
  const mm = value.times(a.mmr).minus(a.deduction ?? 0)
  const move = im
    .minus(mm)
    .plus(a.extraMargin ?? 0)
    .div(a.qty)
  return a.dir === 1 ? a.entry.minus(move) : a.entry.plus(move)
}
