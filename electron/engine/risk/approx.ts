/**
 * Float shadows of the Decimal risk metrics, used only to *skip* Decimal work when a
 * comparison is decided by a wide margin (issue 16: the busy path). Never money.
 *
 * Every value here is a double computed from the exact Decimal state (each input within
 * 1e-14 relative, approxNum) in a handful of operations, so its absolute error is below
 * ~1e-13 of the largest magnitude involved (the proof is in docs/performance.md).
 * Each metric carries `scale` (a sum of the magnitudes that entered it) and callers treat a
 * comparison as decided only when the gap exceeds TOL × scale — four orders of magnitude
 * above the worst-case error. Anything closer (or a notional near a bracket floor, where the
 * bracket itself could differ) is answered by the exact Decimal code, so every decision
 * equals the one the Decimal path would take and the event log does not change.
 */
import { brackets, markApprox, type Ctx } from '../context'
import { approxNum, type Dec } from '../decimal'
import type { Bracket } from '../instruments'
import type { PositionState } from '../state'

/** Relative tolerance for a float comparison to count as decided. */
export const TOL = 1e-9

/**
 * x as a double (relative error < 1e-14, decimal.ts approxNum): read straight from the digit
 * words, with no string round trip and no per-instance memo (a WeakMap entry for every
 * short-lived Decimal cost more in lookups and GC than the conversion it saved).
 */
export const numOf: (x: Dec) => number = approxNum

export interface ApproxMetrics {
  marginBalance: number
  mm: number
  /** Σ of the magnitudes that entered (error bound = TOL × scale). */
  scale: number
}

/** A bracket table's floors, MMRs and cums as doubles (numOf), read once per table. */
interface TableNums {
  floor: Float64Array
  mmr: Float64Array
  cum: Float64Array
}

const tableNums = new WeakMap<Bracket[], TableNums>()

function numsOf(table: Bracket[]): TableNums {
  let t = tableNums.get(table)
  if (t === undefined) {
    t = {
      floor: Float64Array.from(table, (c) => numOf(c.floor)),
      mmr: Float64Array.from(table, (c) => numOf(c.mmr)),
      cum: Float64Array.from(table, (c) => numOf(c.cum)),
    }
    tableNums.set(table, t)
  }
  return t
}

/**
 * Maintenance margin of notional n in floats, or NaN when n is within tolerance of a bracket
 * floor (the exact bracket is then a Decimal question).
 */
export function mmApprox(table: Bracket[], n: number): number {
  const t = numsOf(table)
  const b = bracketApprox(t, n)
  return b < 0 ? NaN : n * t.mmr[b]! - t.cum[b]!
}

/**
 * Index of the bracket of notional n (the last floor ≤ n, as instruments.ts bracketFor), or −1
 * when n is within tolerance of a floor. The index never decreases as n grows.
 */
function bracketApprox(t: TableNums, n: number): number {
  let b = 0
  for (let i = 0; i < t.floor.length; i++) {
    const f = t.floor[i]!
    if (Math.abs(n - f) <= TOL * (Math.abs(n) + f + 1)) return -1
    if (f <= n) b = i
  }
  return b
}

function addPosition(ctx: Ctx, acc: ApproxMetrics, p: PositionState): void {
  const m = markApprox(ctx, p.symbol)
  const q = numOf(p.qty)
  const e = numOf(p.entry)
  const n = q * m
  acc.marginBalance += (m - e) * q * p.dir
  acc.mm += mmApprox(brackets(ctx, p.symbol), n)
  acc.scale += 2 * Math.abs(n) + Math.abs(q * e)
}

/**
 * Cross scope: cross wallet + Σ cross UPnL, and Σ cross MM (risk/margin.ts crossMetrics);
 * with `except`, without the cross positions of that symbol.
 */
export function crossApprox(ctx: Ctx, except?: string): ApproxMetrics {
  const w = numOf(ctx.s.wallet)
  const acc: ApproxMetrics = { marginBalance: w, mm: 0, scale: Math.abs(w) + 1 }
  for (const p of ctx.s.positions) {
    if (p.marginType === 'ISOLATED') {
      const iso = numOf(p.isolatedMargin)
      acc.marginBalance -= iso
      acc.scale += Math.abs(iso)
    } else if (p.symbol !== except) addPosition(ctx, acc, p)
  }
  return acc
}

/** Isolated scope of p: its wallet + UPnL, and its MM (risk/margin.ts isolatedMetrics). */
export function isolatedApprox(ctx: Ctx, p: PositionState): ApproxMetrics {
  const w = numOf(p.isolatedMargin)
  const acc: ApproxMetrics = { marginBalance: w, mm: 0, scale: Math.abs(w) + 1 }
  addPosition(ctx, acc, p)
  return acc
}

/**
 * True when p's liquidation price (risk/scope-prices.ts liquidationPriceNumOf) provably lies
 * outside [lo, hi], so the bar path need not solve it. That LP is where the scope's margin
 * balance less MM, f(P) = W + Σ s·Q·(P − EP) − Σ MM(Q·P) over the sides of p's symbol in its
 * scope (others at their current marks), is zero: an exact bracket fit, or a residual within
 * 1e-20 of its scale (liquidation-price.ts). When each side's notional keeps one bracket over
 * the range, f is linear there; decided with one sign at both ends (gap > TOL·scale, as every
 * float pre-filter here) it has no root in the range. The range is widened by 1e-12 relative:
 * the LP is compared as a double, which may round onto an end.
 */
export function lpOutside(ctx: Ctx, p: PositionState, lo: number, hi: number): boolean {
  const a = lo * (1 - 1e-12)
  const b = hi * (1 + 1e-12)
  const iso = p.marginType === 'ISOLATED'
  let base: ApproxMetrics
  if (iso) {
    const w = numOf(p.isolatedMargin)
    base = { marginBalance: w, mm: 0, scale: Math.abs(w) + 1 }
  } else base = crossApprox(ctx, p.symbol)
  const t = numsOf(brackets(ctx, p.symbol))
  let fa = base.marginBalance - base.mm
  let fb = fa
  let sa = base.scale
  let sb = base.scale
  // the sides of the solve (scopeInputs): p alone when isolated, else the symbol's cross sides
  for (const q of ctx.s.positions) {
    if (iso ? q !== p : q.marginType !== 'CROSSED' || q.symbol !== p.symbol) continue
    const qty = numOf(q.qty)
    const e = numOf(q.entry)
    const na = qty * a
    const nb = qty * b
    const k = bracketApprox(t, na)
    if (k < 0 || bracketApprox(t, nb) !== k) return false
    fa += (a - e) * qty * q.dir - (na * t.mmr[k]! - t.cum[k]!)
    fb += (b - e) * qty * q.dir - (nb * t.mmr[k]! - t.cum[k]!)
    sa += 2 * Math.abs(na) + Math.abs(qty * e)
    sb += 2 * Math.abs(nb) + Math.abs(qty * e)
  }
  const da = decided(fa, 0, sa)
  return da !== 0 && da === decided(fb, 0, sb)
}

/**
 * Sign of (a − b) when the float gap decides it (+1 / −1), else 0 (ask the Decimal code).
 * NaN inputs (an undecidable bracket) give 0.
 */
export function decided(a: number, b: number, scale: number): 1 | -1 | 0 {
  const d = a - b
  const tol = TOL * scale
  if (d > tol) return 1
  if (d < -tol) return -1
  return 0
}
