/**
 * accounting/pnl.ts closePnl = (price − entry)·qty·dir rounded to 8 dp half-even, as decimal.js
 * computes it, on every route it takes: integers in doubles for short operands (a stop closing
 * part of a position opened at one price), digit words, scaled BigInts.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { closePnl } from '../../electron/engine/accounting/pnl'
import { D, type Dec } from '../../electron/engine/decimal'

const formula = (entry: Dec, price: Dec, qty: Dec, dir: 1 | -1): Dec =>
  price.minus(entry).times(qty).times(dir).toDecimalPlaces(8, D.ROUND_HALF_EVEN)

const same = (entry: string, price: string, qty: string, dir: 1 | -1) => {
  const [e, p, q] = [new D(entry), new D(price), new D(qty)]
  const got = closePnl(e, p, q, dir)
  const want = formula(e, p, q, dir)
  expect(got.toFixed(), `${entry} ${price} ${qty} ${dir}`).toBe(want.toFixed())
  expect([got.s, got.e, got.d]).toEqual([want.s, want.e, want.d])
}

describe('closePnl', () => {
  it('a product with 8 decimals (exact on the grid) and one with 9 (rounded half-even)', () => {
    same('1.25', '1.5', '0.000001', 1) // 0.00000025: 8 decimals
    same('1.25', '1.5', '0.0000001', 1) // 0.000000025: 9, rounds to 0.00000002
    same('1.25', '1.5', '0.0000003', -1) // −0.000000075: 9, rounds to −0.00000008
    same('60048.6', '58240.5', '0.01', 1)
    same('3000.04', '3087.06', '0.1', -1)
  })

  it('zero PnL and long entries', () => {
    same('100', '100', '1', 1)
    same('100', '100', '1', -1)
    same('60012.345678901234567890123456789', '60100.1', '0.01', 1)
    same('99999999999.5', '0.1', '99999', -1)
  })

  it('random short operands', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 ** 9 }),
        fc.integer({ min: 1, max: 10 ** 9 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 10 ** 7 }),
        fc.integer({ min: 0, max: 8 }),
        fc.boolean(),
        (e, p, pd, q, qd, long) => {
          const k = 10 ** pd
          same(String(e / k), String(p / k), String(q / 10 ** qd), long ? 1 : -1)
        },
      ),
      { numRuns: 3000 },
    )
  })
})
