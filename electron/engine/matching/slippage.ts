/**
 * Deterministic slippage for market, stop-market, trailing and liquidation fills
 * (docs/engine.md "Slippage"). A fill of notional N on a bar with quote volume V = v·c and
 * range R = (h − l)/o moves the reference price against the taker by the fraction
 *   min(maxFraction, halfSpread + impact · sqrt(N / V) · max(R, minRange))
 * (V = 0, e.g. no volume recorded, counts as N / V = 1). The result is rounded to the tick
 * against the trader (buys up, sells down). With settings.slippage = false it is zero.
 */
import type { Side } from '../../../shared/trading/commands'
import { DEFAULT_SLIPPAGE, type EngineSettings } from '../../../shared/trading/settings'
import { spec, sym, type Ctx } from '../context'
import type { SymbolState } from '../state'
import { approxNum, D, type Dec, decFromInt, fromPrice, ZERO } from '../decimal'
import { readScaled, SC, sumScaled, TWO52 } from '../decimal-words'
import {
  add,
  cmp,
  div,
  EX_ZERO,
  exInt,
  exOf,
  fromDec,
  mul,
  RM,
  sqrt,
  sub,
  toDec,
  toNearest,
  type Ex,
} from '../exact'
import { floatTicks, plain, type FloatParams } from './slip-floats'

interface Params {
  halfSpread: Ex
  impact: Ex
  minRange: Ex
  maxFraction: Ex
  /** The same as doubles for slip-floats.ts, or null when one is negative or out of range. */
  floats: FloatParams | null
}

const params = new WeakMap<EngineSettings, Params>()

/** The model's constants as exact decimals, parsed once per settings object. */
function paramsOf(settings: EngineSettings): Params {
  let x = params.get(settings)
  if (!x) {
    const p = { ...DEFAULT_SLIPPAGE, ...settings.slippageParams }
    const [halfSpread, impact, minRange, maxFraction] = [
      p.halfSpread,
      p.impact,
      p.minRange,
      p.maxFraction,
    ].map((v) => fromDec(new D(v))) as [Ex, Ex, Ex, Ex]
    const floats = {
      halfSpread: approxNum(new D(p.halfSpread)),
      impact: approxNum(new D(p.impact)),
      minRange: approxNum(new D(p.minRange)),
      maxFraction: approxNum(new D(p.maxFraction)),
    }
    const usable = Object.values(floats).every((v) => v === 0 || plain(v))
    params.set(
      settings,
      (x = { halfSpread, impact, minRange, maxFraction, floats: usable ? floats : null }),
    )
  }
  return x
}

const ONE = exInt(1)
const min = (a: Ex, b: Ex): Ex => (cmp(b, a) < 0 ? b : a)
const max = (a: Ex, b: Ex): Ex => (cmp(b, a) > 0 ? b : a)

/**
 * The slipped fill price and the slippage, in exact scaled integers that round as the engine's
 * Decimals (exact.ts, including the correctly rounded square root): the same values as the
 * Decimal formula, without decimal.js's square root (tens of µs) on every market fill.
 */
export function slipped(
  ctx: Ctx,
  symbol: string,
  ref: Dec,
  qty: Dec,
  side: Side,
): { price: Dec; slippage: Dec } {
  const settings = ctx.s.settings
  if (!settings.slippage) return { price: ref, slippage: ZERO }
  const bar = sym(ctx, symbol).last
  const tickSize = spec(ctx, symbol).tickSize
  const m = memo
  if (
    m &&
    m.ref === ref &&
    m.qty === qty &&
    m.side === side &&
    m.settings === settings &&
    m.tick === tickSize &&
    (bar
      ? m.hasBar &&
        m.o === bar.o &&
        m.h === bar.h &&
        m.l === bar.l &&
        m.c === bar.c &&
        m.v === bar.v
      : !m.hasBar)
  )
    return m.out
  const out = slip(settings, bar, tickSize, ref, qty, side)
  memo = {
    ref,
    qty,
    side,
    settings,
    tick: tickSize,
    hasBar: !!bar,
    o: bar?.o ?? 0,
    h: bar?.h ?? 0,
    l: bar?.l ?? 0,
    c: bar?.c ?? 0,
    v: bar?.v ?? 0,
    out,
  }
  return out
}

