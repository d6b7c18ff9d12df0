/**
 * The full (Decimal) processing of one symbol's bar: walk the assumed path (bar-path.ts)
 * segment by segment — the open as a gap point, then open→e1, e1→e2, e2→close — and in
 * each segment act on the earliest crossing first: resting orders on their stream, and
 * liquidation when the scope is liquidatable at the segment's end mark (timed at its
 * liquidation price). Orders win ties against liquidation. Trailing stops and margin
 * calls are updated at each segment end.
 */
import type { Bar } from '../../shared/market'
import { setMarkDec, setMarkNum, setPathPrices, spec, sym, type Ctx } from './context'
import { D, fromPrice, type Dec, toNum } from './decimal'
import { EngineInvariantError } from './errors'
import { crossingFraction, highFirst, sane } from './bar-path'
import { fillOrder } from './matching/fills'
import { orderLevel, updateTrailing, type Level } from './matching/triggers'
import { emit } from './context'
import { orderView } from './matching/order-book'
import { lpOutside } from './risk/approx'
import { checkMarginCalls } from './risk/check'
import { liquidate, scopeLiquidatable, type Scope } from './risk/liquidation'
import { liquidationPriceNumOf, liquidationPriceOf } from './risk/scope-prices'
import type { OrderState, PositionState, SymbolState } from './state'

interface Seg {
  la: number
  lb: number
  ma: number
  mb: number
  /** Truncated-to-tick mark for MARK_PRICE triggers. */
  ta: number
  tb: number
  gap: boolean
}

function trunc(n: number, tick: Dec): number {
  return toNum(fromPrice(n).toNearest(tick, D.ROUND_DOWN))
}

/** The cross scope (no fields: one object serves every bar). */
const CROSS: Scope = Object.freeze({ kind: 'CROSSED' })

/**
 * Levels of the symbol's orders, by index in ctx.s.orders (undefined = not computed yet).
 * Levels change only when an order or its trailing state changes: computed once per bar and
 * dropped after every action (which may fill, trigger, place or cancel orders).
 */
type LevelCache = (Level | null | undefined)[]

function levelOf(ctx: Ctx, cache: LevelCache, o: OrderState, i: number): Level | null {
  let lv = cache[i]
  if (lv === undefined) cache[i] = lv = orderLevel(ctx, o)
  return lv
}

/** Count of armed levels the bar touches: ≥ 2 means the path assumption decided the order. */
function touched(
  ctx: Ctx,
  cache: LevelCache,
  symbol: string,
  last: Bar,
  mark: Bar,
  tl: number,
  th: number,
): number {
  let n = 0
  const orders = ctx.s.orders
  for (let i = 0; i < orders.length; i++) {
    const o = orders[i]!
    if (o.symbol !== symbol) continue
    const lv = levelOf(ctx, cache, o, i)
    if (!lv) continue
    const x = lv.levelNum
    if (lv.stream === 'LAST' ? x >= last.l && x <= last.h : x >= tl && x <= th) n++
  }
  if (n >= 2) return n
  let mine = 0
  for (const p of ctx.s.positions) if (p.symbol === symbol) mine++
  if (n + mine < 2) return n
  for (const p of ctx.s.positions) {
    if (p.symbol !== symbol || lpOutside(ctx, p, mark.l, mark.h)) continue
    const x = liquidationPriceNumOf(ctx, p)
    if (x >= mark.l && x <= mark.h) n++
  }
  return n
}

/**
 * The bar's prices into the symbol's state, copied (the caller may reuse its bar objects) into
 * the state's own objects, updated in place after the first bar.
 */
export function keepBars(st: SymbolState, last: Bar, mark: Bar): void {
  if (st.last) {
    st.last.o = last.o
    st.last.h = last.h
    st.last.l = last.l
    st.last.c = last.c
    st.last.v = last.v
  } else st.last = { o: last.o, h: last.h, l: last.l, c: last.c, v: last.v }
  if (st.mark) {
    st.mark.o = mark.o
    st.mark.h = mark.h
    st.mark.l = mark.l
    st.mark.c = mark.c
  } else st.mark = { o: mark.o, h: mark.h, l: mark.l, c: mark.c }
}

/** The next segment: from the end of the previous one to the given path points. */
function advance(g: Seg, l: number, m: number, t: number): Seg {
  g.la = g.lb
  g.ma = g.mb
  g.ta = g.tb
  g.lb = l
  g.mb = m
  g.tb = t
  g.gap = false
  return g
}

