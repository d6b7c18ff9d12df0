/**
 * Exactness review of a fill's and a close's shortcuts on integers in doubles (docs/
 * performance.md "Session 7, exactness review"): pnl.ts `closePnl`, close-scaled.ts
 * `releasedScaled` and `noShortfall`, decimal.ts `plusMinus` (and `plus`, `minus`, `times`
 * they build on), slippage.ts `pricedTicks` (a slipped price built from k ticks in doubles)
 * against the decimal.js formulas they replaced, value and representation
 * (a zero's sign included), over adversarial operands: up to 20 digits and 30 decimals, runs
 * of 0s and 9s, integers at and beside 2^50, 2^52, 2^53 and 10^15 on every scale, signs.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { noShortfall, releasedScaled } from '../../electron/engine/accounting/close-scaled'
import { closePnl } from '../../electron/engine/accounting/pnl'
import { D, type Dec, minus, plus, plusMinus, times, ZERO } from '../../electron/engine/decimal'
import { slip } from '../../electron/engine/matching/slippage'
import { DEFAULT_ENGINE_SETTINGS } from '../../shared/trading/settings'
import { moneyDec, positiveDec, shape, signedDec } from './exact-gen'

const RUNS = { numRuns: 3000 }

/** pnl.ts's reference: (price − entry)·qty·dir at 40 digits a step, 8 dp half-even. */
function refPnl(entry: Dec, price: Dec, qty: Dec, dir: 1 | -1): Dec {
  const x = price.minus(entry).times(qty).times(dir)
  return x.decimalPlaces() <= 8 ? x : x.toDecimalPlaces(8, D.ROUND_HALF_EVEN)
}

/** positions.ts releasedMargin's formula: (margin · (closed / qty)) rounded down to 8 dp. */
const refReleased = (m: Dec, c: Dec, q: Dec): Dec =>
  m.times(c.div(q)).toDecimalPlaces(8, D.ROUND_DOWN)

/** positions.ts applyTrade's shortfall of the fee share of `closed` of a fill of `qty`. */
const refShortfall = (fee: Dec, closed: Dec, qty: Dec, release: Dec, realized: Dec): Dec =>
  D.max(ZERO, fee.times(closed).div(qty).minus(release).minus(realized))

/** A size, often a short one near a price's (what a close reads), sometimes anything. */
const size = fc.oneof(
  positiveDec,
  fc.integer({ min: 1, max: 10_000_000 }).map((n) => new D(n).div(1000)),
)

describe('closePnl = the decimal.js formula', () => {
  it('adversarial entries, prices and sizes, both directions', () => {
    fc.assert(
      fc.property(
        fc.oneof(positiveDec, size),
        fc.oneof(positiveDec, size),
        size,
        fc.constantFrom(1 as const, -1 as const),
        fc.boolean(),
        (entry, price, qty, dir, same) => {
          const p = same ? new D(entry.toFixed()) : price // a zero PnL (its sign)
          expect(shape(closePnl(entry, p, qty, dir))).toEqual(shape(refPnl(entry, p, qty, dir)))
        },
      ),
      { seed: 7101, ...RUNS },
    )
  })
})

describe('releasedScaled and noShortfall = the formulas where they answer', () => {
  it('released margin: random margins, closes and sizes on mixed scales', () => {
    fc.assert(
      fc.property(moneyDec, size, size, (m, a, b) => {
        const margin = m.abs()
        if (margin.isZero()) return
        const [closed, qty] = a.lte(b) ? [a, b] : [b, a]
        const x = releasedScaled(margin, closed, qty)
        if (x) expect(shape(x)).toEqual(shape(refReleased(margin, closed, qty)))
      }),
      { seed: 7102, ...RUNS },
    )
  })

  it('no shortfall is shown only where the formula gives 0', () => {
    fc.assert(
      fc.property(moneyDec, moneyDec, moneyDec, size, size, (fee, release, realized, a, b) => {
        const [closed, qty] = a.lte(b) ? [a, b] : [b, a]
        if (noShortfall(fee, release, realized))
          expect(refShortfall(fee, closed, qty, release, realized).isZero()).toBe(true)
      }),
      { seed: 7103, ...RUNS },
    )
  })
})

describe('plusMinus, plus, minus, times = decimal.js', () => {
  it('adversarial operands, sums that cancel, zeros', () => {
    const operand = fc.oneof(signedDec, moneyDec, fc.constant(ZERO))
    fc.assert(
      fc.property(operand, operand, operand, fc.nat(3), (a, b, c, k) => {
        // a + b = 0 and a + b = c on purpose now and then
        const bb = k === 1 ? a.neg() : b
        const cc = k === 2 ? a.plus(bb) : c
        expect(shape(plusMinus(a, bb, cc))).toEqual(shape(a.plus(bb).minus(cc)))
        expect(shape(plus(a, bb))).toEqual(shape(a.plus(bb)))
        expect(shape(minus(a, cc))).toEqual(shape(a.minus(cc)))
        expect(shape(times(a, bb))).toEqual(shape(a.times(bb)))
      }),
      { seed: 7104, ...RUNS },
    )
  })
})

describe('slip with its double shortcuts = slip on exact integers', () => {
  it('adversarial ticks, references (more decimals than the tick) and sizes', () => {
    const settings = { ...DEFAULT_ENGINE_SETTINGS, slippage: true }
    fc.assert(
      fc.property(
        fc.constantFrom('0.00000001', '0.00001', '0.01', '0.1', '1', '10'),
        positiveDec,
        size,
        fc.record({
          o: fc.double({ min: 0.5, max: 2, noNaN: true }),
          h: fc.double({ min: 0, max: 0.05, noNaN: true }),
          l: fc.double({ min: 0, max: 0.05, noNaN: true }),
          v: fc.double({ min: 0, max: 1e7, noNaN: true }),
        }),
        fc.boolean(),
        fc.constantFrom('BUY' as const, 'SELL' as const),
        (tickText, ref, qty, k, hasBar, side) => {
          const tick = new D(tickText)
          const r = ref.toNumber()
          const o = r * k.o
          const bar = hasBar ? { o, h: o * (1 + k.h), l: o * (1 - k.l), c: o, v: k.v } : null
          const fast = slip(settings, bar, tick, ref, qty, side, true)
          const exact = slip(settings, bar, tick, ref, qty, side, false)
          expect(shape(fast.price)).toEqual(shape(exact.price))
          expect(shape(fast.slippage)).toEqual(shape(exact.slippage))
        },
      ),
      { seed: 7105, ...RUNS },
    )
  })
})
