/**
 * electron/engine/word-math.ts computes the fill's long formulas on decimal.js's digit words in
 * doubles; each must give the very Decimal (sign, exponent, digit words) the `D` formula gives,
 * on random operands (40-digit values, short sizes and prices, wide exponents), on ties built
 * to land exactly on a half at the 40th digit, on carries through 9s, and it must decline
 * (null: the caller takes exact.ts) what it does not handle (issue 16).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { D, type Dec } from '../../electron/engine/decimal'
import {
  wordsAveragedEntry,
  wordsCarriedFees,
  wordsClosePnl,
  wordsPlus,
} from '../../electron/engine/word-math'

const RUNS = { numRuns: 3000 }

/** Two Decimals with the same internal representation (what every later operation reads). */
function sameDec(x: Dec, y: Dec): void {
  expect([x.s, x.e, x.d]).toEqual([y.s, y.e, y.d])
}

const dec = (m: bigint, e: number) => new D(`${m.toString()}e${e}`)

/** A long positive value: up to 41 digits (a few all 9s, or ending in 5 for ties). */
const long = fc
  .tuple(
    fc.oneof(
      fc.bigInt({ min: 1n, max: 10n ** 41n }),
      fc.bigInt({ min: 10n ** 39n, max: 10n ** 40n - 1n }),
      fc.integer({ min: 1, max: 40 }).map((n) => 10n ** BigInt(n) - 1n),
      fc.bigInt({ min: 1n, max: 10n ** 39n }).map((m) => m * 10n + 5n),
    ),
    fc.integer({ min: -45, max: 8 }),
  )
  .map(([m, e]) => dec(m, e))

/** A short positive value (sizes, prices, fees): up to 10 digits, a few round ones. */
const short = fc
  .tuple(
    fc.oneof(
      fc.bigInt({ min: 1n, max: 10n ** 10n }),
      fc.bigInt({ min: 1n, max: 2000n }),
      fc.constantFrom(1n, 2n, 3n, 5n, 25n, 125n, 999999999n, 10000000n, 899999999n),
    ),
    fc.integer({ min: -12, max: 6 }),
  )
  .map(([m, e]) => dec(m, e))

const value = fc.oneof(long, short)

