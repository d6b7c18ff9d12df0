/**
 * The slippage model on exact scaled integers (matching/slippage.ts `slip` without the double
 * shortcut, issue 16) and `slipped` (with it) give the very price and slippage of the Decimal
 * formula it replaced (docs/engine.md "Slippage"), kept as the reference: random bars, sizes,
 * reference prices, ticks and model constants; a repeated question is answered from the
 * one-entry memo, and a bar changed in place is not.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { makeCtx } from '../../electron/engine/context'
import { D } from '../../electron/engine/decimal'
import { resolveSpec } from '../../electron/engine/instruments'
import { slip, slipped } from '../../electron/engine/matching/slippage'
import { initialState } from '../../electron/engine/state'
import { DEFAULT_ENGINE_SETTINGS } from '../../shared/trading/settings'
import { bars, reference } from './slippage-reference'

const price = fc.integer({ min: 1, max: 20_000_000 }).map((n) => n / 100)

describe('slippage on exact integers = the Decimal formula', () => {
  it('random bars, sizes, prices and constants', () => {
    fc.assert(
      fc.property(
        bars(price, 10_000),
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
          const b = { ...bar }
          s.symbols[0]!.last = hasBar ? b : null
          const sp = resolveSpec(symbol, settings)
          const ctx = makeCtx(s, new Map([[symbol, sp]]))
          const ref = new D(String(refN))
          const qty = new D(q).div(1000)
          const got = slipped(ctx, symbol, ref, qty, side)
          const want = reference(hasBar ? b : null, params, sp.tickSize, ref, qty, side)
          expect({ price: got.price.toFixed(), slippage: got.slippage.toFixed() }).toEqual(want)
          // the exact formula alone (slipped decides most fills from doubles)
          const exact = slip(settings, s.symbols[0]!.last, sp.tickSize, ref, qty, side, false)
          expect({ price: exact.price.toFixed(), slippage: exact.slippage.toFixed() }).toEqual(want)
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
