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
  /** Current mark/last per symbol as Decimal (set along the bar path; lazily from state). */
  marks: Map<string, Dec>
  lasts: Map<string, Dec>
  /**
   * Mark/last at the current point of the bar path as plain bar prices: the Decimal is made
   * only when something reads it (most path points of a busy bar are never read in Decimal).
   * A Decimal in `marks`/`lasts` takes precedence (the setters keep the two consistent).
   */
  markNums: Map<string, number>
  lastNums: Map<string, number>
  /** Set while a bar in which two or more triggers were touched is processed (Fill.pathAssumed). */
  pathAssumed: boolean
  /** Margin calls already raised during this input ('scope|threshold'): one per input. */
  calls: Set<string>
}

export function makeCtx(s: EngineState, specs: Map<string, InstrumentSpec>): Ctx {
  return {
    s,
    specs,
    out: [],
    marks: new Map(),
    lasts: new Map(),
    markNums: new Map(),
    lastNums: new Map(),
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
  if (ctx.marks.size) ctx.marks.clear()
  if (ctx.lasts.size) ctx.lasts.clear()
  if (ctx.markNums.size) ctx.markNums.clear()
  if (ctx.lastNums.size) ctx.lastNums.clear()
  ctx.pathAssumed = false
  if (ctx.calls.size) ctx.calls.clear()
  return ctx
}

export function emit(ctx: Ctx, body: EventBody): EngineEvent {
  const e = { seq: ++ctx.s.seq, t: ctx.s.t, ...body } as EngineEvent
  ctx.out.push(e)
  return e
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
  const x = ctx.s.symbols.find((y) => y.symbol === symbol)
  if (!x) throw new EngineInvariantError(`unknown symbol ${symbol}`)
  return x
}

/** The bar path's current mark and last of symbol (bar prices; Decimals made when read). */
export function setPathPrices(ctx: Ctx, symbol: string, mark: number, last: number): void {
  setMarkNum(ctx, symbol, mark)
  ctx.lasts.delete(symbol)
  ctx.lastNums.set(symbol, last)
}

export function setMarkNum(ctx: Ctx, symbol: string, mark: number): void {
  ctx.marks.delete(symbol)
  ctx.markNums.set(symbol, mark)
}

/**
 * A mark that is not a bar price (the liquidation point on the tick). Invariant: a symbol with
 * an entry in `markNums` has at most the Decimal of that number in `marks` (a cache); one
 * with only a `marks` entry has this authoritative Decimal.
 */
export function setMarkDec(ctx: Ctx, symbol: string, mark: Dec): void {
  ctx.markNums.delete(symbol)
  ctx.marks.set(symbol, mark)
}

/** Mark price now (Decimal); null before the first bar. */
export function markOf(ctx: Ctx, symbol: string): Dec | null {
  const m = ctx.marks.get(symbol)
  if (m) return m
  let n = ctx.markNums.get(symbol)
  if (n === undefined) {
    n = sym(ctx, symbol).mark?.c
    if (n === undefined) return null
    ctx.markNums.set(symbol, n)
  }
  const v = fromPrice(n)
  ctx.marks.set(symbol, v)
  return v
}

export function lastOf(ctx: Ctx, symbol: string): Dec | null {
  const m = ctx.lasts.get(symbol)
  if (m) return m
  // lasts only ever cache the Decimal of a bar price (lastNums or the state's close)
  const n = ctx.lastNums.get(symbol) ?? sym(ctx, symbol).last?.c
  if (n === undefined) return null
  const v = fromPrice(n)
  ctx.lasts.set(symbol, v)
  return v
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
  const n = ctx.markNums.get(symbol)
  if (n !== undefined) return n
  const m = ctx.marks.get(symbol)
  if (m) return approxNum(m)
  return sym(ctx, symbol).mark?.c ?? null
}

/** Last price now as a double (the bar price itself), or null before the first bar. */
export function lastApprox(ctx: Ctx, symbol: string): number | null {
  return ctx.lastNums.get(symbol) ?? sym(ctx, symbol).last?.c ?? null
}

export function markOrZero(ctx: Ctx, symbol: string): Dec {
  return markOf(ctx, symbol) ?? new D(0)
}