describe('word-math: the fill formulas on digit words equal D', () => {
  it('averaged entry (entry·qty + price·opened) / newQty', () => {
    let done = 0
    fc.assert(
      fc.property(value, short, short, short, (entry, qty, price, opened) => {
        const newQty = qty.plus(opened)
        const got = wordsAveragedEntry(entry, qty, price, opened, newQty)
        if (got === null) return
        done++
        sameDec(got, entry.times(qty).plus(price.times(opened)).div(newQty))
      }),
      RUNS,
    )
    // (a sum of two random 10-digit sizes is often longer than the divisors taken)
    expect(done).toBeGreaterThan(RUNS.numRuns / 5)
  })

  it('carried fees fees − fees·(closed / qty)', () => {
    let done = 0
    fc.assert(
      fc.property(value, short, short, (fees, a, b) => {
        const [closed, qty] = a.lt(b) ? [a, b] : [b, a]
        const got = wordsCarriedFees(fees, closed, qty)
        if (got === null) return
        done++
        sameDec(got, fees.minus(fees.times(closed.div(qty))))
      }),
      RUNS,
    )
    expect(done).toBeGreaterThan(RUNS.numRuns / 2)
  })

  it('close PnL (price − entry)·qty·dir to 8 dp half-even, both directions', () => {
    let done = 0
    fc.assert(
      fc.property(value, value, short, fc.constantFrom(1 as const, -1 as const), (e, p, q, dir) => {
        const got = wordsClosePnl(e, p, q, dir)
        if (got === null) return
        done++
        sameDec(got, p.minus(e).times(q).times(dir).toDecimalPlaces(8, D.ROUND_HALF_EVEN))
      }),
      RUNS,
    )
    expect(done).toBeGreaterThan(RUNS.numRuns / 5)
    for (const [e, p, q, want] of [
      // ties at the 9th decimal: to even
      ['99.999999985', '100', '1', '0.00000002'],
      ['99.999999975', '100', '1', '0.00000002'],
      ['100.000000025', '100', '1', '-0.00000002'],
      ['60000.1403921568627450980392156862745098', '60012.3', '0.002', '0.02431922'],
    ]) {
      const [entry, price, qty] = [e, p, q].map((s) => new D(s)) as [Dec, Dec, Dec]
      const got = wordsClosePnl(entry, price, qty, 1)
      expect(got?.toFixed(), `${e} ${p} ${q}`).toBe(want)
      sameDec(got!, price.minus(entry).times(qty).toDecimalPlaces(8, D.ROUND_HALF_EVEN))
    }
    // a zero difference and a product below 10^−8 are the caller's (signed zeros)
    expect(wordsClosePnl(new D(5), new D(5), new D(1), 1)).toBeNull()
    expect(wordsClosePnl(new D('1.000000001'), new D(1), new D(1), 1)).toBeNull()
  })

  it('plus of two positive values', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        const got = wordsPlus(a, b)
        if (got !== null) sameDec(got, a.plus(b))
      }),
      RUNS,
    )
  })

  it('ties at the 40th digit, carries through 9s, exact quotients', () => {
    const cases: [string, string, string, string][] = [
      // entry·qty with 41 digits ending in 5 (a tie: to even, down and up)
      ['1234567890123456789012345678901234567895', '3', '1', '0.000001'],
      ['1234567890123456789012345678901234567885', '3', '1', '0.000001'],
      ['9999999999999999999999999999999999999999', '1', '0.00000001', '0.00000001'],
      ['60000.1403921568627450980392156862745098', '1.02', '60012.3', '0.002'],
      ['0.5', '1', '0.5', '1'],
      [
        '99999.99999999999999999999999999999999995',
        '1',
        '0.00000000000000000000000000000000000005',
        '1',
      ],
      ['1', '7', '1', '1'],
      ['1', '0.000003', '2', '0.000003'],
    ]
    for (const [e, q, p, o] of cases) {
      const [entry, qty, price, opened] = [e, q, p, o].map((s) => new D(s)) as [Dec, Dec, Dec, Dec]
      const newQty = qty.plus(opened)
      const got = wordsAveragedEntry(entry, qty, price, opened, newQty)
      expect(got, `${e} ${q} ${p} ${o}`).not.toBeNull()
      sameDec(got!, entry.times(qty).plus(price.times(opened)).div(newQty))
    }
    for (const [f, c, q] of [
      ['12.34567890123456789012345678901234567891', '0.002', '1.02'],
      ['0.00000005', '1', '2'],
      ['0.0000001', '1', '8'],
      ['9999999999999999999999999999999999999999', '1', '3'],
      ['1', '1', '3'],
    ]) {
      const [fees, closed, qty] = [f, c, q].map((s) => new D(s)) as [Dec, Dec, Dec]
      const got = wordsCarriedFees(fees, closed, qty)
      expect(got, `${f} ${c} ${q}`).not.toBeNull()
      sameDec(got!, fees.minus(fees.times(closed.div(qty))))
    }
  })

  it('declines what it does not handle: negatives, zeros, long divisors, a zero result', () => {
    const [one, two] = [new D(1), new D(2)]
    expect(wordsPlus(new D(-1), one)).toBeNull()
    expect(wordsPlus(new D(0), one)).toBeNull()
    // a divisor of 10 digits (a remainder times 10^7 could pass 2^53)
    expect(wordsCarriedFees(one, one, new D('1234.567891'))).toBeNull()
    expect(wordsAveragedEntry(one, one, one, one, new D('1234.567891'))).toBeNull()
    // 9 digits (the last word's padding zeros do not count): taken
    expect(wordsCarriedFees(one, one, new D('123.456789'))).not.toBeNull()
    // closed = qty: fees − fees = 0 (decimal.js's zero is the caller's)
    expect(wordsCarriedFees(one, two, two)).toBeNull()
  })
})
