/**
 * The O(1) quiet-bar fast path. After every event-producing input the engine recomputes,
 * per symbol, plain-number price thresholds beyond which something could happen:
 * - last stream: nearest levels above/below of resting limits and CONTRACT_PRICE triggers;
 * - mark stream: MARK_PRICE triggers (down levels + one tick, since the mark is truncated
 *   to the tick before the comparison);
 * - trailing stops: the activation price or the best price seen (a new extreme changes state);
 * and per risk scope (cross account, each isolated position) a conservative margin bound:
 *   buffer = margin balance − MM / r₀   (r₀ = lowest margin-call ratio, or 100 %)
 * with per-symbol slopes bounding how fast the buffer can shrink per unit of mark move
 * (|net size| + gross size × max MMR / r₀; MM is piecewise linear with those slopes).
 * A bar whose last/mark ranges cross no level and whose worst-case buffer loss stays
 * below the buffer provably changes nothing but the latest prices, so it skips all
 * Decimal work. Scopes already past a margin-call threshold always take the full path,
 * as do inputs at or after the next bracket-table switch date.
 */
import { brackets, markApprox, spec, type Ctx } from './context'
import { toNum } from './decimal'
import type { PositionState } from './state'
import { BRACKETS_2026_FROM, maxMmr, type Bracket } from './instruments'
import { orderLevel } from './matching/triggers'
import { foldRisk } from './quiet-bounds'
import { crossApprox, isolatedApprox, marginBuffer, numOf, REL } from './risk/approx'
import { scopeKey, thresholds as callRatios } from './risk/check'

export interface SymbolThresholds {
  lastUp: number
  lastDown: number
  /** The mark bounds quiet() compares: the orders' levels and the risk scopes' (quiet-bounds.ts). */
  markUp: number
  markDown: number
  /** The nearest mark-stream order levels alone, and the risk scopes' mark bounds alone. */
  orderMarkUp: number
  orderMarkDown: number
  riskUp: number
  riskDown: number
  always: boolean
}

export interface RiskBound {
  /** Scope key ('CROSS' or 'ISO:SYM:SIDE'), as in risk/check.ts. */
  key: string
  buffer: number
  /** Per symbol index: reference mark and slopes (0 when the scope has nothing there). */
  ref: number[]
  down: number[]
  up: number[]
  /** Indices of the symbols with a non-zero slope (the only ones a move can cost). */
  used: number[]
}

export interface Thresholds {
  syms: SymbolThresholds[]
  risk: RiskBound[]
  validUntil: number
  /** The order book changed since `syms` was computed: refresh before reading them. */
  ordersStale: boolean
}

const mmrCache = new WeakMap<Bracket[], number>()
function maxMmrNum(table: Bracket[]): number {
  let x = mmrCache.get(table)
  if (x === undefined) mmrCache.set(table, (x = toNum(maxMmr(table))))
  return x
}

export function computeThresholds(ctx: Ctx): Thresholds {
  const syms = orderThresholds(ctx)
  const th: Thresholds = {
    syms,
    risk: riskBounds(ctx, syms),
    validUntil: ctx.s.t < BRACKETS_2026_FROM ? BRACKETS_2026_FROM : Infinity,
    ordersStale: false,
  }
  foldRisk(th, ctx.s.symbols)
  return th
}

/**
 * After an input that changed only the order book (orders placed, cancelled or amended;
 * nothing filled, no position, wallet or leverage touched): the risk bounds still hold (they
 * depend on positions, wallets and their reference marks only), so only the order levels are
 * recomputed; each symbol keeps its `always` flag, which comes from the risk scopes.
 */
export function refreshOrderThresholds(ctx: Ctx, th: Thresholds): void {
  const syms = orderThresholds(ctx)
  for (let i = 0; i < syms.length; i++) syms[i]!.always = th.syms[i]!.always
  th.syms = syms
  th.ordersStale = false
  foldRisk(th, ctx.s.symbols)
}

/** Index of symbol in the state's symbols (a handful: a scan, no map to build per call). */
function indexOf(ctx: Ctx, symbol: string, hint: number): number {
  const xs = ctx.s.symbols
  if (xs[hint]?.symbol === symbol) return hint
  for (let i = 0; i < xs.length; i++) if (xs[i]!.symbol === symbol) return i
  return -1
}

/**
 * A symbol's bounds before any order or scope narrows them: the lower ones at 0 and the upper
 * at Infinity, so quiet()'s comparisons also test the bar sanity checks 0 < low and
 * high < Infinity (a price is positive and finite).
 */
export function openBounds(): SymbolThresholds {
  return {
    lastUp: Infinity,
    lastDown: 0,
    markUp: Infinity,
    markDown: 0,
    orderMarkUp: Infinity,
    orderMarkDown: 0,
    riskUp: Infinity,
    riskDown: 0,
    always: false,
  }
}

function orderThresholds(ctx: Ctx): SymbolThresholds[] {
  const syms: SymbolThresholds[] = ctx.s.symbols.map(openBounds)
  let i = 0
  for (const o of ctx.s.orders) {
    i = indexOf(ctx, o.symbol, i)
    const th = syms[i]!
    const mark = o.workingType === 'MARK_PRICE' && o.type !== 'LIMIT' && !o.triggered
    if (o.type === 'TRAILING_STOP_MARKET') {
      const ext = o.trailActive ? toNum(o.trailExtreme!) : toNum(o.activationPrice!)
      if (o.side === 'SELL') up(th, mark, ext)
      else down(ctx, th, mark, ext, o.symbol)
    }
    const lv = orderLevel(ctx, o)
    if (!lv) continue
    if (lv.dir === 'up') up(th, mark, lv.levelNum)
    else down(ctx, th, mark, lv.levelNum, o.symbol)
  }
  return syms
}

