/**
 * The per-input working context: the state, resolved instrument specs, the event sink,
 * and the Decimal marks/lasts in force at the current point of the intrabar path.
 */
import type { EngineEvent } from '../../shared/trading/events'
import { approxNum, D, type Dec, fromPrice } from './decimal'
import { EngineInvariantError } from './errors'
import { bracketsAt, type Bracket, type InstrumentSpec } from './instruments'
import type { EngineState, SymbolState } from './state'

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
export type EventBody = DistributiveOmit<EngineEvent, 'seq' | 't'>

export interface Ctx {
  s: EngineState
  specs: Map<string, InstrumentSpec>
  out: EngineEvent[]
  /**
   * Mark and last per symbol at the current point of the bar path (set along the bar path;
   * lazily from state). A slot whose `gen` is not the context's holds nothing: resetting the
   * context for the next input bumps `gen` instead of clearing maps (Map.clear allocates a
   * new table, and the Decimal path reset four of them on every input).
   */
  path: Map<string, PathPrices>
  gen: number
  /** Set while a bar in which two or more triggers were touched is processed (Fill.pathAssumed). */
  pathAssumed: boolean
  /** Margin calls already raised during this input ('scope|threshold'): one per input. */
  calls: Set<string>
}

/**
 * One symbol's path prices. The mark and last are kept as plain bar prices (`markNum`,
 * `lastNum`; NaN = none): the Decimal (`mark`, `last`) is made only when something reads it
 * (most path points of a busy bar are never read in Decimal). Invariant: with `markNum` set,
 * `mark` is null or the Decimal of that number (a cache); with `markNum` NaN, a non-null
 * `mark` is authoritative (a mark that is not a bar price: the liquidation point on the tick).
 * `last` is only ever a cache of the Decimal of `lastNum` or of the state's close.
 */
interface PathPrices {
  gen: number
  markNum: number
  mark: Dec | null
  lastNum: number
  last: Dec | null
}

export function makeCtx(s: EngineState, specs: Map<string, InstrumentSpec>): Ctx {
  return {
    s,
    specs,
    out: [],
    path: new Map(),
    gen: 0,
    pathAssumed: false,
    calls: new Set(),
  }
}

/**
 * The same context made fresh for the next input (a new event list, no path prices, no calls
 * raised): the engine reuses one per core instead of allocating its maps on every input.
 */
export function resetCtx(ctx: Ctx): Ctx {
  ctx.out = []
  ctx.gen++
  ctx.pathAssumed = false
  if (ctx.calls.size) ctx.calls.clear()
  return ctx
}

/** symbol's path prices in this input (empty when first touched in it). */
function slot(ctx: Ctx, symbol: string): PathPrices {
  let p = ctx.path.get(symbol)
  if (p === undefined)
    ctx.path.set(symbol, (p = { gen: ctx.gen, markNum: NaN, mark: null, lastNum: NaN, last: null }))
  else if (p.gen !== ctx.gen) {
    p.gen = ctx.gen
    p.markNum = NaN
    p.mark = null
    p.lastNum = NaN
    p.last = null
  }
  return p
}

export function emit(ctx: Ctx, body: EventBody): EngineEvent {
  const e = { seq: ++ctx.s.seq, t: ctx.s.t, ...body } as EngineEvent
  ctx.out.push(e)
  return e
}

/**
 * emit() for an event the caller builds from its sequence number, time and an argument (one
 * with a field computed when first read: position-event.ts; the argument, not a closure, so an
 * emission allocates none).
 */
export function emitBuilt<A>(
  ctx: Ctx,
  make: (seq: number, t: number, a: A) => EngineEvent,
  a: A,
): void {
  ctx.out.push(make(++ctx.s.seq, ctx.s.t, a))
}

export function spec(ctx: Ctx, symbol: string): InstrumentSpec {
  const sp = ctx.specs.get(symbol)
  if (!sp) throw new EngineInvariantError(`no spec for ${symbol}`)
  return sp
}

export function brackets(ctx: Ctx, symbol: string): Bracket[] {
  return bracketsAt(spec(ctx, symbol), ctx.s.t)
}

export function sym(ctx: Ctx, symbol: string): SymbolState {
  // a loop, not find(): no closure per call
  for (const x of ctx.s.symbols) if (x.symbol === symbol) return x
  throw new EngineInvariantError(`unknown symbol ${symbol}`)
}

/** The bar path's current mark and last of symbol (bar prices; Decimals made when read). */
export function setPathPrices(ctx: Ctx, symbol: string, mark: number, last: number): void {
  const p = slot(ctx, symbol)
  markAt(p, mark)
  if (p.lastNum !== last) {
    p.lastNum = last
    p.last = null
  }
}

export function setMarkNum(ctx: Ctx, symbol: string, mark: number): void {
  markAt(slot(ctx, symbol), mark)
}

/** The same bar price keeps its Decimal (the invariant: `mark` caches `markNum`'s Decimal). */
function markAt(p: PathPrices, mark: number): void {
  if (p.markNum !== mark) {
    p.markNum = mark
    p.mark = null
  }
}

/** A mark that is not a bar price (the liquidation point on the tick): authoritative. */
export function setMarkDec(ctx: Ctx, symbol: string, mark: Dec): void {
  const p = slot(ctx, symbol)
  p.markNum = NaN
  p.mark = mark
}

/** Mark price now (Decimal); null before the first bar. */
export function markOf(ctx: Ctx, symbol: string): Dec | null {
  const p = slot(ctx, symbol)
  if (p.mark) return p.mark
  let n = p.markNum
  if (n !== n) {
    const c = sym(ctx, symbol).mark?.c
    if (c === undefined) return null
    p.markNum = n = c
  }
  return (p.mark = fromPrice(n))
}

/**
 * The mark markOf reads now, without making its Decimal: the Decimal when there is one, else
 * the bar price; undefined before the first bar (position-event.ts captures it).
 */
export function markNow(ctx: Ctx, symbol: string): Dec | number | undefined {
  const p = slot(ctx, symbol)
  if (p.mark) return p.mark
  return p.markNum === p.markNum ? p.markNum : sym(ctx, symbol).mark?.c
}

export function lastOf(ctx: Ctx, symbol: string): Dec | null {
  const p = slot(ctx, symbol)
  if (p.last) return p.last
  // last only ever caches the Decimal of a bar price (lastNum or the state's close)
  let n = p.lastNum
  if (n !== n) {
    const c = sym(ctx, symbol).last?.c
    if (c === undefined) return null
    n = c
  }
  return (p.last = fromPrice(n))
}

/**
 * Mark now as a double within 1e-14 relative of markOrZero (for the float pre-filters of
 * risk/approx.ts only): the bar price itself when the mark is one, without making a Decimal.
 */
export function markApprox(ctx: Ctx, symbol: string): number {
  return markApproxOrNull(ctx, symbol) ?? 0
}

/** markApprox, or null before the first bar (exactly when markOf is null). */
export function markApproxOrNull(ctx: Ctx, symbol: string): number | null {
  const p = slot(ctx, symbol)
  if (p.markNum === p.markNum) return p.markNum
  if (p.mark) return approxNum(p.mark)
  return sym(ctx, symbol).mark?.c ?? null
}

/** Last price now as a double (the bar price itself), or null before the first bar. */
export function lastApprox(ctx: Ctx, symbol: string): number | null {
  const p = slot(ctx, symbol)
  if (p.lastNum === p.lastNum) return p.lastNum
  return sym(ctx, symbol).last?.c ?? null
}

export function markOrZero(ctx: Ctx, symbol: string): Dec {
  return markOf(ctx, symbol) ?? new D(0)
}
