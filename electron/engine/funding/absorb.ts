/**
 * The funding fast path (issue 16): a settlement that leaves every risk scope with a positive
 * margin buffer changes nothing the thresholds decide, so the input skips the risk pass and
 * the thresholds' recomputation. Each scope's buffer takes its wallet change, rounded against
 * the trader; the quiet-bar boxes (quiet-bounds.ts) stay as they are unless the buffer got
 * smaller and the loss at the boxes' edges no longer fits it.
 */
import type { SymbolState } from '../state'
import { foldRisk, FOLD_MARGIN } from '../quiet-bounds'
import { REL } from '../risk/approx'
import type { RiskBound, SymbolThresholds, Thresholds } from '../thresholds'
import type { FundingDelta } from './funding'

/**
 * Applies each scope's wallet change to its buffer (less REL of it and 1e-6: the delta is
 * within 1e-14 relative, funding.ts) and requires the buffer to stay positive after the
 * worst-case loss of the move from the reference marks to the current marks (the symbols'
 * latest mark closes, by symbol index; quiet bars moved them). A buffer that grew keeps the
 * boxes (they fit a smaller one); one that shrank keeps them when quiet()'s loss formula at the
 * symbols' risk bounds — the edges of every scope's box, each no wider than this scope's own —
 * stays below (1 − FOLD_MARGIN) of it, the test foldRisk made them pass, else the boxes are
 * folded again around the current marks. False when a scope is unknown or was clamped, a
 * buffer would not stay positive or a scope has no box left: then the caller must run the
 * full risk pass and recompute the thresholds.
 */
export function absorbFunding(
  th: Thresholds,
  deltas: readonly FundingDelta[],
  symbols: readonly SymbolState[],
): boolean {
  let refold = false
  for (const x of deltas) {
    if (x.clamped) return false
    const b = riskOf(th, x.key)
    if (!b) return false
    const d = x.delta
    const change = d - Math.abs(d) * REL - 1e-6
    b.buffer += change
    let moved = 0
    for (let i = 0; i < b.ref.length; i++) {
      const m = symbols[i]?.mark?.c ?? 0
      const ref = b.ref[i]!
      if (m < ref) moved += b.down[i]! * (ref - m)
      else if (m > ref) moved += b.up[i]! * (m - ref)
    }
    if (!(b.buffer - moved > 0)) return false
    if (change < 0 && !(edgeLoss(b, th.syms) < b.buffer * (1 - FOLD_MARGIN))) refold = true
  }
  // the boxes centred on the current marks with the budget left (none: the full path)
  return !refold || foldRisk(th, symbols)
}

/**
 * quiet()'s loss sum for scope b with every used symbol's mark at its risk bounds (the
 * narrowest box of its scopes, so inside b's own): the most a bar accepted without the loss
 * sum can cost b. NaN (an unbounded side) fails the caller's comparison.
 */
export function edgeLoss(b: RiskBound, syms: readonly SymbolThresholds[]): number {
  let loss = 0
  for (const i of b.used) {
    const x = syms[i]!
    const ref = b.ref[i]!
    if (x.riskDown < ref) loss += b.down[i]! * (ref - x.riskDown)
    if (x.riskUp > ref) loss += b.up[i]! * (x.riskUp - ref)
  }
  return loss
}

/** The risk bound of scope `key`, if the thresholds have one. */
function riskOf(th: Thresholds, key: string): RiskBound | undefined {
  for (const r of th.risk) if (r.key === key) return r
  return undefined
}
