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
import { highFirst, pathPoints, crossingFraction } from './bar-path'
import { fillOrder } from './matching/fills'
import { orderLevel, updateTrailing, type Level } from './matching/triggers'
import { emit } from './context'
import { orderView } from './matching/order-book'
import { checkMarginCalls } from './risk/check'
import { liquidate, scopeLiquidatable, type Scope } from './risk/liquidation'
import { liquidationPriceNumOf, liquidationPriceOf } from './risk/scope-prices'
import type { OrderState } from './state'

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

type Cand = { f: number; o: OrderState; lv: Level } | { f: number; sc: Scope; lp: Dec | null }

function trunc(n: number, tick: Dec): number {
  return toNum(fromPrice(n).toNearest(tick, D.ROUND_DOWN))
}

function scopesOf(ctx: Ctx, symbol: string): Scope[] {
  const out: Scope[] = []
  if (ctx.s.positions.some((p) => p.marginType === 'CROSSED' && p.symbol === symbol))
    out.push({ kind: 'CROSSED' })
  for (const p of ctx.s.positions)
    if (p.marginType === 'ISOLATED' && p.symbol === symbol) out.push({ kind: 'ISOLATED', pos: p })
  return out
}

/** Count of armed levels the bar touches: ≥ 2 means the path assumption decided the order. */
type LevelCache = Map<OrderState, Level | null>

/** Levels change only when an order or its trailing state changes: cache them per bar. */
function levelOf(ctx: Ctx, cache: LevelCache, o: OrderState): Level | null {
  let lv = cache.get(o)
  if (lv === undefined) {
    lv = orderLevel(ctx, o)
    cache.set(o, lv)
  }
  return lv
}

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
  for (const o of ctx.s.orders) {
    if (o.symbol !== symbol) continue
    const lv = levelOf(ctx, cache, o)
    if (!lv) continue
    const [lo, hi] = lv.stream === 'LAST' ? [last.l, last.h] : [tl, th]
    if (lv.levelNum >= lo && lv.levelNum <= hi) n++
  }
  if (n >= 2) return n
  const mine = ctx.s.positions.filter((p) => p.symbol === symbol)
  if (n + mine.length < 2) return n
  for (const p of mine) {
    const x = liquidationPriceNumOf(ctx, p)
    if (x >= mark.l && x <= mark.h) n++
  }
  return n
}

/** A bar must be finite and positive; open/close outside [low, high] widen the range. */
function sane(b: Bar, what: string): Bar {
  for (const x of [b.o, b.h, b.l, b.c])
    if (!(Number.isFinite(x) && x > 0))
      throw new EngineInvariantError(`${what} bar has a bad price: ${x}`)
  if (!Number.isFinite(b.v) || b.v < 0)
    throw new EngineInvariantError(`${what} bar has a bad volume`)
  if (b.l <= Math.min(b.o, b.c) && b.h >= Math.max(b.o, b.c)) return b
  return { ...b, h: Math.max(b.h, b.o, b.c), l: Math.min(b.l, b.o, b.c) }
}

export function processSymbolBar(ctx: Ctx, symbol: string, rawLast: Bar, rawMark: Bar): void {
  const last = sane(rawLast, `${symbol} last`)
  const mark = sane(rawMark, `${symbol} mark`)
  const st = sym(ctx, symbol)
  const tick = spec(ctx, symbol).tickSize
  st.last = { o: last.o, h: last.h, l: last.l, c: last.c, v: last.v }
  st.mark = { o: mark.o, h: mark.h, l: mark.l, c: mark.c }
  const hi = highFirst(last.o, last.h, last.l)
  const lp = pathPoints(last.o, last.h, last.l, last.c, hi)
  const mp = pathPoints(mark.o, mark.h, mark.l, mark.c, hi)
  const markOrders = ctx.s.orders.some((o) => o.symbol === symbol && o.workingType === 'MARK_PRICE')
  const tp = markOrders ? mp.map((x) => trunc(x, tick)) : mp
  const cache: LevelCache = new Map()
  ctx.pathAssumed = touched(ctx, cache, symbol, last, mark, Math.min(...tp), Math.max(...tp)) >= 2
  for (let k = 0; k < 4; k++) {
    const a = k === 0 ? 0 : k - 1
    runSegment(ctx, cache, symbol, {
      la: lp[a]!,
      lb: lp[k]!,
      ma: mp[a]!,
      mb: mp[k]!,
      ta: tp[a]!,
      tb: tp[k]!,
      gap: k === 0,
    })
  }
  ctx.pathAssumed = false
}

function runSegment(ctx: Ctx, cache: LevelCache, symbol: string, g: Seg): void {
  setPathPrices(ctx, symbol, g.mb, g.lb)
  let from = 0
  for (let guard = 0; ; guard++) {
    if (guard > 10_000) throw new EngineInvariantError('segment did not settle')
    let best: Cand | null = null
    for (const o of ctx.s.orders) {
      if (o.symbol !== symbol) continue
      const lv = levelOf(ctx, cache, o)
      if (!lv) continue
      const [a, b] = lv.stream === 'LAST' ? [g.la, g.lb] : [g.ta, g.tb]
      const f = crossingFraction(a, b, lv.dir, lv.levelNum, from)
      if (f !== null && (!best || f < best.f)) best = { f, o, lv }
    }
    for (const sc of scopesOf(ctx, symbol)) {
      if (!scopeLiquidatable(ctx, sc)) continue
      const lp = liquidationPriceOf(
        ctx,
        sc.kind === 'ISOLATED'
          ? sc.pos
          : ctx.s.positions.find((p) => p.symbol === symbol && p.marginType === 'CROSSED')!,
      )
      let f = from
      if (lp && !g.gap && g.ma !== g.mb) {
        const x = (g.ma - toNum(lp)) / (g.ma - g.mb)
        f = x < from ? from : x > 1 ? 1 : x
      }
      if (!best || f < best.f) best = { f, sc, lp }
    }
    if (!best) break
    from = best.f
    cache.clear()
    if ('o' in best) actOnOrder(ctx, best.o, best.lv, g, best.f)
    else {
      const atStart = best.f === 0 || g.gap || !best.lp
      if (atStart) setMarkNum(ctx, symbol, g.ma)
      else setMarkDec(ctx, symbol, liqMark(ctx, symbol, best.lp!, g))
      liquidate(ctx, best.sc)
      setMarkNum(ctx, symbol, g.mb)
    }
  }
  for (const o of ctx.s.orders) {
    if (o.symbol !== symbol) continue
    const moved =
      o.workingType === 'MARK_PRICE' ? updateTrailing(o, g.ta, g.tb) : updateTrailing(o, g.la, g.lb)
    if (moved) cache.delete(o)
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
  emit(ctx, { type: 'orderTriggered', order: orderView(o, ctx), triggerPrice: lv.level.toFixed() })
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
