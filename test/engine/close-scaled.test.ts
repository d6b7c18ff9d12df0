/**
 * accounting/close-scaled.ts answers exactly what positions.ts's Decimal formulas answer for an
 * isolated position's partial close, and declines exactly where it could not: at the released
 * margin's exact grid points (a·c divisible by q) and at a fee that equals what the close frees.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { noShortfall, releasedScaled } from '../../electron/engine/accounting/close-scaled'
import { D, type Dec, ZERO } from '../../electron/engine/decimal'

/** positions.ts releasedMargin's formula: (margin · (closed / qty)) rounded down to 8 dp. */
const released = (m: Dec, c: Dec, q: Dec): Dec => m.times(c.div(q)).toDecimalPlaces(8, D.ROUND_DOWN)

/** positions.ts applyTrade's shortfall with the fee share of `closed` of a fill of `qty`. */
const shortfall = (fee: Dec, closed: Dec, qty: Dec, release: Dec, realized: Dec): Dec =>
  D.max(ZERO, fee.times(closed).div(qty).minus(release).minus(realized))

const dec = (s: string) => new D(s)

describe('releasedScaled', () => {
  it('AT a grid point it declines: 3 · (1/3) is 0.99999999 in the formula, not 1', () => {
    expect(released(dec('3'), dec('1'), dec('3')).toFixed()).toBe('0.99999999')
    expect(releasedScaled(dec('3'), dec('1'), dec('3'))).toBeNull()
    // a grid point whose fraction is exact declines all the same (the formula gives it)
    expect(releasedScaled(dec('10'), dec('0.1'), dec('10'))).toBeNull()
  })

  it('BESIDE it: one unit of margin more floors to 1, as the formula does', () => {
    const x = releasedScaled(dec('3.00000001'), dec('1'), dec('3'))
    expect(x?.toFixed()).toBe('1')
    expect(x?.eq(released(dec('3.00000001'), dec('1'), dec('3')))).toBe(true)
  })

  it('the quiet bench’s close (0.1 of 9.9 ETH) gives the formula’s Decimal', () => {
    const m = dec('4950.12345678')
    const x = releasedScaled(m, dec('0.1'), dec('9.9'))!
    const r = released(m, dec('0.1'), dec('9.9'))
    expect(x.toFixed()).toBe('50.00124703')
    expect([x.s, x.e, x.d]).toEqual([r.s, r.e, r.d])
  })

  it('declines zero results, more than 8 decimals, negative or long operands', () => {
    expect(releasedScaled(dec('0.00000001'), dec('1'), dec('3'))).toBeNull()
    expect(releasedScaled(dec('1.000000001'), dec('1'), dec('3'))).toBeNull()
    expect(releasedScaled(dec('-5'), dec('1'), dec('3'))).toBeNull()
    expect(releasedScaled(dec('5'), dec('1.1234567890123456'), dec('3'))).toBeNull()
    expect(releasedScaled(dec('10000000'), dec('100000000'), dec('300000001'))).toBeNull()
  })

  it('equals the formula wherever it answers, on random closes', () => {
    let answered = 0
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        (mm, md, cm, qm, cd, qd) => {
          const m = dec(String(mm)).div(10 ** md)
          const c = dec(String(cm)).div(10 ** cd)
          const q = dec(String(qm)).div(10 ** qd)
          const x = releasedScaled(m, c, q)
          if (x === null) return
          answered++
          expect(x.toFixed()).toBe(released(m, c, q).toFixed())
        },
      ),
      { numRuns: 3000 },
    )
    expect(answered).toBeGreaterThan(1500)
  })
})

describe('noShortfall', () => {
  it('AT the boundary (fee = release + realized) the shortfall is 0: shown', () => {
    const [fee, rel, pnl] = [dec('1.5'), dec('2'), dec('-0.5')]
    expect(shortfall(fee, dec('1'), dec('1'), rel, pnl).isZero()).toBe(true)
    expect(noShortfall(fee, rel, pnl)).toBe(true)
  })

  it('BESIDE it (one unit more fee) there is one: not shown', () => {
    const [fee, rel, pnl] = [dec('1.50000001'), dec('2'), dec('-0.5')]
    expect(shortfall(fee, dec('1'), dec('1'), rel, pnl).toFixed()).toBe('0.00000001')
    expect(noShortfall(fee, rel, pnl)).toBe(false)
  })

  it('a negative fee (a maker rebate) or off-grid amounts are not shown', () => {
    expect(noShortfall(dec('-0.1'), dec('2'), dec('-0.5'))).toBe(false)
    expect(noShortfall(dec('0.000000001'), dec('2'), dec('0'))).toBe(false)
  })

  it('whenever it is shown, the formula’s shortfall is not positive', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 9 }),
        fc.integer({ min: 0, max: 10 ** 9 }),
        fc.integer({ min: -(10 ** 9), max: 10 ** 9 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        (f, r, g, q, k) => {
          const [fee, rel, pnl] = [f, r, g].map((x) => dec(String(x)).div(1e8))
          const qty = dec(String(q))
          const closed = dec(String(Math.min(k, q)))
          const shown = noShortfall(fee!, rel!, pnl!)
          expect(shown).toBe(f - r - g <= 0)
          if (shown) expect(shortfall(fee!, closed, qty, rel!, pnl!).gt(0)).toBe(false)
        },
      ),
      { numRuns: 3000 },
    )
  })
})
