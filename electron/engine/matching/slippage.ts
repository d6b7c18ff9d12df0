/**
 * Deterministic slippage for market, stop-market, trailing and liquidation fills
 * (docs/engine.md "Slippage"). A fill of notional N on a bar with quote volume V = v·c and
 * range R = (h − l)/o moves the reference price against the taker by the fraction
 *   min(maxFraction, halfSpread + impact · sqrt(N / V) · max(R, minRange))
 * (V = 0, e.g. no volume recorded, counts as N / V = 1). The result is rounded to the tick
 * against the trader (buys up, sells down). With settings.slippage = false it is zero.
 */
import type { Side } from '../../../shared/trading/commands'
import { DEFAULT_SLIPPAGE } from '../../../shared/trading/settings'
import { spec, sym, type Ctx } from '../context'
import { D, type Dec, ZERO } from '../decimal'

export function slipped(
  ctx: Ctx,
  symbol: string,
  ref: Dec,
  qty: Dec,
  side: Side,
): { price: Dec; slippage: Dec } {
  if (!ctx.s.settings.slippage) return { price: ref, slippage: ZERO }
  const p = { ...DEFAULT_SLIPPAGE, ...ctx.s.settings.slippageParams }
  const bar = sym(ctx, symbol).last
  const tick = spec(ctx, symbol).tickSize
  const notional = qty.times(ref)
  const quoteVol = bar ? new D(String(bar.v)).times(String(bar.c)) : ZERO
  const share = quoteVol.gt(0) ? D.min(notional.div(quoteVol), 1) : new D(1)
  const range =
    bar && bar.o > 0 ? new D(String(bar.h)).minus(String(bar.l)).div(String(bar.o)) : ZERO
  const frac = D.min(
    p.maxFraction,
    share.sqrt().times(p.impact).times(D.max(range, p.minRange)).plus(p.halfSpread),
  )
  const price =
    side === 'BUY'
      ? ref.times(frac.plus(1)).toNearest(tick, D.ROUND_UP)
      : D.max(tick, ref.times(D.sub(1, frac)).toNearest(tick, D.ROUND_DOWN))
  return { price, slippage: price.minus(ref).abs() }
}
