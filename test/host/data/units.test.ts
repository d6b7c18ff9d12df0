/** Small units the rest leans on: decimal checks, epoch units, growable columns, funding defaults, file classification. */
import { describe, expect, it } from 'vitest'
import { classify } from '../../../electron/host/data/import/classify'
import { Column } from '../../../electron/host/data/columns'
import {
  checkDecimal,
  detectTimeUnit,
  parseEpoch,
  round8,
} from '../../../electron/host/data/decimal'
import { defaultFunding, fillFundingMark } from '../../../electron/host/data/funding'
import { listGaps } from '../../../electron/host/data/steps'

describe('decimals and epochs', () => {
  it('accepts ≤ 8-dp decimals and refuses the rest', () => {
    for (const ok of ['0', '1', '-0.0006', '+12.5', '123456.12345678', '5.', '1e-05'])
      expect(checkDecimal(ok), ok).toBeNull()
    for (const bad of ['', '-', '.5', 'abc', '1,5', '1.2.3', 'NaN', 'Infinity', ' 1'])
      expect(checkDecimal(bad), bad).toBe('NOT_A_NUMBER')
    expect(checkDecimal('0.123456789')).toBe('TOO_MANY_DECIMALS')
    expect(checkDecimal('1e-9')).toBe('TOO_MANY_DECIMALS')
  })

  it('round8 gives the double nearest the decimal', () => {
    expect(round8(0.1 + 0.2)).toBe(0.3)
    expect(round8(123706.600000004)).toBe(123706.6)
  })

  it('tells s, ms and µs apart by digit count', () => {
    expect(detectTimeUnit('1704067200')).toBe('s')
    expect(detectTimeUnit('1704067200000')).toBe('ms')
    expect(detectTimeUnit('1704067200000000')).toBe('us')
    expect(parseEpoch('1704067200000123', 'us')).toBe(1704067200000)
    expect(parseEpoch('1704067200', 's')).toBe(1704067200000)
    expect(parseEpoch('17040672000x0', 'ms')).toBeNull()
    expect(parseEpoch('-5', 'ms')).toBeNull()
  })
})

describe('Column', () => {
  it('grows across chunks and reads back every value', () => {
    for (const cap of [1, 100, 70_000]) {
      const c = new Column(cap)
      for (let i = 0; i < 200_000; i++) c.push(i * 0.5)
      expect(c.length).toBe(200_000)
      for (const i of [0, 15, 99, 100, 65_535, 65_536, 70_000, 131_072, 199_999])
        expect(c.at(i)).toBe(i * 0.5)
      const a = c.toArray()
      expect(a.length).toBe(200_000)
      expect(a[123_456]).toBe(61_728)
    }
  })
})

describe('funding defaults', () => {
  it('0.0001 at 00/08/16 UTC inside [start, end] (end: the last close), marked from the mark series', () => {
    const start = Date.UTC(2024, 0, 1, 5)
    const end = Date.UTC(2024, 0, 2, 8)
    const pts = defaultFunding(start, end)
    expect(pts.map((p) => new Date(p.t).toISOString().slice(11, 16))).toEqual([
      '08:00',
      '16:00',
      '00:00',
      '08:00',
    ])
    expect(pts.every((p) => p.rate === '0.0001')).toBe(true)
    const time = Float64Array.from([Date.UTC(2024, 0, 1, 8), Date.UTC(2024, 0, 1, 9)])
    const filled = fillFundingMark(
      pts,
      time,
      Float64Array.from([10, 11]),
      Float64Array.from([10.5, 11.5]),
    )
    expect(filled.map((p) => p.markPrice)).toEqual(['10', '11.5', '11.5', '11.5'])
  })
})

describe('gaps and classification', () => {
  it('lists interior, head and tail gaps', () => {
    const t0 = Date.UTC(2024, 0, 1)
    const time = Float64Array.from([t0 + 60_000, t0 + 120_000, t0 + 300_000])
    expect(listGaps(time, 60_000, t0, t0 + 420_000)).toEqual([
      { from: t0, to: t0, bars: 1 },
      { from: t0 + 180_000, to: t0 + 240_000, bars: 2 },
      { from: t0 + 360_000, to: t0 + 360_000, bars: 1 },
    ])
  })

  it('reads Binance and bundled file names', () => {
    expect(
      classify(
        '/d/futures/um/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2024-01-01.zip/BTCUSDT-1m-2024-01-01.csv',
      ),
    ).toEqual({ kind: 'last', symbol: 'BTCUSDT', interval: '1m' })
    expect(
      classify('/d/futures/um/daily/markPriceKlines/ETHUSDT/1h/ETHUSDT-1h-2024-01-01.csv'),
    ).toMatchObject({ kind: 'mark', symbol: 'ETHUSDT' })
    expect(classify('/d/indexPriceKlines/ETHUSDT-1m-2024-01-01.csv').kind).toBe('index')
    expect(classify('BTCUSDT-fundingRate-2024-01.csv')).toMatchObject({
      kind: 'funding',
      symbol: 'BTCUSDT',
    })
    expect(classify('btcusdt-markprice-1h-2022-11-07_2022-11-11.csv.gz')).toMatchObject({
      kind: 'mark',
      symbol: 'BTCUSDT',
      interval: '1h',
    })
    expect(classify('ethusdt-funding-2022-11.csv.gz')).toMatchObject({
      kind: 'funding',
      symbol: 'ETHUSDT',
    })
    expect(classify('BTCUSD_PERP-1m-2025-10-09.csv')).toMatchObject({
      kind: 'last',
      symbol: 'BTCUSD_PERP',
    })
    expect(classify('BTCUSDT-premiumIndexKlines-1m.csv').kind).toBeNull()
  })
})
