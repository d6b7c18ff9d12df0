/**
 * The risk scopes' margin bounds folded into each symbol's mark bounds, so that quiet() checks a
 * bar with the four range comparisons it makes for the orders anyway instead of summing every
 * scope's worst-case loss on every step (issue 16: that loop was ~10 % of the quiet fast window).
 *
 * A scope (thresholds.ts RiskBound) may lose less than `buffer` before something could happen;
 * a move of symbol i's mark from its reference ref_i down to lo costs at most
 * down_i·(ref_i − lo), up to hi at most up_i·(hi − ref_i) (quiet()'s loss sum, `lossesFit`).
 * The fold gives every used symbol of the scope a box centred on its current mark c_i,
 * (c_i·(1 − t), c_i·(1 + t)), with the largest common t whose worst-case loss (every symbol at
 * the edge of its box that costs) stays below the buffer. A symbol's mark bounds are the
 * narrowest over its scopes and its orders' mark levels. So every bar inside them is one the
 * loss sum accepts, and an absent symbol (gaps) keeps a mark inside its box.
 *
 * A bar outside a box but inside its orders' levels goes to the loss sum itself (as before the
 * fold) and, when it passes, the boxes are centred again on the new marks (the budget left
 * decides their width). A scope whose buffer is not positive, or whose marks already cost it
 * (no box), marks every symbol `always`: every bar input then takes the full path, which
 * recomputes the thresholds (the loss sum failed on every input then as well).
 *
 * Floats: t is taken 1e-9 inside the solution, and each box is checked with the loss sum's own
 * formula at its edges and kept only when that loss is below (1 − 1e-12)·buffer, far beyond the
 * sum's few roundings (~n ulps of the loss); otherwise t is shrunk more and checked again.
 * test/engine/quiet-bounds.test.ts computes the loss at the edges exactly; without both
 * margins about 1 in 1,500 of its one-symbol edges costs more than the buffer. The buffer and slopes carry
 * thresholds.ts's own margins as before.
 */
import type { SymbolState } from './state'
import type { RiskBound, Thresholds } from './thresholds'

/** Relative margin of the checked loss at the box edges (see above). */
export const FOLD_MARGIN = 1e-12
/** How far inside the solved half-width the box is tried, in turn. */
const SHRINKS = [1e-9, 1e-6, 1e-3, 0.5]

/**
 * Writes each symbol's riskUp/riskDown (the boxes of th.risk, centred on `symbols[i].mark.c`)
 * and markUp/markDown (those and its orders' mark levels). False, with every symbol `always`,
 * when some scope has no box.
 */
export function foldRisk(th: Thresholds, symbols: readonly SymbolState[]): boolean {
  const syms = th.syms
  for (const x of syms) {
    x.riskUp = Infinity
    x.riskDown = 0
  }
  let ok = true
  for (const b of th.risk) {
    const t = boxWidth(b, symbols)
    if (!(t > 0)) {
      ok = false
      continue
    }
    for (const i of b.used) {
      const x = syms[i]!
      const c = markAt(b, symbols, i)
      const lo = c * (1 - t)
      const hi = c * (1 + t)
      if (lo > x.riskDown) x.riskDown = lo
      if (hi < x.riskUp) x.riskUp = hi
    }
  }
  for (const x of syms) {
    x.markUp = x.orderMarkUp < x.riskUp ? x.orderMarkUp : x.riskUp
    x.markDown = x.orderMarkDown > x.riskDown ? x.orderMarkDown : x.riskDown
  }
  if (!ok) for (const x of syms) x.always = true
  return ok
}

/** Symbol i's current mark (its reference before its first bar). */
function markAt(b: RiskBound, symbols: readonly SymbolState[], i: number): number {
  return symbols[i]?.mark?.c ?? b.ref[i]!
}

/** The loss terms a·(t − τ)⁺ of a scope around the current marks (scratch, reused). */
const as: number[] = []
const taus: number[] = []

/**
 * The largest t (checked, see above) whose boxes around the current marks keep the scope's
 * worst-case loss below its buffer; 0 when there is none. The loss at half-width t is
 * Σ down_i·(ref_i − c_i·(1 − t))⁺ + up_i·(c_i·(1 + t) − ref_i)⁺ = Σ a·(t − τ)⁺ with
 * a = slope·c_i and τ = ±(c_i − ref_i)/c_i, piecewise linear and increasing: solved segment by
 * segment over the terms sorted by τ.
 */
function boxWidth(b: RiskBound, symbols: readonly SymbolState[]): number {
  const B = b.buffer
  if (!(B > 0)) return 0
  let m = 0
  for (const i of b.used) {
    const c = markAt(b, symbols, i)
    const ref = b.ref[i]!
    if (!(c > 0)) return 0
    if (b.down[i]! > 0) m = insert(m, b.down[i]! * c, (c - ref) / c)
    if (b.up[i]! > 0) m = insert(m, b.up[i]! * c, (ref - c) / c)
  }
  if (m === 0) return Infinity // nothing can cost: no bound
  let A = 0
  let C = 0
  let t = 0
  for (let j = 0; j < m; j++) {
    A += as[j]!
    C += as[j]! * taus[j]!
    t = (B + C) / A
    if (j + 1 === m || t <= taus[j + 1]!) break
  }
  // the loss sum's formula at the box edges, with margin: t a hair inside the solution, more
  // when that is not enough (a tiny t, or a solution far off in floats)
  for (const shrink of SHRINKS) {
    const w = t * (1 - shrink)
    if (w > 0 && boxLoss(b, symbols, w) < B * (1 - FOLD_MARGIN)) return w
  }
  return 0
}

/** Inserts the term (a, τ) into the scratch lists sorted by τ; returns the new count. */
function insert(m: number, a: number, tau: number): number {
  let j = m
  while (j > 0 && taus[j - 1]! > tau) {
    as[j] = as[j - 1]!
    taus[j] = taus[j - 1]!
    j--
  }
  as[j] = a
  taus[j] = tau
  return m + 1
}

/** quiet()'s loss sum with every used symbol's mark range at its box edges for half-width t. */
export function boxLoss(b: RiskBound, symbols: readonly SymbolState[], t: number): number {
  let loss = 0
  for (const i of b.used) {
    const c = markAt(b, symbols, i)
    const ref = b.ref[i]!
    const lo = c * (1 - t)
    const hi = c * (1 + t)
    if (lo < ref) loss += b.down[i]! * (ref - lo)
    if (hi > ref) loss += b.up[i]! * (hi - ref)
  }
  return loss
}