export function processSymbolBar(ctx: Ctx, symbol: string, rawLast: Bar, rawMark: Bar): void {
  const last = sane(rawLast, `${symbol} last`)
  const mark = sane(rawMark, `${symbol} mark`)
  keepBars(sym(ctx, symbol), last, mark)
  // the path [open, first extreme, second extreme, close] of each stream (bar-path.ts
  // pathPoints, spelled out: the four points are used one segment at a time)
  const hi = highFirst(last.o, last.h, last.l)
  const l1 = hi ? last.h : last.l
  const l2 = hi ? last.l : last.h
  const m1 = hi ? mark.h : mark.l
  const m2 = hi ? mark.l : mark.h
  // the symbol's mark-price orders and trailing stops (a bar places none: fills place only
  // take-profit and stop-market legs)
  let markOrders = false
  let trailing = false
  for (const o of ctx.s.orders)
    if (o.symbol === symbol) {
      if (o.workingType === 'MARK_PRICE') markOrders = true
      if (o.type === 'TRAILING_STOP_MARKET') trailing = true
    }
  let t0 = mark.o
  let t1 = m1
  let t2 = m2
  let t3 = mark.c
  if (markOrders) {
    const tick = spec(ctx, symbol).tickSize
    t0 = trunc(t0, tick)
    t1 = trunc(t1, tick)
    t2 = trunc(t2, tick)
    t3 = trunc(t3, tick)
  }
  const cache: LevelCache = []
  const tl = Math.min(t0, t1, t2, t3)
  const th = Math.max(t0, t1, t2, t3)
  ctx.pathAssumed = touched(ctx, cache, symbol, last, mark, tl, th) >= 2
  // one segment object, moved along the path (runSegment keeps no reference to it)
  const g: Seg = { la: last.o, lb: last.o, ma: mark.o, mb: mark.o, ta: t0, tb: t0, gap: true }
  runSegment(ctx, cache, symbol, g, trailing)
  runSegment(ctx, cache, symbol, advance(g, l1, m1, t1), trailing)
  runSegment(ctx, cache, symbol, advance(g, l2, m2, t2), trailing)
  runSegment(ctx, cache, symbol, advance(g, last.c, mark.c, t3), trailing)
  ctx.pathAssumed = false
}

/**
 * Walk one segment: repeatedly act on the earliest crossing (orders first in book order, then
 * the cross scope, then isolated scopes in position order; ties keep the earlier candidate).
 */
function runSegment(ctx: Ctx, cache: LevelCache, symbol: string, g: Seg, trailing: boolean): void {
  setPathPrices(ctx, symbol, g.mb, g.lb)
  let from = 0
  for (let guard = 0; ; guard++) {
    if (guard > 10_000) throw new EngineInvariantError('segment did not settle')
    let bestF = Infinity
    let bestO: OrderState | null = null
    let bestLv: Level | null = null
    let bestSc: Scope | null = null
    let bestLp: Dec | null = null
    const orders = ctx.s.orders
    for (let i = 0; i < orders.length; i++) {
      const o = orders[i]!
      if (o.symbol !== symbol) continue
      const lv = levelOf(ctx, cache, o, i)
      if (!lv) continue
      const f =
        lv.stream === 'LAST'
          ? crossingFraction(g.la, g.lb, lv.dir, lv.levelNum, from)
          : crossingFraction(g.ta, g.tb, lv.dir, lv.levelNum, from)
      if (f !== null && f < bestF) {
        bestF = f
        bestO = o
        bestLv = lv
      }
    }
    // scopes holding the symbol: the cross scope first, then each isolated position
    const positions = ctx.s.positions
    let cross: PositionState | null = null
    for (const p of positions)
      if (p.marginType === 'CROSSED' && p.symbol === symbol) {
        cross = p
        break
      }
    for (let j = cross ? -1 : 0; j < positions.length; j++) {
      let p: PositionState
      let sc: Scope
      if (j < 0) {
        p = cross!
        sc = CROSS
      } else {
        p = positions[j]!
        if (p.marginType !== 'ISOLATED' || p.symbol !== symbol) continue
        sc = { kind: 'ISOLATED', pos: p }
      }
      if (!scopeLiquidatable(ctx, sc)) continue
      const lp = liquidationPriceOf(ctx, p)
      let f = from
      if (lp && !g.gap && g.ma !== g.mb) {
        const x = (g.ma - toNum(lp)) / (g.ma - g.mb)
        f = x < from ? from : x > 1 ? 1 : x
      }
      if (f < bestF) {
        bestF = f
        bestO = null
        bestLv = null
        bestSc = sc
        bestLp = lp
      }
    }
    if (bestF === Infinity) break
    from = bestF
    if (bestO) actOnOrder(ctx, bestO, bestLv!, g, bestF)
    else {
      const atStart = bestF === 0 || g.gap || !bestLp
      if (atStart) setMarkNum(ctx, symbol, g.ma)
      else setMarkDec(ctx, symbol, liqMark(ctx, symbol, bestLp!, g))
      liquidate(ctx, bestSc!)
      setMarkNum(ctx, symbol, g.mb)
    }
    // the action may have filled, triggered, placed or cancelled orders: levels are recomputed
    cache.length = 0
  }
  const orders = ctx.s.orders
  for (let i = 0; trailing && i < orders.length; i++) {
    const o = orders[i]!
    if (o.symbol !== symbol || o.type !== 'TRAILING_STOP_MARKET') continue
    const moved =
      o.workingType === 'MARK_PRICE' ? updateTrailing(o, g.ta, g.tb) : updateTrailing(o, g.la, g.lb)
    if (moved) cache[i] = undefined
  }
  checkMarginCalls(ctx, symbol)
}

