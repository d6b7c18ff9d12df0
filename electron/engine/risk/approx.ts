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
  return mmOf(numsOf(table), n)
}

function mmOf(t: TableNums, n: number): number {
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

function addPosition(
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
 * What one position contributed to the last crossApprox answer: the Decimals read (compared
 * by identity: Decimals are immutable and every change of a position assigns a new one) with
 * their doubles, its side, mark and bracket table.
 */
interface Slot {
  p: PositionState | null
  type: PositionState['marginType'] | null
  iso: Dec | null
  isoN: number
  qty: Dec | null
  q: number
  entry: Dec | null
  e: number
  dir: number
  mark: number
  table: Bracket[] | null
  /** The table's numbers (numsOf), read when the table changes. */
  nums: TableNums | null
  /** The specs and time `table` was read at (bracketsAt): the same both, the same table. */
  specs: Ctx['specs'] | null
  t: number
}

/**
 * The inputs of the last crossApprox answer, and the answer. A busy Decimal-path bar asks for
 * the cross metrics about ten times (each segment's liquidation test and margin-call level,
 * the liquidation-price pre-filter, the thresholds, the order checks) while what they read
 * changes a few times: the wallet, each position's margin type, isolated margin, size, entry
 * and side, each cross position's mark and bracket table. When all are as last time the
 * answer is the last one; when some changed, the others' doubles are reused and the sums are
 * redone in the same order from the same operands: the very same numbers either way. One memo
 * per `except` kind (the liquidation-price pre-filter leaves one symbol out, the risk checks
 * none). It holds values only (a new answer is a new object), so any context may share it.
 */
interface CrossMemo {
  except: string | undefined
  wallet: Dec | null
  w: number
  n: number
  slots: Slot[]
  value: ApproxMetrics
}

function emptyMemo(): CrossMemo {
  return {
    except: undefined,
    wallet: null,
    w: 0,
    n: -1,
    slots: [],
    value: { marginBalance: 0, mm: 0, scale: 0 },
  }
}

const whole = emptyMemo()
const without = emptyMemo()

/** Brings slot x up to p (in the scope when `counted`); false when anything changed. */
function refresh(ctx: Ctx, x: Slot, p: PositionState, counted: boolean): boolean {
  let same = true
  if (x.p !== p) {
    x.p = p
    x.type = x.iso = x.qty = x.entry = x.table = x.specs = null
    same = false
  }
  if (x.type !== p.marginType) {
    x.type = p.marginType
    same = false
  }
  if (p.marginType === 'ISOLATED') {
    if (x.iso !== p.isolatedMargin) {
      x.isoN = numOf((x.iso = p.isolatedMargin))
      same = false
    }
    return same
  }
  if (!counted) return same
  if (x.qty !== p.qty) {
    x.q = numOf((x.qty = p.qty))
    same = false
  }
  if (x.entry !== p.entry) {
    x.e = numOf((x.entry = p.entry))
    same = false
  }
  if (x.dir !== p.dir) {
    x.dir = p.dir
    same = false
  }
  const mark = markApprox(ctx, p.symbol)
  if (x.mark !== mark) {
    x.mark = mark
    same = false
  }
  if (x.specs !== ctx.specs || x.t !== ctx.s.t) {
    x.specs = ctx.specs
    x.t = ctx.s.t
    const t = brackets(ctx, p.symbol)
    if (x.table !== t) {
      x.table = t
      x.nums = numsOf(t)
      same = false
    }
  }
  return same
}

/**
 * Cross scope: cross wallet + Σ cross UPnL, and Σ cross MM (risk/margin.ts crossMetrics);
 * with `except`, without the cross positions of that symbol. The answer may be shared
 * (CrossMemo): read it, never change it.
 */
export function crossApprox(ctx: Ctx, except?: string): Readonly<ApproxMetrics> {
  const m = except === undefined ? whole : without
  const ps = ctx.s.positions
  const n = ps.length
  let same = m.except === except && m.n === n
  m.except = except
  m.n = n
  if (m.wallet !== ctx.s.wallet) {
    m.w = numOf((m.wallet = ctx.s.wallet))
    same = false
  }
  const slots = m.slots
  while (slots.length < n)
    slots.push({
      p: null,
      type: null,
      iso: null,
      isoN: 0,
      qty: null,
      q: 0,
      entry: null,
      e: 0,
      dir: 0,
      mark: NaN,
      table: null,
      nums: null,
      specs: null,
      t: NaN,
    })
  for (let i = 0; i < n; i++) {
    const p = ps[i]!
    if (!refresh(ctx, slots[i]!, p, p.symbol !== except)) same = false
  }
  if (same) return m.value
  const w = m.w
  const acc: ApproxMetrics = { marginBalance: w, mm: 0, scale: Math.abs(w) + 1 }
  for (let i = 0; i < n; i++) {
    const x = slots[i]!
    if (x.type === 'ISOLATED') {
      acc.marginBalance -= x.isoN
      acc.scale += Math.abs(x.isoN)
    } else if (ps[i]!.symbol !== except) addPosition(acc, x.q, x.e, x.dir, x.mark, x.nums!)
  }
  return (m.value = acc)
}

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