/**
 * The last question and its answer. A market order asks twice with the very same inputs: for
 * its cost check at placement and for its fill right after. Only a cache: every input of the
 * formula is compared (the Decimals by identity, the bar by value, since the state's bar is
 * updated in place), and the answer is immutable Decimals.
 */
let memo: {
  ref: Dec
  qty: Dec
  side: Side
  settings: EngineSettings
  tick: Dec
  hasBar: boolean
  o: number
  h: number
  l: number
  c: number
  v: number
  out: { price: Dec; slippage: Dec }
} | null = null

/** The price and |price − ref| as Decimals. */
function priced(price: Ex, r: Ex): { price: Dec; slippage: Dec } {
  const d = sub(price, r)
  return { price: toDec(price), slippage: toDec(d.m < 0n ? { m: -d.m, e: d.e } : d) }
}

/**
 * `priced` of k ticks on integers in doubles: k·tick and |k·tick − ref| are exact there when the
 * tick, the reference and k·tick are short (below 2^52 on their scales, `sumScaled`), the very
 * values the exact path's BigInts hold (a stop-market fill, issue 16). Null otherwise, and for a
 * zero slippage (the exact path's +0).
 */
function pricedTicks(k: number, tickSize: Dec, ref: Dec): { price: Dec; slippage: Dec } | null {
  if (!readScaled(tickSize.d, tickSize.e, tickSize.s)) return null
  const m = k * SC.m
  const dp = SC.dp
  if (!(m < TWO52) || !readScaled(ref.d, ref.e, ref.s) || !sumScaled(m, dp, -SC.m, SC.dp))
    return null
  const d = SC.m < 0 ? -SC.m : SC.m
  if (d === 0) return null
  return { price: decFromInt(false, m, -dp), slippage: decFromInt(false, d, -SC.dp) }
}

/**
 * The slipped price and slippage: the tick count from doubles when they decide it
 * (slip-floats.ts, with its error bound; the price is then k ticks exactly), else the formula
 * in exact integers. `floats` = false takes the exact formula always (tests).
 */
export function slip(
  settings: EngineSettings,
  bar: SymbolState['last'],
  tickSize: Dec,
  ref: Dec,
  qty: Dec,
  side: Side,
  floats = true,
): { price: Dec; slippage: Dec } {
  const p = paramsOf(settings)
  const f = floats ? p.floats : null
  const k = f
    ? floatTicks(f, bar, approxNum(tickSize), approxNum(ref), approxNum(qty), side === 'BUY')
    : NaN
  const fast = k > 0 ? pricedTicks(k, tickSize, ref) : null
  if (fast) return fast
  const tick = exOf(tickSize)
  const r = fromDec(ref)
  if (k > 0) return priced({ m: BigInt(k) * tick.m, e: tick.e }, r)
  const notional = mul(fromDec(qty), r)
  const num = (n: number) => fromDec(fromPrice(n))
  const quoteVol = bar ? mul(num(bar.v), num(bar.c)) : EX_ZERO
  const share = cmp(quoteVol, EX_ZERO) > 0 ? min(div(notional, quoteVol), ONE) : ONE
  const range = bar && bar.o > 0 ? div(sub(num(bar.h), num(bar.l)), num(bar.o)) : EX_ZERO
  const frac = min(
    p.maxFraction,
    add(mul(mul(sqrt(share), p.impact), max(range, p.minRange)), p.halfSpread),
  )
  const price =
    side === 'BUY'
      ? toNearest(mul(r, add(frac, ONE)), tick, RM.UP)
      : max(tick, toNearest(mul(r, sub(ONE, frac)), tick, RM.DOWN))
  return priced(price, r)
}
