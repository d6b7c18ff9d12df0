/** Closed-form LP (§1.3) checked against its definition: at the LP, margin balance = MM. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { D } from '../../electron/engine/decimal'
import { BRACKET_TABLES } from '../../electron/engine/instruments'
import { maintenance } from '../../electron/engine/risk/margin'
import { exOf, exStr, RM, toNearest } from '../../electron/engine/exact'
import {
  solveBankruptcyPrice,
  solveLiquidationPrice,
  solveLiquidationPriceEx,
  solveLiquidationPriceTicks,
} from '../../electron/engine/risk/liquidation-price'

const table = BRACKET_TABLES.BTCUSDT_2026

describe('liquidation price = where margin balance meets maintenance margin', () => {
  it('one position, any bracket (bracket chosen at the LP)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200_000 }), // qty in 0.001 BTC
        fc.integer({ min: 1_000, max: 100_000 }), // entry
        fc.integer({ min: 1, max: 125 }), // leverage → W = notional / L
        fc.boolean(),
        (q, ep, lev, long) => {
          const qty = new D(q).div(1000)
          const entry = new D(ep)
          const W = qty.times(entry).div(lev)
          const dir = long ? 1 : -1
          const lp = solveLiquidationPrice(W, [{ dir, qty, entry, brackets: table }])
          if (!lp) return // no positive LP (e.g. a 1x long)
          const mb = W.plus(lp.minus(entry).times(qty).times(dir))
          const mm = maintenance(table, qty.times(lp))
          expect(
            mb
              .minus(mm)
              .abs()
              .lte(new D('1e-20').times(qty.times(entry))),
          ).toBe(true)
          const bp = solveBankruptcyPrice(W, [{ dir, qty, entry, brackets: table }])!
          // the LP comes before the bankruptcy price on the way against the position
          expect(long ? lp.gte(bp) : lp.lte(bp)).toBe(true)
        },
      ),
      { numRuns: Number(process.env.PROP_RUNS ?? 300) },
    )
  })
  it('cross hedge pair sharing one LP (each side in its own bracket at the LP)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200_000 }),
        fc.integer({ min: 1, max: 200_000 }),
        fc.integer({ min: 1_000, max: 100_000 }),
        fc.integer({ min: 1_000, max: 100_000 }),
        fc.integer({ min: 0, max: 5_000_000 }),
        (ql, qs, epl, eps, w) => {
          const L = {
            dir: 1 as const,
            qty: new D(ql).div(1000),
            entry: new D(epl),
            brackets: table,
          }
          const S = {
            dir: -1 as const,
            qty: new D(qs).div(1000),
            entry: new D(eps),
            brackets: table,
          }
          const W = new D(w)
          const lp = solveLiquidationPrice(W, [L, S])
          if (!lp) return
          const mb = W.plus(lp.minus(L.entry).times(L.qty)).minus(lp.minus(S.entry).times(S.qty))
          const mm = maintenance(table, L.qty.times(lp)).plus(maintenance(table, S.qty.times(lp)))
          const scale = L.qty.plus(S.qty).times(lp).plus(W).plus(1)
          expect(mb.minus(mm).abs().lte(new D('1e-20').times(scale))).toBe(true)
        },
      ),
      { numRuns: Number(process.env.PROP_RUNS ?? 300) },
    )
  })
  it('the position view LP in ticks (decided from doubles when clear) = the exact LP to the nearest tick, HALF_UP', () => {
    // one side or a hedge pair; wallets from the leverage or free, some on a tick's half
    const side = fc.record({
      q: fc.integer({ min: 1, max: 200_000 }),
      ep: fc.integer({ min: 1_000, max: 100_000 }),
      cents: fc.integer({ min: 0, max: 99 }),
      long: fc.boolean(),
    })
    fc.assert(
      fc.property(
        fc.array(side, { minLength: 1, maxLength: 2 }),
        fc.oneof(fc.integer({ min: 1, max: 125 }), fc.constant(0)),
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.constantFrom('0.1', '0.01', '1', '0.5'),
        (ss, lev, w, tickText) => {
          const sides = ss.map((x) => ({
            dir: (x.long ? 1 : -1) as 1 | -1,
            qty: new D(x.q).div(1000),
            entry: new D(x.ep).plus(new D(x.cents).div(100)),
            brackets: table,
          }))
          const W =
            lev === 0
              ? new D(w).div(7)
              : sides[0]!.qty
                  .times(sides[0]!.entry)
                  .div(lev)
                  .plus(w % 3)
          const tick = new D(tickText)
          const got = solveLiquidationPriceTicks(W, sides, exOf(tick), tick.toNumber())
          const lp = solveLiquidationPriceEx(W, sides)
          const want = lp === null ? null : exStr(toNearest(lp, exOf(tick), RM.HALF_UP))
          expect(got === null ? null : exStr(got)).toBe(want)
        },
      ),
      { numRuns: Number(process.env.PROP_RUNS ?? 2000) },
    )
  })
})
