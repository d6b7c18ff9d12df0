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
import {
  briefingText,
  keyMomentsFrom,
  tellingOf,
  type SymbolStats,
} from '../../../electron/host/data/stats'
import { TIMEFRAME_MS } from '../../../shared/market'
import { buildTimeline, stepInputs } from '../../../electron/host/replay/timeline'
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

/** Each scenario's symbols and their true (recorded) resolution, as the README lists them. */
const LIBRARY: Record<string, [string, string][]> = {
  'ftx-2022-11': [
    ['BTCUSDT', '1m'],
    ['ETHUSDT', '1m'],
    ['SOLUSDT', '15m'],
    ['DOGEUSDT', '15m'],
    ['XRPUSDT', '15m'],
    ['BNBUSDT', '15m'],
  ],
  'black-thursday-2020-03': [
    ['BTCUSDT', '1h'],
    ['ETHUSDT', '1m'],
    ['XRPUSDT', '1h'],
  ],
  'china-ban-2021-05': [
    ['BTCUSDT', '1m'],
    ['ETHUSDT', '1m'],
    ['XRPUSDT', '1h'],
  ],
  'celsius-2022-06': [
    ['BTCUSDT', '1m'],
    ['ETHUSDT', '1m'],
    ['SOLUSDT', '15m'],
    ['DOGEUSDT', '15m'],
    ['XRPUSDT', '15m'],
    ['BNBUSDT', '15m'],
  ],
  'terra-2022-05': [
    ['SOLUSDT', '15m'],
    ['DOGEUSDT', '15m'],
    ['XRPUSDT', '15m'],
    ['BNBUSDT', '15m'],
  ],
  'yen-carry-2024-08': [
    ['BTCUSDT', '1m'],
    ['ETHUSDT', '1m'],
    ['SOLUSDT', '15m'],
    ['DOGEUSDT', '15m'],
    ['XRPUSDT', '15m'],
    ['BNBUSDT', '15m'],
  ],
  'liquidations-2025-10': [
    ['BTCUSDT', '1m'],
    ['ETHUSDT', '1m'],
    ['SOLUSDT', '5m'],
    ['DOGEUSDT', '5m'],
    ['XRPUSDT', '15m'],
  ],
  'calm-2025-05': [
    ['BTCUSDT', '1m'],
    ['ETHUSDT', '1m'],
  ],
}