/** A level above the price: the nearest one of its stream. */
function up(th: SymbolThresholds, mark: boolean, x: number): void {
  if (mark) th.orderMarkUp = Math.min(th.orderMarkUp, x)
  else th.lastUp = Math.min(th.lastUp, x)
}

/** A level below: the mark is truncated to the tick before comparison, so one tick above. */
function down(ctx: Ctx, th: SymbolThresholds, mark: boolean, x: number, symbol: string): void {
  if (mark) th.orderMarkDown = Math.max(th.orderMarkDown, x + toNum(spec(ctx, symbol).tickSize))
  else th.lastDown = Math.max(th.lastDown, x)
}

/** r₀ as a double, for the ratios array it was read from (one engine's settings, parsed once). */
let r0Src: readonly string[] | null = null
let r0Num = 1

function r0Of(ctx: Ctx): number {
  const src = ctx.s.settings.marginCallRatios
  if (src !== r0Src) {
    const ratios = callRatios(ctx)
    r0Num = ratios.length > 0 && ratios[0]!.lt(1) ? toNum(ratios[0]!) : 1
    r0Src = src
  }
  return r0Num
}

/** Per symbol index: long and short size of a scope and its max MMR (scratch, reused). */
const long: number[] = []
const short: number[] = []
const mmr: number[] = []
const refs: number[] = []

/**
 * Per risk scope (the cross account when it holds a position, then each isolated position, as
 * risk/check.ts allScopes) the margin buffer and slopes; marks the symbols of a scope past r₀
 * `always`. Read in place from the positions: no scope list, no per-scope position list.
 */
function riskBounds(ctx: Ctx, syms: SymbolThresholds[]): RiskBound[] {
  const risk: RiskBound[] = []
  const ps = ctx.s.positions
  let cross = false
  for (const p of ps)
    if (p.marginType === 'CROSSED') {
      cross = true
      break
    }
  if (cross) scopeBound(ctx, syms, risk, null)
  for (const p of ps) if (p.marginType === 'ISOLATED') scopeBound(ctx, syms, risk, p)
  return risk
}

/** In the scope: the cross positions (iso null), else iso alone. */
function inScope(p: PositionState, iso: PositionState | null): boolean {
  return iso === null ? p.marginType === 'CROSSED' : p === iso
}

/** The bound of one scope (iso: that isolated position; null: the cross account) into risk. */
function scopeBound(
  ctx: Ctx,
  syms: SymbolThresholds[],
  risk: RiskBound[],
  iso: PositionState | null,
): void {
  const ps = ctx.s.positions
  const key = iso === null ? 'CROSS' : scopeKey({ kind: 'ISOLATED', pos: iso })
  if ((ctx.s.marginCallLevel[key] ?? 0) > 0) {
    for (const p of ps) if (inScope(p, iso)) syms[indexOf(ctx, p.symbol, 0)]!.always = true
    return
  }
  const n = ctx.s.symbols.length
  const r0n = r0Of(ctx)
  // Float metrics (risk/approx.ts) less their error bound: the buffer only gets smaller, so
  // a bar it calls quiet is still provably quiet. An MM that floats cannot place in a
  // bracket (NaN) gives no buffer: those scopes take the full path.
  const m = iso === null ? crossApprox(ctx) : isolatedApprox(ctx, iso)
  for (let i = 0; i < n; i++) long[i] = short[i] = mmr[i] = refs[i] = 0
  for (const p of ps) {
    if (!inScope(p, iso)) continue
    const i = indexOf(ctx, p.symbol, 0)
    // sizes within 1e-14 relative (numOf): far inside the slopes' REL margin; the reference
    // mark is the bar price itself (markApprox), as quiet() compares it with bar prices
    if (p.dir === 1) long[i]! += numOf(p.qty)
    else short[i]! += numOf(p.qty)
    mmr[i] = maxMmrNum(brackets(ctx, p.symbol))
    refs[i] = markApprox(ctx, p.symbol)
  }
  // Plain arrays of the exact size (a handful of symbols): grown by push from [] each would
  // take a 17-slot backing store, ~1 KB per computation for one scope of one symbol.
  const b: RiskBound = {
    key,
    buffer: marginBuffer(m, r0n),
    ref: new Array<number>(n),
    down: new Array<number>(n),
    up: new Array<number>(n),
    used: [],
  }
  let used = 0
  for (let i = 0; i < n; i++) {
    const gross = (long[i]! + short[i]!) * (mmr[i]! / r0n)
    const down = (Math.max(0, long[i]! - short[i]!) + gross) * (1 + REL)
    const up = (Math.max(0, short[i]! - long[i]!) + gross) * (1 + REL)
    b.ref[i] = refs[i]!
    b.down[i] = down
    b.up[i] = up
    if (down !== 0 || up !== 0) used++
  }
  b.used = new Array<number>(used)
  for (let i = 0, k = 0; i < n; i++) if (b.down[i] !== 0 || b.up[i] !== 0) b.used[k++] = i
  if (!(b.buffer > 0))
    for (const p of ps) if (inScope(p, iso)) syms[indexOf(ctx, p.symbol, 0)]!.always = true
  risk.push(b)
}
