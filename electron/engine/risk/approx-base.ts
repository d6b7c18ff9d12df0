/**
 * The building blocks of the float shadows of risk/approx.ts: the tolerance, a Decimal as a
 * double, a bracket table's numbers and the maintenance margin and metrics sums in doubles.
 * (The error argument is in risk/approx.ts and docs/performance.md.)
 */
import { approxNum, type Dec } from '../decimal'
import type { Bracket } from '../instruments'

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
export interface TableNums {
  floor: Float64Array
  mmr: Float64Array
  cum: Float64Array
}

const tableNums = new WeakMap<Bracket[], TableNums>()

export function numsOf(table: Bracket[]): TableNums {
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
  return mmOf(numsOf(table), n)
}

export function mmOf(t: TableNums, n: number): number {
  const b = bracketApprox(t, n)
  return b < 0 ? NaN : n * t.mmr[b]! - t.cum[b]!
}

/**
 * Index of the bracket of notional n (the last floor ≤ n, as instruments.ts bracketFor), or −1
 * when n is within tolerance of a floor. The index never decreases as n grows.
 */
export function bracketApprox(t: TableNums, n: number): number {
  let b = 0
  for (let i = 0; i < t.floor.length; i++) {
    const f = t.floor[i]!
    if (Math.abs(n - f) <= TOL * (Math.abs(n) + f + 1)) return -1
    if (f <= n) b = i
  }
  return b
}

export function addPosition(
  acc: ApproxMetrics,
  q: number,
  e: number,
  dir: number,
  m: number,
  table: TableNums,
): void {
  const n = q * m
  acc.marginBalance += (m - e) * q * dir
  acc.mm += mmOf(table, n)
  acc.scale += 2 * Math.abs(n) + Math.abs(q * e)
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

/** Relative margin of the quiet-bar bounds (thresholds.ts) on their sizes and slopes. */
export const REL = 1e-9

/**
 * A margin balance less MM / r that the exact one provably exceeds, from float metrics m: less
 * their error bound (TOL × scale on each) and a further REL relative and 1e-6 absolute.
 * Positive means the scope's margin ratio MM / MB is below r (so below 100 % for r ≤ 1).
 */
export function marginBuffer(m: ApproxMetrics, r: number): number {
  const buf = m.marginBalance - m.mm / r - TOL * m.scale * (1 + 1 / r)
  return buf - Math.abs(buf) * REL - 1e-6
}