describe('bundled library', () => {
  it('has the eight windows, FTX first and default, each symbol at its recorded step', async () => {
    expect(index.default).toBe('ftx-2022-11')
    expect(DEFAULT_SCENARIO_ID).toBe(index.default)
    expect(index.scenarios).toEqual(Object.keys(LIBRARY))
    const list = await listScenarios({ resourcesDir: RESOURCES, userDir: tempDir() })
    expect(list.map((s) => s.id)).toEqual(index.scenarios)
    for (const s of list) {
      expect(s.symbols.map((x) => [x.symbol, x.lastStep])).toEqual(LIBRARY[s.id])
      // the base step is the finest symbol step
      const finest = s.symbols.map((x) => TIMEFRAME_MS[x.lastStep]).sort((a, b) => a - b)[0]
      expect(TIMEFRAME_MS[s.baseTimeframe]).toBe(finest)
    }
  })

  it('says so where only coarse candles exist', async () => {
    const list = await listScenarios({ resourcesDir: RESOURCES, userDir: tempDir() })
    const byId = Object.fromEntries(list.map((s) => [s.id, s]))
    const bt = byId['black-thursday-2020-03']!
    expect(bt.baseTimeframe).toBe('1m')
    expect(bt.notes!.join(' ')).toMatch(
      /ETHUSDT was recorded by the minute.*BTCUSDT and XRPUSDT only hourly/,
    )
    expect(bt.symbols[0]!.notes!.join(' ')).toMatch(/Only 1-hour candles were recorded for BTCUSDT/)
    expect(bt.replayFrom).toBe(Date.parse('2020-03-12T06:00:00Z'))
    expect(byId['liquidations-2025-10']!.baseTimeframe).toBe('1m')
    expect(byId['liquidations-2025-10']!.notes!.join(' ')).toMatch(/COIN-M BTCUSD_PERP/)
    const terra = byId['terra-2022-05']!
    expect(terra.baseTimeframe).toBe('15m')
    for (const s of terra.symbols) {
      expect(s.notes!.join(' ')).toMatch(/Only 15-minute candles were recorded/)
      expect(s.mark).toBe(s.symbol === 'XRPUSDT' ? 'recorded' : 'derived')
      expect(s.funding).toBe(s.symbol === 'XRPUSDT' ? 'recorded' : 'default')
    }
    expect(terra.symbols[0]!.notes!.join(' ')).toMatch(/No mark price was recorded/)
    expect(terra.symbols[0]!.notes!.join(' ')).toMatch(/No funding history was recorded/)
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
        (s) =>
          s.lastStep ===
            (s.symbol.startsWith('BTC') || s.symbol.startsWith('ETH') ? '1m' : '15m') &&
          s.lastMarket === 'perp' &&
          s.gaps.length === 0,
      ),
    ).toBe(true)
  })

  it('FTX: SOL funding settles at its recorded times, every 8, 4 and then 2 hours', async () => {
    const sc = await loadScenario('ftx-2022-11', {
      resourcesDir: RESOURCES,
      userDir: tempDir(),
      cacheDir: tempDir(),
    })
    const sol = sc.series.find((s) => s.symbol === 'SOLUSDT')!
    const m = await readManifest(path.join(SCEN, 'ftx-2022-11'))
    const recorded = rawRows(path.join(SCEN, 'ftx-2022-11', 'solusdt-funding-2022-11.csv.gz'))
      .map((r) => +r[0]!)
      .filter((t) => t >= m.start && t <= m.end)
    expect(sol.funding.map((f) => f.t)).toEqual(recorded)
    const gaps = new Set(
      recorded.slice(1).map((t, i) => Math.round((t - recorded[i]!) / 3_600_000)),
    )
    expect([...gaps].sort()).toEqual([2, 4, 8])
    // the one fold feeds each settlement stamped with its recorded time
    const tl = buildTimeline(sc)
    const fed: number[] = []
    for (let k = 0; k < tl.total; k++)
      for (const i of stepInputs(tl, k))
        if (i.kind === 'funding' && i.symbol === 'SOLUSDT') fed.push(i.t)
    expect(fed).toEqual(recorded)
  })

  it('Terra: key moments are the largest drawdown, fastest hour and funding extreme of the data', async () => {
    const m = await readManifest(path.join(SCEN, 'terra-2022-05'))
    const sol = m.symbols[0]!
    expect(sol.symbol).toBe('SOLUSDT')
    const rows = rawRows(path.join(SCEN, 'terra-2022-05', sol.last.file))
    // naive largest drawdown: running high to a later low
    let run = 0,
      best = 0,
      at = 0
    rows.forEach((r, i) => {
      if (+r[2]! > +rows[run]![2]!) run = i
      const dd = (+r[3]! - +rows[run]![2]!) / +rows[run]![2]!
      if (dd < best) {
        best = dd
        at = i
      }
    })
    const low = m.keyMoments.find((k) => k.label.startsWith('The low'))!
    expect(low.t).toBe(+rows[at]![0]!)
    expect(low.label).toContain(`${Math.round(best * 10000) / 100} %`)
    expect(low.label).toContain('the largest drawdown')
    // naive fastest hour: every pair of closes at most an hour apart (a rolling hour)
    let fast = { pct: 0, t: 0 }
    rows.forEach((r, i) => {
      for (let j = 0; j < i; j++) {
        if (+rows[j]![0]! < +r[0]! - 3_600_000) continue
        const pct = +r[4]! / +rows[j]![4]! - 1
        if (Math.abs(pct) > Math.abs(fast.pct)) fast = { pct, t: +r[0]! }
      }
    })
    const hour = m.keyMoments.find((k) => k.label.startsWith('Fastest hour'))!
    expect(hour.t).toBe(fast.t)
    expect(hour.label).toContain(`${Math.round(fast.pct * 10000) / 100} %`)
    // funding extreme: XRP is the only symbol with recorded funding here
    const xrp = m.symbols.find((s) => s.symbol === 'XRPUSDT')!
    const f = rawRows(path.join(SCEN, 'terra-2022-05', xrp.funding!.files[0]!)).filter(
      (r) => +r[0]! >= m.start && +r[0]! <= m.end,
    )
    const min = f.reduce((a, b) => (Number(b[1]) < Number(a[1]) ? b : a))
    const fund = m.keyMoments.find((k) => k.label.startsWith('Lowest funding'))!
    expect(fund.t).toBe(+min[0]!)
    expect(fund.label).toContain('XRPUSDT')
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
        const telling = tellingOf(stats, 'bundled')
        expect(m.briefing).toBe(briefingText(m.event!, stats, markets, telling))
        expect(m.keyMoments).toEqual(keyMomentsFrom(stats, telling))
        expect(sc.info.symbols.map((s) => s.gaps)).toEqual(m.symbols.map((s) => s.gaps))
        for (const [k, s] of sc.series.entries()) {
          const ms = m.symbols[k]!
          expect(s.step).toBe(ms.last.step)
          expect(s.markOrigin).toBe(ms.mark ? 'recorded' : 'derived')
          expect(s.markDerivedRows).toBe(ms.mark ? 0 : s.time.length)
          expect(s.fundingOrigin).toBe(ms.funding ? 'recorded' : 'default')
          expect(s.funding.every((f) => f.t >= m.start && f.t <= m.end)).toBe(true)
        }
      })

      it('headline numbers agree with a naive pass over the raw files', () => {
        for (const [k, sym] of m.symbols.entries()) {
          const rows = rawRows(path.join(SCEN, id, sym.last.file)).filter(
            (r) => +r[0]! >= m.start && +r[0]! <= m.end,
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
          const rates = sym.funding
            ? rawRows(path.join(SCEN, id, sym.funding.files[0]!))
                .filter((r) => +r[0]! >= m.start && +r[0]! <= m.end)
                .map((r) => Number(r[1]))
            : [0.0001] // none recorded: the documented default, 0.01 % every 8 h
          expect(Number(stats[k]!.funding.min!.rate)).toBe(Math.min(...rates))
          expect(Number(stats[k]!.funding.max!.rate)).toBe(Math.max(...rates))
          // a crash quotes each symbol's top-to-low drop, a summary its deepest fall
          const told = tellingOf(stats, 'bundled') === 'crash'
          expect(m.briefing).toContain(`${told ? stats[k]!.dropPct : stats[k]!.drawdown.pct} %`)
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
