/**
 * Exact shortcuts of the busy path (issue 16, session 2) answer exactly what the Decimal
 * code answers:
 * - `onStep` on a power-of-ten step (a digits test) equals `x.mod(step).isZero()`, on every
 *   grid the instruments use and on steps that are not powers of ten (which keep `mod`);
 * - `fromPrice` (now cached per number) gives the Decimal of the number's shortest text;
 * - `approxNum` (the float pre-filters' conversion) is within 1e-14 relative of the exact
 *   value, the bound docs/performance.md's error analysis relies on.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { approxNum, D, type Dec, fromPrice, onStep, plusMinus } from '../../electron/engine/decimal'
import { avgPrice } from '../../electron/engine/matching/order-book'

const STEPS = ['1', '0.1', '0.01', '0.001', '0.0001', '0.00001', '0.5', '0.25', '10', '5', '0.002']

describe('onStep (issue 16: digits test on power-of-ten grids)', () => {
  it('equals x mod step == 0 on hand-picked values', () => {
    const xs = ['1.5', '1.55', '100', '100.1', '0.00001', '0.000011', '5', '5.25', '120', '125']
    const more = ['1e-9', '0', '-0.3', '1.50000', '60000.1', '60000.10', '0.002', '0.004', '7']
    for (const x of [...xs, ...more])
      for (const s of STEPS)
        expect(onStep(new D(x), new D(s)), `${x} on ${s}`).toBe(new D(x).mod(new D(s)).isZero())
  })

  it('equals x mod step == 0 on random decimals', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.integer({ min: 0, max: 10 }),
        fc.constantFrom(...STEPS),
        (m, k, s) => {
          const x = new D(m.toString()).div(new D(10).pow(k))
          expect(onStep(x, new D(s))).toBe(x.mod(new D(s)).isZero())
        },
      ),
      { numRuns: 3000 },
    )
  })
})

describe('fromPrice cache', () => {
  it('gives the Decimal of the shortest text of the number, again and again', () => {
    for (const n of [0.1, 60000.1, 1e-8, 123456.789, 0.00001234, 3e21, 0.1 + 0.2])
      for (let i = 0; i < 3; i++) expect(fromPrice(n).toFixed()).toBe(new D(String(n)).toFixed())
  })

  it('stays correct past its bound (cleared when full)', () => {
    for (let i = 0; i < 10_000; i++) {
      const n = 1000 + i / 10
      expect(fromPrice(n).eq(new D(String(n)))).toBe(true)
    }
  })
})

describe('approxNum (float pre-filters: relative error < 1e-14)', () => {
  const check = (x: InstanceType<typeof D>) => {
    const exact = x.toNumber()
    const a = approxNum(x)
    if (exact === 0) expect(a).toBe(0)
    else expect(Math.abs(a - exact) / Math.abs(exact), x.toFixed()).toBeLessThan(1e-14)
  }

  it('on hand-picked values: prices, sizes, 40-digit averages, tiny and huge', () => {
    for (const s of ['0', '1', '-1', '0.1', '60000.1', '0.00001', '1e-30', '1e30', '-2.5e-12'])
      check(new D(s))
    check(new D('60000.1').times('0.003').plus('59999.9').div(7)) // a 40-digit average
    check(new D('123456789012345678901234.5678'))
    expect(Number.isNaN(approxNum(new D(NaN)))).toBe(true)
    expect(approxNum(new D(-Infinity))).toBe(-Infinity)
  })

  it('on random decimals of up to 40 digits', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }),
        fc.integer({ min: -60, max: 60 }),
        (m, k) => check(new D(m.toString()).times(new D(10).pow(k))),
      ),
      { numRuns: 5000 },
    )
  })
})

describe("avgPrice (an order view's average: issue 16, session 6)", () => {
  const want = (n: Dec, q: Dec) => n.div(q).toDecimalPlaces(8, D.ROUND_HALF_EVEN).toFixed()

  it('equals notional / executed to 8 dp half-even: fills at one price, several, long notionals', () => {
    const short = fc
      .tuple(fc.bigInt({ min: 1n, max: 10n ** 9n }), fc.integer({ min: 0, max: 9 }))
      .map(([m, k]) => new D(m.toString()).div(new D(10).pow(k)))
    fc.assert(
      fc.property(short, short, short, short, (q1, p1, q2, p2) => {
        // one fill (the quotient on doubles), two fills at two prices (mostly exact.ts)
        expect(avgPrice(q1.times(p1), q1)).toBe(want(q1.times(p1), q1))
        const n = q1.times(p1).plus(q2.times(p2))
        const q = q1.plus(q2)
        expect(avgPrice(n, q)).toBe(want(n, q))
      }),
      { numRuns: 3000 },
    )
    // more than 8 decimals (rounded, exact.ts), past 2^53, a quotient past 10^8 places
    for (const [n, q] of [
      ['1', '3'],
      ['120.343', '0.002'],
      ['0.3', '0.00000004'],
      ['0.3', '0.000000004'],
      ['0.000000015', '1'],
      ['123456789012345678', '2'],
      ['60000.1', '0.001'],
      ['0.00000001', '1000'],
    ])
      expect(avgPrice(new D(n), new D(q)), `${n} / ${q}`).toBe(want(new D(n), new D(q)))
  })
})

describe('plusMinus (a wallet after a fill: a + b − c in one step)', () => {
  const check = (a: Dec, b: Dec, c: Dec) => {
    const got = plusMinus(a, b, c)
    const want = a.plus(b).minus(c)
    expect(got.toFixed(), `${a} + ${b} − ${c}`).toBe(want.toFixed())
    expect([got.s, got.e, got.d]).toEqual([want.s, want.e, want.d])
  }

  it('zeros, a + b = 0, a result of 0, long operands', () => {
    const z = new D(0)
    const x = (s: string) => new D(s)
    for (const [a, b, c] of [
      [x('100'), z, x('0.5')],
      [x('100'), x('-100'), x('0.5')],
      [x('100'), x('0.5'), x('100.5')],
      [x('1.5'), x('2.25'), z],
      [x('25000.12345678'), x('-1.23456789'), x('0.04')],
      [x('1.123456789012345678901234567890123'), x('2'), x('1')],
    ] as const)
      check(a, b, c)
  })

  it('random amounts on the 8 dp grid', () => {
    const amount = fc
      .bigInt({ min: -(10n ** 17n), max: 10n ** 17n })
      .map((m) => new D(m.toString()).div(1e8))
    fc.assert(fc.property(amount, amount, amount, check), { numRuns: 3000 })
  })
})
