/**
 * A position's positionChanged event, with its PositionView built when first read (issue 16:
 * the view was ~28 % of a busy Decimal-path run, and a run whose events nobody reads, like
 * the coach's stress test or a bench, pays nothing for it). The inputs the view reads are
 * captured at emission; views.ts positionView then computes from a context holding only
 * those, so the view is the one the old eager emission printed, byte for byte
 * (test/engine/lazy-views.test.ts).
 */
import type { PositionView } from '../../shared/trading/views'
import type { EngineEvent } from '../../shared/trading/events'
import {
  emitBuilt,
  makeCtx,
  markNow,
  resetCtx,
  setMarkDec,
  setMarkNum,
  sym,
  type Ctx,
} from './context'
import { type Dec, ZERO } from './decimal'
import type { InstrumentSpec } from './instruments'
import type { EngineState, OrderState, PositionState, SymbolState, Totals } from './state'
import { positionView } from './views'

/**
 * What a position's view reads, captured when its positionChanged is emitted. Decimals are
 * immutable, so they are kept as they are; PositionState, SymbolState and OrderState objects
 * are changed in place by later inputs, so their fields are copied.
 */
interface ViewCapture {
  t: number
  specs: Map<string, InstrumentSpec>
  settings: EngineState['settings']
  wallet: Dec
  /** The position whose view this is (a copy; the one in `positions` when it is there). */
  p: PositionState
  /**
   * The positions the view reads, copied, in the state's order (the scope's sums are made in
   * that order): p alone when isolated; every position when cross (the cross wallet subtracts
   * the isolated wallets, the other cross positions enter the margin ratio and the LP).
   */
  positions: PositionState[]
  /** The symbols of those positions: leverage, and the mark in force at emission. */
  symbols: SymbolState[]
  /** Per symbol: a Decimal mark set on the path, else the bar price (Decimal made when read). */
  marks: (Dec | number | undefined)[]
  /** Copies of p's TP/SL orders (the view names them). */
  orders: OrderState[]
}

function captureView(ctx: Ctx, p: PositionState): ViewCapture {
  let pc: PositionState | undefined
  let positions: PositionState[]
  if (p.marginType === 'ISOLATED') positions = [(pc = { ...p })]
  else {
    positions = ctx.s.positions.map((q) => {
      const c = { ...q }
      if (q === p) pc = c
      return c
    })
    pc ??= { ...p } // (p is in the state whenever its view is emitted; copied regardless)
  }
  const symbols: SymbolState[] = []
  const marks: (Dec | number | undefined)[] = []
  captureSymbol(ctx, p.symbol, symbols, marks)
  for (const q of positions) captureSymbol(ctx, q.symbol, symbols, marks)
  let orders = NO_ORDERS
  for (const o of ctx.s.orders)
    if (o.symbol === p.symbol && o.positionSide === p.positionSide && o.origin === 'POSITION_TPSL')
      (orders === NO_ORDERS ? (orders = []) : orders).push({ ...o })
  return {
    t: ctx.s.t,
    specs: ctx.specs,
    settings: ctx.s.settings,
    wallet: ctx.s.wallet,
    p: pc!,
    positions,
    symbols,
    marks,
    orders,
  }
}

const NO_ORDERS: OrderState[] = []

function captureSymbol(
  ctx: Ctx,
  symbol: string,
  symbols: SymbolState[],
  marks: (Dec | number | undefined)[],
): void {
  for (const x of symbols) if (x.symbol === symbol) return
  const st = sym(ctx, symbol)
  symbols.push({ symbol, leverage: st.leverage, marginType: st.marginType, last: null, mark: null })
  marks.push(markNow(ctx, symbol))
}

const NO_TOTALS: Totals = {
  fees: ZERO,
  funding: ZERO,
  realizedPnl: ZERO,
  insuranceCoverage: ZERO,
  socializedLoss: ZERO,
}

/**
 * One context for building captured views, filled from the capture on each build (views are
 * built one at a time and positionView only reads): a view read allocates no maps.
 */
let scratch: Ctx | undefined

/** A context holding the captured state (fields positionView does not read left empty). */
function captureCtx(c: ViewCapture): Ctx {
  const s: EngineState = {
    t: c.t,
    seq: 0,
    nextOrderNo: 0,
    settings: c.settings,
    hedge: false,
    wallet: c.wallet,
    insuranceFund: ZERO,
    totals: NO_TOTALS,
    symbols: c.symbols,
    positions: c.positions,
    orders: c.orders,
    marginCallLevel: {},
  }
  let ctx = scratch
  if (!ctx) ctx = scratch = makeCtx(s, c.specs)
  else {
    ctx.s = s
    ctx.specs = c.specs
    resetCtx(ctx)
  }
  for (let i = 0; i < c.symbols.length; i++) {
    const m = c.marks[i]
    if (typeof m === 'number') setMarkNum(ctx, c.symbols[i]!.symbol, m)
    else if (m) setMarkDec(ctx, c.symbols[i]!.symbol, m)
  }
  return ctx
}

/**
 * Returns the object it is given, so a subclass's private field is installed on that object:
 * the way to give a plain event literal a slot nothing else can see or copy (not a key: JSON,
 * structuredClone, spread, Object.keys and vitest's equality never meet it) without a second
 * Object.defineProperty per event (issue 16: the two defineProperty calls were ~6 % of a busy
 * Decimal-path bar).
 */
class Stamp {
  constructor(o: object) {
    return o as Stamp
  }
}

/** The capture slot of a pending event, and `position`'s accessor pair, which reads it. */
class Pending extends Stamp {
  #capture: ViewCapture | undefined

  constructor(e: object, c: ViewCapture) {
    super(e)
    this.#capture = c
  }

  /**
   * The events' `position` until first read: one accessor pair shared by every event (so they
   * keep one fast shape; a getter written in each event literal is a new function per event
   * and turns the event into a dictionary), reading the capture from the event itself.
   */
  static readonly LAZY_POSITION: PropertyDescriptor = {
    get(this: Pending): PositionView {
      const c = this.#capture!
      return Pending.settle(this, positionView(captureCtx(c), c.p))
    },
    set(this: Pending, v: PositionView) {
      Pending.settle(this, v)
    },
    enumerable: true,
    configurable: true,
  }

  /** Makes `position` a plain data property (same place in the key order) holding v. */
  static settle(e: Pending, v: PositionView): PositionView {
    DATA.value = v
    Object.defineProperty(e, 'position', DATA)
    DATA.value = undefined
    e.#capture = undefined
    return v
  }
}

const DATA: PropertyDescriptor = { writable: true, enumerable: true, configurable: true }

type PositionChanged = Extract<EngineEvent, { type: 'positionChanged' }>

/** p's event: `position` the shared accessor, the capture in the event's private slot. */
function pendingEvent(seq: number, t: number, c: ViewCapture): PositionChanged {
  const e = { seq, t, type: 'positionChanged' as const }
  Object.defineProperty(e, 'position', Pending.LAZY_POSITION)
  new Pending(e, c)
  return e as PositionChanged
}

/**
 * Emits p's positionChanged with its view built when first read, from the inputs captured now,
 * then kept (later reads return the same object). `position` is an own enumerable accessor, so
 * JSON.stringify, structuredClone (postMessage, IPC), spread and toEqual read it like the data
 * property it becomes; the key order (seq, t, type, position) is emit()'s.
 */
export function emitPositionChanged(ctx: Ctx, p: PositionState): void {
  emitBuilt(ctx, pendingEvent, captureView(ctx, p))
}
