import { describe, expect, it } from 'vitest'
import {
  countdown,
  fmt,
  fractionToPercent,
  isZero,
  priceToTick,
  roundDecimal,
  signOf,
  sumDecimals,
} from '../../renderer/src/format/decimal-format'
import { foldBar } from '../../renderer/src/format/chart-adapters'

describe('decimal display formatting', () => {
  it('rounds half-up on the digits, carrying through nines', () => {
    expect(roundDecimal('1.005', 2)).toBe('1.01')
    expect(roundDecimal('19999.995', 2)).toBe('20000.00')
    expect(roundDecimal('-0.004', 2)).toBe('0.00')
    expect(roundDecimal('-2.5', 0)).toBe('-3')
  })
  it('groups thousands and signs on request', () => {
    expect(fmt('1234567.891', 2)).toBe('1,234,567.89')
    expect(fmt('-539.654', 2, true)).toBe('-539.65')
    expect(fmt('12', 2, true)).toBe('+12.00')
    expect(fmt('0', 2, true)).toBe('0.00')
    expect(fmt('', 2)).toBe('—')
  })
  it('turns a funding fraction into percent text without floats', () => {
    expect(fractionToPercent('0.0001')).toBe('0.01')
    expect(fractionToPercent('-0.00375')).toBe('-0.375')
    expect(fractionToPercent('1')).toBe('100')
  })
  it('reads signs and zeros from strings', () => {
    expect(isZero('0.000')).toBe(true)
    expect(signOf('-0.1')).toBe(-1)
    expect(signOf('3')).toBe(1)
  })
  it('snaps a dragged chart price to the tick as a decimal string', () => {
    expect(priceToTick(19123.4567, '0.1')).toBe('19123.5')
    expect(priceToTick(1500.004, '0.01')).toBe('1500.00')
  })
  it('formats a countdown', () => {
    expect(countdown(3 * 3600_000 + 12 * 60_000 + 45_000)).toBe('03:12:45')
  })
})

describe('folding base bars into the shown timeframe', () => {
  const H = 3_600_000
  it('starts a new candle at the bucket boundary and merges inside it', () => {
    const a = foldBar(undefined, { t: H, o: 10, h: 12, l: 9, c: 11, v: 1 }, H, 60_000)
    expect(a).toEqual({ t: H, o: 10, h: 12, l: 9, c: 11, v: 1 })
    const b = foldBar(a, { t: H + 60_000, o: 11, h: 15, l: 8, c: 14, v: 2 }, H, 60_000)
    expect(b).toEqual({ t: H, o: 10, h: 15, l: 8, c: 14, v: 3 })
    const c = foldBar(b, { t: 2 * H, o: 14, h: 14, l: 13, c: 13, v: 1 }, H, 60_000)
    expect(c.t).toBe(2 * H)
  })
})

describe('sumDecimals', () => {
  it('adds quantities exactly on their digits', () => {
    expect(sumDecimals(['0.01', '0.01', '0.01'])).toBe('0.03')
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3')
    expect(sumDecimals(['1.005', '-2'])).toBe('-0.995')
    expect(sumDecimals(['3'])).toBe('3')
  })
})
