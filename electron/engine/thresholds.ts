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
import { D, toNum } from './decimal'
import type { FundingDelta } from './funding/funding'
import type { SymbolState } from './state'
import { BRACKETS_2026_FROM, maxMmr, type Bracket } from './instruments'
import { orderLevel } from './matching/triggers'
import { crossApprox, isolatedApprox, numOf, TOL } from './risk/approx'
import { allScopes, scopeKey, thresholds as callRatios } from './risk/check'
import { scopePositions } from './risk/liquidation'

export interface SymbolThresholds {
  lastUp: number
  lastDown: number
  markUp: number
  markDown: number
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

const REL = 1e-9

const mmrCache = new WeakMap<Bracket[], number>()
function maxMmrNum(table: Bracket[]): number {
  let x = mmrCache.get(table)
  if (x === undefined) mmrCache.set(table, (x = toNum(maxMmr(table))))
  return x
}

export function computeThresholds(ctx: Ctx): Thresholds {
  const syms = orderThresholds(ctx)
  return {
    syms,
    risk: riskBounds(ctx, syms),
    validUntil: ctx.s.t < BRACKETS_2026_FROM ? BRACKETS_2026_FROM : Infinity,
    ordersStale: false,
  }
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
}

/** Index of symbol in the state's symbols (a handful: a scan, no map to build per call). */
function indexOf(ctx: Ctx, symbol: string, hint: number): number {
  const xs = ctx.s.symbols
  if (xs[hint]?.symbol === symbol) return hint
  for (let i = 0; i < xs.length; i++) if (xs[i]!.symbol === symbol) return i
  return -1
}

function orderThresholds(ctx: Ctx): SymbolThresholds[] {
  // the lower bounds start at 0 and the upper at Infinity: quiet() relies on them for the bar
  // sanity checks 0 < low and high < Infinity (a price is positive and finite)
  const syms: SymbolThresholds[] = ctx.s.symbols.map(() => ({
    lastUp: Infinity,
    lastDown: 0,
    markUp: Infinity,
    markDown: 0,
    always: false,
  }))
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
  if (mark) th.markUp = Math.min(th.markUp, x)
  else th.lastUp = Math.min(th.lastUp, x)
}

/** A level below: the mark is truncated to the tick before comparison, so one tick above. */
function down(ctx: Ctx, th: SymbolThresholds, mark: boolean, x: number, symbol: string): void {
  if (mark) th.markDown = Math.max(th.markDown, x + toNum(spec(ctx, symbol).tickSize))
  else th.lastDown = Math.max(th.lastDown, x)
}

/** Per risk scope the margin buffer and slopes; marks the symbols of a scope past r₀ `always`. */
function riskBounds(ctx: Ctx, syms: SymbolThresholds[]): RiskBound[] {
  const n = ctx.s.symbols.length
  const ratios = callRatios(ctx)
  const r0 = ratios.length > 0 && ratios[0]!.lt(1) ? ratios[0]! : new D(1)
  const r0n = toNum(r0)
  const risk: RiskBound[] = []
  // Plain arrays (a handful of symbols): typed arrays cost more to allocate and collect.
  const zeros = () => new Array<number>(n).fill(0)
  // per symbol index: long and short size of the scope, max MMR (scratch, zeroed per scope)
  const long = zeros()
  const short = zeros()
  const mmr = zeros()
  for (const sc of allScopes(ctx)) {
    const ps = scopePositions(ctx, sc)
    if ((ctx.s.marginCallLevel[scopeKey(sc)] ?? 0) > 0) {
      for (const p of ps) syms[indexOf(ctx, p.symbol, 0)]!.always = true
      continue
    }
    // Float metrics (risk/approx.ts) less their error bound: the buffer only gets smaller, so
    // a bar it calls quiet is still provably quiet. An MM that floats cannot place in a
    // bracket (NaN) gives no buffer: those scopes take the full path.
    const m = sc.kind === 'CROSSED' ? crossApprox(ctx) : isolatedApprox(ctx, sc.pos)
    const buf = m.marginBalance - m.mm / r0n - TOL * m.scale * (1 + 1 / r0n)
    const b: RiskBound = {
      key: scopeKey(sc),
      buffer: buf - Math.abs(buf) * REL - 1e-6,
      ref: zeros(),
      down: zeros(),
      up: zeros(),
      used: [],
    }
    long.fill(0)
    short.fill(0)
    mmr.fill(0)
    for (const p of ps) {
      const i = indexOf(ctx, p.symbol, 0)
      // sizes within 1e-14 relative (numOf): far inside the slopes' REL margin; the reference
      // mark is the bar price itself (markApprox), as quiet() compares it with bar prices
      if (p.dir === 1) long[i]! += numOf(p.qty)
      else short[i]! += numOf(p.qty)
      mmr[i] = maxMmrNum(brackets(ctx, p.symbol))
      b.ref[i] = markApprox(ctx, p.symbol)
    }
    for (let i = 0; i < n; i++) {
      const gross = (long[i]! + short[i]!) * (mmr[i]! / r0n)
      b.down[i] = (Math.max(0, long[i]! - short[i]!) + gross) * (1 + REL)
      b.up[i] = (Math.max(0, short[i]! - long[i]!) + gross) * (1 + REL)
      if (b.down[i] !== 0 || b.up[i] !== 0) b.used.push(i)
    }
    if (!(b.buffer > 0)) for (const p of ps) syms[indexOf(ctx, p.symbol, 0)]!.always = true
    risk.push(b)
  }
  return risk
}

/**
 * Funding fast path: apply each scope's wallet change to its buffer (rounded against us) and
 * require the buffer to stay positive after the worst-case loss of the move from the
 * reference marks to the current marks (the symbols' latest mark closes, by symbol index;
 * quiet bars moved them). Returns false when a scope is unknown or was clamped, or a buffer
 * would not stay positive: then the caller must run the full risk pass and recompute the
 * thresholds.
 */
export function absorbFunding(
  th: Thresholds,
  deltas: readonly FundingDelta[],
  symbols: readonly SymbolState[],
): boolean {
  for (const x of deltas) {
    if (x.clamped) return false
    const b = riskOf(th, x.key)
    if (!b) return false
    // the delta within 1e-14 relative (numOf), far inside the REL margin subtracted
    const d = numOf(x.delta)
    b.buffer += d - Math.abs(d) * REL - 1e-6
    let moved = 0
    for (let i = 0; i < b.ref.length; i++) {
      const m = symbols[i]?.mark?.c ?? 0
      const ref = b.ref[i]!
      if (m < ref) moved += b.down[i]! * (ref - m)
      else if (m > ref) moved += b.up[i]! * (m - ref)
    }
    if (!(b.buffer - moved > 0)) return false
  }
  return true
}

/** The risk bound of scope `key`, if the thresholds have one. */
function riskOf(th: Thresholds, key: string): RiskBound | undefined {
  for (const r of th.risk) if (r.key === key) return r
  return undefined
}
