/**
 * Where each resting order acts (exchange-rules.md §1.9, §6): the price stream it watches,
 * the direction and the level.
 * - LIMIT (and a triggered STOP / TAKE_PROFIT): last price; BUY when price ≤ limit, SELL ≥.
 * - STOP / STOP_MARKET: BUY when stream ≥ stopPrice, SELL when ≤.
 * - TAKE_PROFIT / TAKE_PROFIT_MARKET: BUY when stream ≤ stopPrice, SELL when ≥.
 * - TRAILING_STOP_MARKET: SELL when price ≤ highest·(1 − cb) (level rounded down to the tick,
 *   equivalent for on-tick prices), BUY when price ≥ lowest·(1 + cb) (rounded up); inactive
 *   until the activation price is reached.
 * The stream is the last price, or the mark price truncated down to the tick for
 * workingType MARK_PRICE (Binance compares the truncated mark, §1.9).
 */
import { spec, type Ctx } from '../context'
import { D, type Dec, toNum } from '../decimal'
import type { OrderState } from '../state'

export type Stream = 'LAST' | 'MARK'

export interface Level {
  stream: Stream
  dir: 'up' | 'down'
  level: Dec
  levelNum: number
  /** 'limit' fills at its price as maker; 'market' triggers then fills as taker; 'stopLimit' triggers into a limit. */
  kind: 'limit' | 'market' | 'stopLimit'
}

export function isRestingLimit(o: OrderState): boolean {
  return o.type === 'LIMIT' || ((o.type === 'STOP' || o.type === 'TAKE_PROFIT') && o.triggered)
}

export function trailLevel(ctx: Ctx, o: OrderState): Dec | null {
  if (!o.trailActive || !o.trailExtreme || !o.callbackRate) return null
  const tick = spec(ctx, o.symbol).tickSize
  const cb = o.callbackRate.div(100)
  return o.side === 'SELL'
    ? o.trailExtreme.times(D.sub(1, cb)).toNearest(tick, D.ROUND_DOWN)
    : o.trailExtreme.times(D.add(1, cb)).toNearest(tick, D.ROUND_UP)
}

/**
 * Where the order acts, or null (an inactive trailing stop). Computed on each call: a memo per
 * order (efbc24c) was taken out again in session 7, as in session 6: it made the full path
 * faster but no path a user runs (docs/performance.md "Session 7, the order-level memo").
 */
export function orderLevel(ctx: Ctx, o: OrderState): Level | null {
  const buy = o.side === 'BUY'
  if (isRestingLimit(o)) {
    const level = o.price!
    return {
      stream: 'LAST',
      dir: buy ? 'down' : 'up',
      level,
      levelNum: toNum(level),
      kind: 'limit',
    }
  }
  const stream: Stream = o.workingType === 'MARK_PRICE' ? 'MARK' : 'LAST'
  if (o.type === 'TRAILING_STOP_MARKET') {
    const level = trailLevel(ctx, o)
    if (!level) return null
    return { stream, dir: buy ? 'up' : 'down', level, levelNum: toNum(level), kind: 'market' }
  }
  const level = o.stopPrice!
  const stop = o.type === 'STOP' || o.type === 'STOP_MARKET'
  const up = stop ? buy : !buy
  return {
    stream,
    dir: up ? 'up' : 'down',
    level,
    levelNum: toNum(level),
    kind: o.type === 'STOP' || o.type === 'TAKE_PROFIT' ? 'stopLimit' : 'market',
  }
}

/** Would the order act at stream price p (used for immediate-trigger checks at placement)? */
export function crossedAt(lv: Level, p: Dec): boolean {
  return lv.dir === 'down' ? p.lte(lv.level) : p.gte(lv.level)
}

/**
 * Trailing stop bookkeeping for a segment a→b of its stream (numbers from the path):
 * activation when the activation price is reached, then the best price seen.
 */
export function updateTrailing(o: OrderState, a: number, b: number): boolean {
  if (o.type !== 'TRAILING_STOP_MARKET') return false
  const sell = o.side === 'SELL'
  const best = sell ? Math.max(a, b) : Math.min(a, b)
  if (!o.trailActive) {
    const act = o.activationPrice!
    const reached = sell ? act.lte(String(best)) : act.gte(String(best))
    if (!reached) return false
    o.trailActive = true
    o.trailExtreme = new D(String(best))
    return true
  }
  const ext = o.trailExtreme!
  if (sell ? ext.lt(String(best)) : ext.gt(String(best))) {
    o.trailExtreme = new D(String(best))
    return true
  }
  return false
}
