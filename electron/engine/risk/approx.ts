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
import type { PositionState } from '../state'
import {
  addPosition,
  bracketApprox,
  decided,
  numOf,
  numsOf,
  type ApproxMetrics,
} from './approx-base'
import { crossApprox } from './cross-approx'

export { decided, marginBuffer, mmApprox, numOf, REL, TOL, type ApproxMetrics } from './approx-base'
export { crossApprox } from './cross-approx'

/** Isolated scope of p: its wallet + UPnL, and its MM (risk/margin.ts isolatedMetrics). */
export function isolatedApprox(ctx: Ctx, p: PositionState): ApproxMetrics {
  const w = numOf(p.isolatedMargin)
  const acc: ApproxMetrics = { marginBalance: w, mm: 0, scale: Math.abs(w) + 1 }
  addPosition(
    acc,
    numOf(p.qty),
    numOf(p.entry),
    p.dir,
    markApprox(ctx, p.symbol),
    numsOf(brackets(ctx, p.symbol)),
  )
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
  let base: Readonly<ApproxMetrics>
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
