/**
 * The slippage model's Decimal formula (docs/engine.md "Slippage"), as it stood before issue 16
 * moved it to exact integers and then to doubles where they decide: the reference the
 * slippage tests compare matching/slippage.ts with.
 */
import fc from 'fast-check'
import { D, type Dec } from '../../electron/engine/decimal'
import type { DEFAULT_SLIPPAGE } from '../../shared/trading/settings'

export type Bar = { o: number; h: number; l: number; c: number; v: number }

/** Random bars from a price arbitrary (high and low made the extremes), volume 0 or up to maxV. */
export function bars(price: fc.Arbitrary<number>, maxV: number): fc.Arbitrary<Bar> {
  return fc
    .record({
      o: price,
      h: price,
      l: price,
      c: price,
      v: fc.oneof(
        fc.constant(0),
        fc.integer({ min: 1, max: maxV * 1000 }).map((n) => n / 1000),
      ),
    })
    .map((b) => ({ ...b, h: Math.max(b.o, b.h, b.l, b.c), l: Math.min(b.o, b.h, b.l, b.c) }))
}

export function reference(
  bar: Bar | null,
  params: typeof DEFAULT_SLIPPAGE,
  tick: Dec,
  ref: Dec,
  qty: Dec,
  side: 'BUY' | 'SELL',
): { price: string; slippage: string } {
  const raw = unrounded(bar, params, ref, qty, side)
  const price =
    side === 'BUY'
      ? raw.toNearest(tick, D.ROUND_UP)
      : D.max(tick, raw.toNearest(tick, D.ROUND_DOWN))
  return { price: price.toFixed(), slippage: price.minus(ref).abs().toFixed() }
}

/** ref·(1 ± frac): the slipped price before its rounding to the tick. */
export function unrounded(
  bar: Bar | null,
  params: typeof DEFAULT_SLIPPAGE,
  ref: Dec,
  qty: Dec,
  side: 'BUY' | 'SELL',
): Dec {
  const notional = qty.times(ref)
  const quoteVol = bar ? new D(String(bar.v)).times(String(bar.c)) : new D(0)
  const share = quoteVol.gt(0) ? D.min(notional.div(quoteVol), 1) : new D(1)
  const range =
    bar && bar.o > 0 ? new D(String(bar.h)).minus(String(bar.l)).div(String(bar.o)) : new D(0)
  const frac = D.min(
    params.maxFraction,
    share.sqrt().times(params.impact).times(D.max(range, params.minRange)).plus(params.halfSpread),
  )
  return side === 'BUY' ? ref.times(frac.plus(1)) : ref.times(D.sub(1, frac))
}