/** Mark at which an intrabar liquidation happens: the LP on the tick, against the trader. */
function liqMark(ctx: Ctx, symbol: string, lp: Dec, g: Seg): Dec {
  const tick = spec(ctx, symbol).tickSize
  const down = g.mb < g.ma
  const x = lp.toNearest(tick, down ? D.ROUND_DOWN : D.ROUND_UP)
  const lo = Math.min(g.ma, g.mb)
  const hi = Math.max(g.ma, g.mb)
  const n = toNum(x)
  return n < lo ? fromPrice(lo) : n > hi ? fromPrice(hi) : x
}

function actOnOrder(ctx: Ctx, o: OrderState, lv: Level, g: Seg, f: number): void {
  // Price the order acts at: the (last) open on a gap; its level when it watches the last
  // price; for a mark-triggered order the last price at the same point of the path (the
  // market it executes in), on the tick against the trader.
  let ref = g.gap ? fromPrice(g.la) : lv.level
  if (!g.gap && lv.stream === 'MARK') {
    // the same point of the path, in Decimal: fraction of the (truncated) mark segment at
    // the level (or the current point when the level was already behind), applied to last
    const ta = fromPrice(g.ta)
    const span = ta.minus(fromPrice(g.tb))
    let frac = span.isZero() ? new D(f) : ta.minus(lv.level).div(span)
    if (frac.lt(f)) frac = new D(f)
    if (frac.gt(1)) frac = new D(1)
    const la = fromPrice(g.la)
    const at = la.plus(fromPrice(g.lb).minus(la).times(frac))
    ref = at.toNearest(spec(ctx, o.symbol).tickSize, o.side === 'BUY' ? D.ROUND_UP : D.ROUND_DOWN)
  }
  if (lv.kind === 'limit') {
    // A resting limit fills at its own price, even when the bar opens beyond it: trading is
    // continuous, so the unseen move between the previous close and this open went through
    // the limit (the pessimistic reading of §6.3; `gap` still tells the bar opened beyond).
    fillOrder(ctx, o, lv.level, { maker: true, slippage: false, gap: g.gap, checkMargin: false })
    return
  }
  o.triggered = true
  o.updatedAt = ctx.s.t
  const view = orderView(o, ctx)
  // a stop's level is its stop price, which the view printed already (str is toFixed's text)
  const triggerPrice = lv.level === o.stopPrice ? view.stopPrice! : lv.level.toFixed()
  emit(ctx, { type: 'orderTriggered', order: view, triggerPrice })
  if (lv.kind === 'market') {
    fillOrder(ctx, o, ref, { maker: false, slippage: true, gap: g.gap, checkMargin: true })
    return
  }
  // Stop-limit: now a limit at o.price; taker at once if marketable at the current price.
  const limit = o.price!
  const marketable = o.side === 'BUY' ? ref.lte(limit) : ref.gte(limit)
  if (marketable)
    fillOrder(ctx, o, ref, { maker: false, slippage: false, gap: g.gap, checkMargin: true })
}
