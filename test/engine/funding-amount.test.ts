/**
 * The funding settlement's amount on integers held in doubles (funding/funding.ts
 * `fundingAmount`, issue 16: a funding input on the fast path) gives the very Decimal and
 * money() text of the Decimal formula −dir·Q·mark·rate, rounded to 8 dp away from zero when
 * paid and toward zero when received (§1.6, decimal.ts), for random sizes, marks and rates
 * (both signs, long and short), at and beside the 8 dp rounding (remainder zero, one unit),
 * receipts that round to zero, and products at and beside 2^52, where the double path must
 * hand over to decimal.js (an odd product above 2^53 has no double: without the check the
 * amount would be off by one unit).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { chargeUp, creditDown, D, type Dec, money } from '../../electron/engine/decimal'
import { fundingAmount } from '../../electron/engine/funding/funding'

/** The Decimal formula as settleFunding computed it before the integer path. */
function reference(qty: Dec, mark: Dec, rate: Dec, long: boolean) {
  const x = qty.times(mark).times(rate)
  const raw = long ? x.neg() : x
  const amount = raw.isNeg() && !raw.isZero() ? chargeUp(raw.abs()).neg() : creditDown(raw)
  return amount.isZero() ? null : { amount, text: money(amount) }
}

const parts = (r: { amount: Dec; text: string } | null) =>
  r && { s: r.amount.s, e: r.amount.e, d: r.amount.d, text: r.text }

function check(qty: string, mark: string, rate: string): void {
  for (const long of [true, false]) {
    const [q, m, r] = [new D(qty), new D(mark), new D(rate)]
    expect(parts(fundingAmount(q, m, r, long)), `${qty}·${mark}·${rate} long=${long}`).toEqual(
      parts(reference(q, m, r, long)),
    )
  }
}

const decimalText = (maxDigits: number, maxDp: number) =>
  fc
    .tuple(
      fc.bigInt({ min: 1n, max: 10n ** BigInt(maxDigits) - 1n }),
      fc.integer({ min: 0, max: maxDp }),
    )
    .map(([m, k]) => new D(m.toString()).div(new D(10).pow(k)).toFixed())

describe('fundingAmount', () => {
  it('equals the Decimal formula on random sizes, marks and rates', () => {
    fc.assert(
      fc.property(
        decimalText(9, 6),
        decimalText(10, 8),
        fc.tuple(decimalText(6, 8), fc.boolean()).map(([r, neg]) => (neg ? `-${r}` : r)),
        (qty, mark, rate) => check(qty, mark, rate),
      ),
      { numRuns: 4000, seed: 16 },
    )
  })

  it('rounds at 8 dp exactly as the Decimal formula: on the grid, one unit off it, receipts below a unit', () => {
    // 1.2 · 60000.3 · 0.0001 = 7.200036 (on the grid), 0.001 · 0.1 · 0.0000001 (below a unit)
    for (const [q, m, r] of [
      ['1.2', '60000.3', '0.0001'],
      ['10', '3000.15', '-0.0001'],
      ['0.001', '0.1', '0.0000001'],
      ['0.003', '0.3', '0.0000001'],
      ['1', '0.00000001', '1'],
      ['1', '0.000000011', '1'],
      ['1', '0.000000019', '1'],
      ['1', '0.000000010000001', '1'],
      ['3', '0.333333333', '0.00000003'],
      ['0.001', '12345.678', '0.00037'],
    ])
      check(q!, m!, r!)
  })

  it('hands products at or above 2^52 to decimal.js (exact also above 2^53)', () => {
    // 2^52 − 1 = 67108863 · 67108865 (integer path), 2^52 = 67108864² and 2^52 + 1 =
    // 17 · 858001 · 308761441 (decimal.js): the same amounts either side of the line
    for (const [q, m, r] of [
      ['67108863', '0.67108865', '1'],
      ['67108864', '0.67108864', '1'],
      ['17', '858.001', '0.308761441'],
      ['67108863', '6.7108865', '0.0001'],
      ['17', '858001', '3.08761441'],
    ])
      check(q!, m!, r!)
    // odd products above 2^53 from factors of up to 15 digits, in the first and in the second
    // multiplication: 100000001 · 90071993 = 9007199390071993 (a double would round it)
    check('100000001', '0.90071993', '1')
    check('1', '100000001', '0.90071993')
    check('1.00000001', '900719.93', '0.01')
  })

  it('skips a zero size, mark or rate as the Decimal formula does', () => {
    check('0', '60000', '0.0001')
    check('1', '60000', '0')
    expect(fundingAmount(new D(1), new D(60000), new D(0), true)).toBeNull()
  })
})
