/**
 * Every bundled scenario's manifest numbers are recomputed from its data: the stats object,
 * the briefing text, key moments and gaps must match. An independent naive pass over the raw
 * CSV.gz text (no store code) checks the headline numbers too: low, peak, funding extremes.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_SCENARIO_ID,
  listScenarios,
  loadScenario,
  symbolStats,
} from '../../../electron/host/data'
import { readManifest, type ScenarioManifest } from '../../../electron/host/data/manifest'
import { briefingText, keyMomentsFrom, type SymbolStats } from '../../../electron/host/data/stats'
import { RESOURCES, tempDir } from './support/fixtures'

const SCEN = path.join(RESOURCES, 'scenarios')
const index = JSON.parse(readFileSync(path.join(SCEN, 'index.json'), 'utf8')) as {
  default: string
  scenarios: string[]
}

function rawRows(file: string): string[][] {
  return gunzipSync(readFileSync(file))
    .toString('utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','))
}

describe('bundled library', () => {
  it('has the seven windows, FTX first and default', async () => {
    expect(index.default).toBe('ftx-2022-11')
    expect(DEFAULT_SCENARIO_ID).toBe(index.default)
    expect(index.scenarios).toEqual([
      'ftx-2022-11',
      'black-thursday-2020-03',
      'china-ban-2021-05',
      'celsius-2022-06',
      'yen-carry-2024-08',
      'liquidations-2025-10',
      'calm-2025-05',
    ])
    const list = await listScenarios({ resourcesDir: RESOURCES, userDir: tempDir() })
    expect(list.map((s) => s.id)).toEqual(index.scenarios)
    for (const s of list) expect(s.symbols.map((x) => x.symbol)).toEqual(['BTCUSDT', 'ETHUSDT'])
  })

  it('says so where only coarse candles exist', async () => {
    const list = await listScenarios({ resourcesDir: RESOURCES, userDir: tempDir() })
    const byId = Object.fromEntries(list.map((s) => [s.id, s]))
    expect(byId['black-thursday-2020-03']!.baseTimeframe).toBe('1h')
    expect(byId['black-thursday-2020-03']!.notes!.join(' ')).toMatch(/Only 1-hour candles/)
    expect(byId['liquidations-2025-10']!.baseTimeframe).toBe('5m')
    expect(byId['liquidations-2025-10']!.notes!.join(' ')).toMatch(
      /Only 5-minute candles.*COIN-M BTCUSD_PERP/s,
    )
    expect(byId['china-ban-2021-05']!.symbols[0]!.lastMarket).toBe('spot')
    expect(byId['china-ban-2021-05']!.symbols[0]!.gaps).toEqual([
      {
        from: Date.parse('2021-05-20T20:41:00Z'),
        to: Date.parse('2021-05-20T23:59:00Z'),
        bars: 199,
      },
    ])
    expect(
      byId['ftx-2022-11']!.symbols.every(
        (s) => s.lastStep === '1m' && s.lastMarket === 'perp' && s.gaps.length === 0,
      ),
    ).toBe(true)
  })

  for (const id of index.scenarios) {
    describe(id, () => {
      let m: ScenarioManifest
      let stats: SymbolStats[]
      it('manifest numbers match the data', async () => {
        m = await readManifest(path.join(SCEN, id))
        const sc = await loadScenario(id, {
          resourcesDir: RESOURCES,
          userDir: tempDir(),
          cacheDir: tempDir(),
        })
        stats = sc.series.map(symbolStats)
        expect(m.stats).toEqual(JSON.parse(JSON.stringify(stats)))
        const markets = Object.fromEntries(m.symbols.map((s) => [s.symbol, s.market]))
        expect(m.briefing).toBe(briefingText(m.event!, stats, markets))
        expect(m.keyMoments).toEqual(keyMomentsFrom(stats[0]!))
        expect(sc.info.symbols.map((s) => s.gaps)).toEqual(m.symbols.map((s) => s.gaps))
        for (const s of sc.series) {
          expect(s.markOrigin).toBe('recorded')
          expect(s.markDerivedRows).toBe(0)
          expect(s.fundingOrigin).toBe('recorded')
          expect(s.funding.every((f) => f.t >= m.start && f.t < m.end)).toBe(true)
        }
      })

      it('headline numbers agree with a naive pass over the raw files', () => {
        for (const [k, sym] of m.symbols.entries()) {
          const rows = rawRows(path.join(SCEN, id, sym.last.file)).filter(
            (r) => +r[0]! >= m.start && +r[0]! < m.end,
          )
          let lo = 0
          rows.forEach((r, i) => {
            if (+r[3]! < +rows[lo]![3]!) lo = i
          })
          const peak = Math.max(...rows.slice(0, Math.max(lo, 1)).map((r) => +r[2]!))
          expect(stats[k]!.low.price).toBe(+rows[lo]![3]!)
          expect(stats[k]!.low.t).toBe(+rows[lo]![0]!)
          expect(stats[k]!.peak.price).toBe(peak)
          expect(stats[k]!.dropPct).toBe(Math.round(((+rows[lo]![3]! - peak) / peak) * 10000) / 100)
          const f = rawRows(path.join(SCEN, id, sym.funding!.files[0]!)).filter(
            (r) => +r[0]! >= m.start && +r[0]! < m.end,
          )
          const rates = f.map((r) => Number(r[1]))
          expect(Number(stats[k]!.funding.min!.rate)).toBe(Math.min(...rates))
          expect(Number(stats[k]!.funding.max!.rate)).toBe(Math.max(...rates))
          expect(m.briefing).toContain(`${stats[k]!.dropPct} %`)
        }
      })
    })
  }

  it('every scenario carries provenance and the SOURCES.md copy is bundled', async () => {
    expect(readFileSync(path.join(SCEN, 'SOURCES.md'), 'utf8')).toBe(
      readFileSync(path.join(REPO_DATA(), 'SOURCES.md'), 'utf8'),
    )
    for (const id of index.scenarios) {
      const m = await readManifest(path.join(SCEN, id))
      expect(m.provenance).toMatch(/Real recorded Binance data/)
      for (const s of m.symbols) expect(s.last.provenance).toMatch(/origin: /)
    }
  })
})

function REPO_DATA(): string {
  // The recorded-data folder the bundle was built from; fall back to the bundled copy elsewhere.
  const shared = path.resolve(RESOURCES, '../../shared/data')
  try {
    readFileSync(path.join(shared, 'SOURCES.md'))
    return shared
  } catch {
    return SCEN
  }
}
