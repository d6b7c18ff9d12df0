/**
 * The per-input working context: the state, resolved instrument specs, the event sink,
 * and the Decimal marks/lasts in force at the current point of the intrabar path.
 */
import type { EngineEvent } from '../../shared/trading/events'
import { D, type Dec, fromPrice } from './decimal'
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
    pathAssumed: false,
    calls: new Set(),
  }
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

/** Mark price now (Decimal); null before the first bar. */
export function markOf(ctx: Ctx, symbol: string): Dec | null {
  const m = ctx.marks.get(symbol)
  if (m) return m
  const st = sym(ctx, symbol)
  if (!st.mark) return null
  const v = fromPrice(st.mark.c)
  ctx.marks.set(symbol, v)
  return v
}

export function lastOf(ctx: Ctx, symbol: string): Dec | null {
  const m = ctx.lasts.get(symbol)
  if (m) return m
  const st = sym(ctx, symbol)
  if (!st.last) return null
  const v = fromPrice(st.last.c)
  ctx.lasts.set(symbol, v)
  return v
}

export function markOrZero(ctx: Ctx, symbol: string): Dec {
  return markOf(ctx, symbol) ?? new D(0)
}
