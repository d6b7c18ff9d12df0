/**
 * A view's ADL rank is read off doubles when the score is clearly inside a bucket and from the
 * exact score otherwise (position-numbers.ts adlRank, issue 16): it must equal the exact
 * score's rank everywhere, most of all at the bucket edges (scores 0.5, 1, 2 and 4 exactly,
 * and a hair either side), for cross and isolated positions, with a margin balance ≤ 0 too.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { D } from '../../electron/engine/decimal'
import { add, div, fromDec, mul, type Ex } from '../../electron/engine/exact'
import { adlRank, adlRankExact } from '../../electron/engine/position-numbers'
import type { PositionState } from '../../electron/engine/state'

const ex = (s: string): Ex => fromDec(new D(s))
const money = fc
  .tuple(fc.integer({ min: 1, max: 10 ** 9 }), fc.integer({ min: 0, max: 8 }))
  .map(([m, dp]) => ex(new D(m).div(10 ** dp).toFixed()))

function position(iso: boolean, margin: Ex): PositionState {
  const z = new D(0)
  return {
    symbol: 'BTCUSDT',
    positionSide: 'BOTH',
    dir: 1,
    qty: new D(1),
    entry: new D(1),
    isolatedMargin: iso ? new D(margin.m.toString()).times(new D(10).pow(margin.e)) : z,
    openFees: z,
    funding: z,
    realizedPnl: z,
    marginType: iso ? 'ISOLATED' : 'CROSSED',
    openedAt: 0,
  }
}

describe('ADL rank of a view', () => {
  it('equals the exact score’s rank, at and around every bucket edge', () => {
    let edges = 0
    fc.assert(
      fc.property(
        fc.boolean(),
        money,
        money,
        money,
        fc.constantFrom(0.5, 1, 2, 4, 0.3, 3, 7),
        fc.constantFrom('0', '1e-30', '-1e-30', '1e-12', '-1e-12', '1e-8', '-1e-8', '0.01'),
        fc.integer({ min: 1, max: 125 }),
        (iso, upnl, notional, margin, t, delta, lev) => {
          const p = position(iso, margin)
          // IM chosen so that the score UPnL/IM · notional/(margin + UPnL) is t·(1 + delta)
          const target = fromDec(new D(t).times(new D(1).plus(delta)))
          const mb = add(iso ? margin : upnl, upnl)
          const im = iso
            ? div(mul(upnl, notional), mul(target, mb))
            : // cross: margin = IM, so the score is UPnL·N / (IM·(IM + UPnL)); any IM will do
              div(upnl, target)
          const roe = div(upnl, im)
          const exact = adlRankExact({ p, lev, upnl, im, notional, roe })
          expect(adlRank({ p, lev, upnl, im, notional, roe })).toBe(exact)
          if (iso && (t === 0.5 || t === 1 || t === 2 || t === 4)) edges++
        },
      ),
      { numRuns: 3000 },
    )
    expect(edges).toBeGreaterThan(500)
  })

  it('is 0 without profit and equals the exact rank when the margin balance is ≤ 0', () => {
    const p = position(true, ex('-50'))
    const upnl = ex('10')
    const im = ex('20')
    const notional = ex('400')
    const roe = div(upnl, im)
    const x = { p, lev: 20, upnl, im, notional, roe }
    expect(adlRank(x)).toBe(adlRankExact(x))
    expect(adlRank({ ...x, upnl: ex('-1'), roe: div(ex('-1'), im) })).toBe(0)
  })
})
