/**
 * electron/engine/exact.ts rounds exactly like the engine's Decimal `D` (40 significant
 * digits, half-even; toDecimalPlaces / toNearest by mode): every operation is compared with
 * decimal.js on random operands — zeros, signs, 40+-digit mantissas, wide exponents, ties —
 * through the printed string, which is what events and views carry (issue 16).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { D, type Dec } from '../../electron/engine/decimal'
import {
  add,
  cmp,
  div,
  exStr,
  fromDec,
  mul,
  RM,
  sqrt,
  sub,
  toDp,
  toNearest,
} from '../../electron/engine/exact'

/** A random Decimal: mantissa up to 45 digits (or a short one: ties), exponent −50..20. */
const dec = fc
  .tuple(
    fc.oneof(
      fc.bigInt({ min: -(10n ** 45n), max: 10n ** 45n }),
      fc.bigInt({ min: -2000n, max: 2000n }),
      fc.constantFrom(0n, 5n, -5n, 15n, 25n, 125n, 1n, -1n),
    ),
    fc.integer({ min: -50, max: 20 }),
  )
  .map(([m, e]) => new D(`${m.toString()}e${e}`))

const same = (x: Dec, got: string): void => {
  expect(got).toBe(x.toFixed())
}
const RUNS = { numRuns: 4000 }

describe('exact decimals equal D, digit for digit', () => {
  it('round trip: fromDec then exStr prints toFixed()', () => {
    fc.assert(
      fc.property(dec, (x) => {
        same(x, exStr(fromDec(x)))
      }),
      RUNS,
    )
    for (const s of ['0', '-0', '1', '0.1', '60000.1', '1e-50', '-123.456', '1e30'])
      same(new D(s), exStr(fromDec(new D(s))))
  })

  it('plus, minus, times, dividedBy (40 digits, half-even)', () => {
    fc.assert(
      fc.property(dec, dec, (x, y) => {
        const a = fromDec(x)
        const b = fromDec(y)
        same(x.plus(y), exStr(add(a, b)))
        same(x.minus(y), exStr(sub(a, b)))
        same(x.times(y), exStr(mul(a, b)))
        if (!y.isZero()) same(x.div(y), exStr(div(a, b)))
        expect(cmp(a, b)).toBe(x.comparedTo(y))
      }),
      RUNS,
    )
  })

  it('division ties and small quotients', () => {
    for (const [x, y] of [
      ['1', '8'],
      ['1', '3'],
      ['-2', '3'],
      ['5', '2'],
      ['1', '7'],
      ['100000', '0.003'],
      ['60000.123456789', '1.004'],
    ])
      same(new D(x).div(y), exStr(div(fromDec(new D(x)), fromDec(new D(y)))))
  })

  it('toDecimalPlaces and toNearest by mode', () => {
    const modes = [RM.UP, RM.DOWN, RM.HALF_UP, RM.HALF_EVEN]
    const steps = ['0.1', '0.01', '0.00001', '1', '0.5', '0.25', '10']
    fc.assert(
      fc.property(
        dec,
        fc.integer({ min: 0, max: 12 }),
        fc.constantFrom(...modes),
        fc.constantFrom(...steps),
        (x, dp, mode, step) => {
          same(x.toDecimalPlaces(dp, mode), exStr(toDp(fromDec(x), dp, mode)))
          same(x.toNearest(step, mode), exStr(toNearest(fromDec(x), fromDec(new D(step)), mode)))
        },
      ),
      RUNS,
    )
  })

  it('squareRoot (correctly rounded, 40 digits, half-even): random, exact squares, near ties', () => {
    fc.assert(
      fc.property(dec, (x) => {
        const a = x.abs()
        same(a.sqrt(), exStr(sqrt(fromDec(a))))
        // exact squares and squares of 41-digit values (their roots tie or nearly tie)
        const sq = a.times(a)
        same(sq.sqrt(), exStr(sqrt(fromDec(sq))))
      }),
      RUNS,
    )
    for (const s of [
      '2.25',
      '1e-7',
      '0.0001',
      '1',
      '4',
      '12345678901234567890123456789012345678905',
      '0.5',
    ])
      same(new D(s).sqrt(), exStr(sqrt(fromDec(new D(s)))))
  })
})
