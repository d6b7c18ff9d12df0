/**
 * The slippage model on exact scaled integers (matching/slippage.ts, issue 16) gives the very
 * price and slippage of the Decimal formula it replaced (docs/engine.md "Slippage"), kept here
 * as the reference: random bars, sizes, reference prices, ticks and model constants; a repeated
 * question is answered from the one-entry memo, and a bar changed in place is not.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { makeCtx } from '../../electron/engine/context'
import { D, type Dec } from '../../electron/engine/decimal'
import { resolveSpec } from '../../electron/engine/instruments'
import { slipped } from '../../electron/engine/matching/slippage'
import { initialState } from '../../electron/engine/state'
import { DEFAULT_ENGINE_SETTINGS, DEFAULT_SLIPPAGE } from '../../shared/trading/settings'

type Bar = { o: number; h: number; l: number; c: number; v: number }

/** The Decimal formula (before issue 16 moved it to exact.ts). */
function reference(
  bar: Bar | null,
  params: typeof DEFAULT_SLIPPAGE,
  tick: Dec,
  ref: Dec,
  qty: Dec,
  side: 'BUY' | 'SELL',
): { price: string; slippage: string } {
  const notional = qty.times(ref)
  const quoteVol = bar ? new D(String(bar.v)).times(String(bar.c)) : new D(0)
  const share = quoteVol.gt(0) ? D.min(notional.div(quoteVol), 1) : new D(1)
  const range =
    bar && bar.o > 0 ? new D(String(bar.h)).minus(String(bar.l)).div(String(bar.o)) : new D(0)
  const frac = D.min(
    params.maxFraction,
    share.sqrt().times(params.impact).times(D.max(range, params.minRange)).plus(params.halfSpread),
  )
  const price =
    side === 'BUY'
      ? ref.times(frac.plus(1)).toNearest(tick, D.ROUND_UP)
      : D.max(tick, ref.times(D.sub(1, frac)).toNearest(tick, D.ROUND_DOWN))
  return { price: price.toFixed(), slippage: price.minus(ref).abs().toFixed() }
}

const price = fc.integer({ min: 1, max: 20_000_000 }).map((n) => n / 100)

describe('slippage on exact integers = the Decimal formula', () => {
  it('random bars, sizes, prices and constants', () => {
    fc.assert(
      fc.property(
        fc.record({
          o: price,
          h: price,
          l: price,
          c: price,
          v: fc.oneof(
            fc.constant(0),
            fc.integer({ min: 0, max: 10_000_000 }).map((n) => n / 1000),
          ),
        }),
        fc.boolean(),
        price,
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.constantFrom('BUY' as const, 'SELL' as const),
        fc.constantFrom('BTCUSDT', 'ETHUSDT', 'DOGEUSDT', 'PEPEUSDT'),
        fc.record({
          halfSpread: fc.constantFrom('0.0001', '0', '0.00037'),
          impact: fc.constantFrom('0.5', '1', '0.3333333'),
          minRange: fc.constantFrom('0.001', '0', '0.0123'),
          maxFraction: fc.constantFrom('0.05', '0.5', '0.0003'),
        }),
        (bar, hasBar, refN, q, side, symbol, params) => {
          const settings = { ...DEFAULT_ENGINE_SETTINGS, slippage: true, slippageParams: params }
          const s = initialState([symbol], settings)
          const b = {
            ...bar,
            h: Math.max(bar.o, bar.h, bar.l, bar.c),
            l: Math.min(bar.o, bar.h, bar.l, bar.c),
          }
          s.symbols[0]!.last = hasBar ? b : null
          const sp = resolveSpec(symbol, settings)
          const ctx = makeCtx(s, new Map([[symbol, sp]]))
          const ref = new D(String(refN))
          const qty = new D(q).div(1000)
          const got = slipped(ctx, symbol, ref, qty, side)
          const want = reference(hasBar ? b : null, params, sp.tickSize, ref, qty, side)
          expect({ price: got.price.toFixed(), slippage: got.slippage.toFixed() }).toEqual(want)
          // asked again (a market order's cost check, then its fill): the same answer; and
          // after the bar changed in place, the new bar's answer, not the remembered one
          expect(slipped(ctx, symbol, ref, qty, side)).toEqual(got)
          if (hasBar) {
            b.v = b.v === 0 ? 1 : b.v * 2
            b.h = b.h + 1
            const again = slipped(ctx, symbol, ref, qty, side)
            const now = reference(b, params, sp.tickSize, ref, qty, side)
            expect({ price: again.price.toFixed(), slippage: again.slippage.toFixed() }).toEqual(
              now,
            )
          }
        },
      ),
      { numRuns: 3000 },
    )
  })
})
