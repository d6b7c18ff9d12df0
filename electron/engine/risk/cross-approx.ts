/**
 * The cross scope's float metrics (risk/approx.ts crossApprox), remembered with what they were
 * computed from.
 */
import { brackets, markApprox, type Ctx } from '../context'
import type { Dec } from '../decimal'
import type { Bracket } from '../instruments'
import type { PositionState } from '../state'
import { addPosition, numOf, numsOf, type ApproxMetrics, type TableNums } from './approx-base'

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
