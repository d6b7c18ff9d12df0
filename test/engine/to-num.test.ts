/**
 * toNum (decimal.ts) converts a Decimal to the same double as decimal.js's toNumber (the
 * correctly rounded parse of its text) — also on its shortcut for short values (≤ 15 digits,
 * ≤ 22 decimals) — for the bar path compares order levels with bar prices in doubles.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { D, toNum } from '../../electron/engine/decimal'

describe('toNum = toNumber', () => {
  it('random values of 1–20 digits, 0–30 decimals, both signs', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 20n }),
        fc.integer({ min: -8, max: 30 }),
        fc.boolean(),
        (m, k, neg) => {
          const x = new D(`${neg ? '-' : ''}${m}e${-k}`)
          expect(Object.is(toNum(x), x.toNumber())).toBe(true)
        },
      ),
      { numRuns: 20_000 },
    )
  })
  it('zero, edges of the shortcut and ties', () => {
    for (const s of [
      '0',
      '-0',
      '999999999999999',
      '9999999999999999',
      '0.000000000000000000000123456789012345',
      '123456789012345e-22',
      '123456789012345e-23',
      '4503599627370495.5',
      '9007199254740993',
      '0.1',
      '0.3',
      '1e-7',
      '12345678.9',
    ]) {
      const x = new D(s)
      expect(Object.is(toNum(x), x.toNumber())).toBe(true)
    }
  })
})
