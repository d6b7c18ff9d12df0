/**
 * Mark alignment keeps the recorded mark OHLC: for every bundled scenario with a coarser mark,
 * the per-row marks aggregated back to the mark step equal the recorded mark file exactly.
 * A property test covers random hours, partial hours (gaps) and finer / equal marks.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { aggregate, loadScenario } from '../../../electron/host/data'
import { readManifest } from '../../../electron/host/data/manifest'
import { alignMark, type BaseRows } from '../../../electron/host/data/mark-align'
import { TIMEFRAME_MS } from '../../../shared/market'
import { RESOURCES, tempDir } from './support/fixtures'

const SCEN = path.join(RESOURCES, 'scenarios')
const ids = (
  JSON.parse(readFileSync(path.join(SCEN, 'index.json'), 'utf8')) as { scenarios: string[] }
).scenarios

describe('mark alignment on the bundled data', () => {
  for (const id of ids) {
    it(`${id}: per-row marks aggregate back to the recorded mark bars`, async () => {
      const m = await readManifest(path.join(SCEN, id))
      const sc = await loadScenario(id, {
        resourcesDir: RESOURCES,
        userDir: tempDir(),
        cacheDir: tempDir(),
      })
      for (const [k, sym] of m.symbols.entries()) {
        const s = sc.series[k]!
        const recorded = gunzipSync(readFileSync(path.join(SCEN, id, sym.mark!.file)))
          .toString()
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => l.split(',').map(Number))
        const byT = new Map(recorded.map((r) => [r[0]!, r]))
        const bars = aggregate(s, sym.mark!.step, s.time.length, 'mark')
        // Includes the partial hour at BTC's recorded gap (2021-05-20 20:00): its close sits on the last present row.
        expect(bars.length).toBe(
          new Set(Array.from(s.time, (t) => Math.floor(t / TIMEFRAME_MS[sym.mark!.step]))).size,
        )
        for (const b of bars) {
          const r = byT.get(b.t)!
          expect(r, `${sym.symbol} ${new Date(b.t).toISOString()}`).toBeDefined()
          expect([b.o, b.h, b.l, b.c]).toEqual([r[1], r[2], r[3], r[4]])
        }
        for (let i = 0; i < s.time.length; i++) {
          expect(s.markHigh[i]).toBeGreaterThanOrEqual(Math.max(s.markOpen[i]!, s.markClose[i]!))
          expect(s.markLow[i]).toBeLessThanOrEqual(Math.min(s.markOpen[i]!, s.markClose[i]!))
        }
      }
    })
  }

  it('places the hourly mark high at the row where last made its high within the hour', async () => {
    const sc = await loadScenario('ftx-2022-11', {
      resourcesDir: RESOURCES,
      userDir: tempDir(),
      cacheDir: tempDir(),
    })
    const s = sc.series[0]!
    for (let h = 0; h < 96; h++) {
      const a = h * 60
      let kH = a
      for (let i = a; i < a + 60; i++) if (s.high[i]! > s.high[kH]!) kH = i
      let mH = a
      for (let i = a; i < a + 60; i++) if (s.markHigh[i]! > s.markHigh[mH]!) mH = i
      expect(mH).toBe(kH)
    }
  })
})

describe('mark alignment (property)', () => {
  const hourArb = fc.record({
    present: fc.uniqueArray(fc.integer({ min: 0, max: 59 }), { minLength: 1, maxLength: 60 }),
    o: fc.integer({ min: 100, max: 200 }),
    c: fc.integer({ min: 100, max: 200 }),
    up: fc.integer({ min: 0, max: 30 }),
    dn: fc.integer({ min: 0, max: 30 }),
    seed: fc.integer({ min: 0, max: 1000 }),
  })

  it('hourly aggregate of the per-minute marks is exactly the recorded hourly OHLC', () => {
    fc.assert(
      fc.property(fc.array(hourArb, { minLength: 1, maxLength: 6 }), (hours) => {
        const t0 = Date.UTC(2024, 0, 1)
        const time: number[] = []
        const marks: number[][] = []
        hours.forEach((hr, h) => {
          const mins = [...hr.present].sort((a, b) => a - b)
          for (const m of mins) time.push(t0 + h * 3_600_000 + m * 60_000)
          const H = Math.max(hr.o, hr.c) + hr.up + 0.12345678
          const L = Math.min(hr.o, hr.c) - hr.dn - 0.00000001
          marks.push([t0 + h * 3_600_000, hr.o, H, L, hr.c])
        })
        const n = time.length
        const base: BaseRows = {
          time: Float64Array.from(time),
          open: new Float64Array(n),
          high: new Float64Array(n),
          low: new Float64Array(n),
          close: new Float64Array(n),
        }
        for (let i = 0; i < n; i++) {
          const x = 100 + ((i * 7919 + hours[0]!.seed) % 53)
          base.open[i] = x
          base.close[i] = x + ((i * 31) % 5) - 2
          base.high[i] = Math.max(base.open[i]!, base.close[i]!) + ((i * 13) % 4)
          base.low[i] = Math.min(base.open[i]!, base.close[i]!) - ((i * 17) % 3)
        }
        const col = (k: number) => Float64Array.from(marks.map((r) => r[k]!))
        const out = alignMark(
          base,
          60_000,
          { time: col(0), open: col(1), high: col(2), low: col(3), close: col(4) },
          3_600_000,
        )
        expect(out.derivedRows).toBe(0)
        let i = 0
        for (const r of marks) {
          let j = i
          while (j < n && base.time[j]! < r[0]! + 3_600_000) j++
          expect(out.open[i]).toBe(r[1])
          expect(out.close[j - 1]).toBe(r[4])
          expect(Math.max(...out.high.slice(i, j))).toBe(r[2])
          expect(Math.min(...out.low.slice(i, j))).toBe(r[3])
          for (let k = i; k < j; k++) {
            expect(out.high[k]).toBeGreaterThanOrEqual(Math.max(out.open[k]!, out.close[k]!))
            expect(out.low[k]).toBeLessThanOrEqual(Math.min(out.open[k]!, out.close[k]!))
            expect(Math.round(out.open[k]! * 1e8) / 1e8).toBe(out.open[k])
          }
          i = j
        }
      }),
      { numRuns: 300 },
    )
  })

  it('finer marks fold into each base bar; uncovered rows are derived from last', () => {
    const t0 = Date.UTC(2024, 0, 1)
    const base: BaseRows = {
      time: Float64Array.from([t0, t0 + 300_000]),
      open: Float64Array.from([10, 11]),
      high: Float64Array.from([12, 13]),
      low: Float64Array.from([9, 10]),
      close: Float64Array.from([11, 12]),
    }
    const mt = [0, 1, 2, 3, 4].map((k) => t0 + k * 60_000)
    const out = alignMark(
      base,
      300_000,
      {
        time: Float64Array.from(mt),
        open: Float64Array.from([1, 2, 3, 4, 5]),
        high: Float64Array.from([2, 9, 4, 5, 6]),
        low: Float64Array.from([0.5, 1, 2, 3, 4]),
        close: Float64Array.from([2, 3, 4, 5, 6]),
      },
      60_000,
    )
    expect([out.open[0], out.high[0], out.low[0], out.close[0]]).toEqual([1, 9, 0.5, 6])
    expect([out.open[1], out.high[1], out.low[1], out.close[1]]).toEqual([11, 13, 10, 12])
    expect(out.derivedRows).toBe(1)
  })
})
