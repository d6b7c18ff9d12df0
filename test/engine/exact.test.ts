/**
 * electron/engine/exact.ts rounds exactly like the engine's Decimal `D` (40 significant
 * digits, half-even; toDecimalPlaces / toNearest by mode): every operation is compared with
 * decimal.js on random operands — zeros, signs, 40+-digit mantissas, wide exponents, ties —
 * through the printed string, which is what events and views carry (issue 16).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  D,
  type Dec,
  fromPrice,
  minus,
  money,
  plus,
  str,
  times,
} from '../../electron/engine/decimal'
import {
  add,
  cmp,
  div,
  exStr,
  fromDec,
  mul,
  quot,
  RM,
  sqrt,
  sub,
  toDec,
  toDp,
  toNearest,
  type Ex,
} from '../../electron/engine/exact'
import { divToDp } from '../../electron/engine/position-numbers'

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
        if (!y.isZero()) {
          same(x.div(y), exStr(div(a, b)))
          same(x.div(y), exStr(quot(a, b)))
          // exact quotients (x·y / y) take quot's integer path
          const xy = x.times(y)
          same(xy.div(y), exStr(quot(fromDec(xy), b)))
        }
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

  it('position-numbers divToDp (doubles when clear, exact near a half) equals dividedBy, times 10^p, toDecimalPlaces', () => {
    // quotients at or next to a rounding half: b·(n + ½)·10^−(p+dp) ± a few units of the 40th digit
    const nearHalf = fc
      .tuple(
        dec,
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.integer({ min: -3, max: 3 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 8 }),
      )
      .map(([b, n, u, p, dp]) => {
        const q = new D(`${(2n * n + 1n).toString()}e-${p + dp}`).div(2)
        const a = b.times(q).plus(b.abs().times(q).times(`${u}e-39`))
        return { a, b, p, dp }
      })
    const any = fc.record({
      a: dec,
      b: dec,
      p: fc.integer({ min: 0, max: 2 }),
      dp: fc.integer({ min: 0, max: 8 }),
    })
    fc.assert(
      fc.property(fc.oneof(any, nearHalf), fc.constantFrom(RM.HALF_UP, RM.HALF_EVEN), (x, mode) => {
        if (x.b.isZero()) return
        const want = x.a.div(x.b).times(new D(10).pow(x.p)).toDecimalPlaces(x.dp, mode)
        same(want, exStr(divToDp(fromDec(x.a), fromDec(x.b), x.p, x.dp, mode)))
      }),
      { numRuns: 20000 },
    )
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

  it('toDec builds the very Decimal the string parse builds (sign, exponent, digit words)', () => {
    const mantissa = fc.oneof(
      fc.bigInt({ min: -(10n ** 45n), max: 10n ** 45n }),
      fc.bigInt({ min: -(2n ** 53n), max: 2n ** 53n }),
      fc.bigInt({ min: -(10n ** 16n), max: 10n ** 16n }),
      fc.bigInt({ min: -2000n, max: 2000n }),
    )
    const zeros = fc.integer({ min: 0, max: 20 })
    fc.assert(
      fc.property(mantissa, zeros, fc.integer({ min: -60, max: 25 }), (m0, z, e) => {
        const a: Ex = { m: m0 * 10n ** BigInt(z), e }
        sameDec(toDec(a), new D(exStr(a)))
        // the exact value comes back from the Decimal toDec made (remembered or converted)
        expect(exStr(fromDec(toDec(a)))).toBe(exStr(a))
      }),
      RUNS,
    )
    for (const [m, e] of [
      [1n, 0],
      [10000000n, 0],
      [10000000n, -7],
      [2n ** 52n - 1n, -3],
      [2n ** 52n, -3],
      [2n ** 52n + 1n, 5],
      [9999999n, -14],
      [-1n, -1],
      [0n, 5],
    ] as const)
      sameDec(toDec({ m, e }), new D(exStr({ m, e })))
  })

  it('fromPrice(n) is new D(String(n)) for bar prices with 0–8 decimals and any other double', () => {
    const price = fc
      .tuple(fc.integer({ min: 0, max: 8 }), fc.bigInt({ min: 1n, max: 10n ** 15n }))
      .map(([k, m]) => Number(`${m}e-${k}`))
    fc.assert(
      fc.property(fc.oneof(price, fc.double({ noNaN: true })), fc.boolean(), (n, negative) => {
        const x = negative ? -n : n
        sameDec(fromPrice(x), new D(String(x)))
      }),
      RUNS,
    )
    for (const n of [
      0,
      -0,
      1,
      0.1,
      0.3,
      1e-8,
      1.5e-9,
      123456.78901234,
      9.99999999999999e14,
      1e15,
      2 ** 53,
      60000.1,
      0.00000001,
      99999999.99999999,
      1e21,
      1e-7,
      4503599627370495,
      0.1 + 0.2,
    ])
      sameDec(fromPrice(n), new D(String(n)))
  })

  it('decimal.ts plus, minus, times, str, money (zero and small-integer shortcuts) equal decimal.js', () => {
    // small values (fees, sizes, bar prices, wallets) take the shortcuts; signed zeros, long
    // mantissas and far exponents take decimal.js
    const small = fc
      .tuple(
        fc.oneof(
          fc.bigInt({ min: -(10n ** 16n), max: 10n ** 16n }),
          fc.bigInt({ min: -999n, max: 999n }),
          fc.constantFrom(0n, 1n, -1n, 10n ** 7n, 2n ** 52n, 2n ** 52n - 1n, 4503599627370497n),
        ),
        fc.integer({ min: -24, max: 18 }),
      )
      .map(([m, e]) => new D(`${m.toString()}e${e}`))
    const any = fc.oneof(small, small, dec, fc.constantFrom(new D('-0'), new D(0)))
    fc.assert(
      fc.property(any, any, (x, y) => {
        sameDec(plus(x, y), x.plus(y))
        sameDec(minus(x, y), x.minus(y))
        sameDec(times(x, y), x.times(y))
        expect(str(x)).toBe(x.toFixed())
        expect(money(x)).toBe(x.toDecimalPlaces(8, D.ROUND_HALF_UP).toFixed())
      }),
      { numRuns: 20000 },
    )
  })
})

/** Two Decimals with the same internal representation (what every later operation reads). */
function sameDec(x: Dec, y: Dec): void {
  expect([x.s, x.e, x.d]).toEqual([y.s, y.e, y.d])
  expect(x.toFixed()).toBe(y.toFixed())
}
