/**
 * Importing Binance public-data files as published: zips of daily klines, markPriceKlines and
 * indexPriceKlines folders, monthly fundingRate, folders, a generic mapped CSV; gaps listed;
 * progress; .CHECKSUM verification; the CLI; loadScenario on a plain folder.
 */
import { existsSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  importFiles,
  listScenarios,
  loadScenario,
  loadScenarioOrFolder,
} from '../../../electron/host/data'
import {
  BINANCE_HEADER,
  RESOURCES,
  T0,
  binanceKlines,
  tempDir,
  writeFile,
} from './support/fixtures'
import { writeZip } from './support/zip-writer'

const DAY = 86_400_000

/** A Binance-style download tree: 2 days of 1m klines (zips), 1h mark, 1m index, funding. */
function binanceTree(): string {
  const root = tempDir('pd-binance-')
  for (let d = 0; d < 2; d++) {
    const date = new Date(T0 + d * DAY).toISOString().slice(0, 10)
    const rows = binanceKlines(1440, { t0: T0 + d * DAY, price: 100 + d })
    const name = `BTCUSDT-1m-${date}`
    writeZip(path.join(root, 'futures/um/daily/klines/BTCUSDT/1m', `${name}.zip`), [
      { name: `${name}.csv`, data: [BINANCE_HEADER, ...rows].join('\n') + '\n' },
    ])
    const idx = binanceKlines(1440, { t0: T0 + d * DAY, price: 100 + d })
    writeZip(path.join(root, 'futures/um/daily/indexPriceKlines/BTCUSDT/1m', `${name}.zip`), [
      { name: `${name}.csv`, data: idx.join('\n') + '\n' },
    ])
    const mark = binanceKlines(24, { t0: T0 + d * DAY, stepMs: 3_600_000, price: 100 + d })
    writeZip(
      path.join(root, 'futures/um/daily/markPriceKlines/BTCUSDT/1h', `BTCUSDT-1h-${date}.zip`),
      [{ name: `BTCUSDT-1h-${date}.csv`, data: mark.join('\n') + '\n' }],
    )
  }
  const funding = ['calc_time,funding_interval_hours,last_funding_rate']
  for (let k = 0; k < 6; k++)
    funding.push(`${T0 + k * 8 * 3_600_000},8,${k === 3 ? '-0.00031' : '0.00010000'}`)
  writeFile(
    root,
    'futures/um/monthly/fundingRate/BTCUSDT/BTCUSDT-fundingRate-2024-01.csv',
    funding.join('\n') + '\n',
  )
  return root
}

describe('Binance import', () => {
  it('imports a downloaded folder tree: klines zips, mark, index, funding', async () => {
    const userDir = tempDir('pd-user-')
    const ticks: number[] = []
    const bytes: number[] = []
    const rep = await importFiles([binanceTree()], {
      userDir,
      onProgress: (p) => {
        ticks.push(p.rows)
        bytes.push(p.bytes)
        expect(p.rowsPerSecond).toBeGreaterThanOrEqual(0)
      },
    })
    expect(rep.errors).toEqual([])
    expect(rep.ok).toBe(true)
    expect(rep.rowsRead).toBe(2 * 1440 * 2 + 48 + 6)
    expect(ticks.length).toBeGreaterThan(0)
    expect(ticks[ticks.length - 1]).toBe(rep.rowsRead)
    expect(bytes[bytes.length - 1]).toBe(rep.bytesRead)
    expect(bytes.every((b, i) => i === 0 || b >= bytes[i - 1]!)).toBe(true)
    const list = await listScenarios({ resourcesDir: RESOURCES, userDir })
    const mine = list.find((s) => s.id === rep.scenarioId)!
    expect(mine.source).toBe('user')
    expect(mine.symbols[0]).toMatchObject({
      symbol: 'BTCUSDT',
      lastStep: '1m',
      mark: 'recorded',
      markStep: '1h',
      funding: 'recorded',
    })
    const sc = await loadScenario(rep.scenarioId!, {
      resourcesDir: RESOURCES,
      userDir,
      cacheDir: tempDir(),
    })
    const s = sc.series[0]!
    expect(s.time.length).toBe(2880)
    expect(s.markOrigin).toBe('recorded')
    expect(s.markDerivedRows).toBe(0)
    expect(s.funding).toHaveLength(6)
    expect(s.funding[3]).toMatchObject({ rate: '-0.00031' })
    expect(Number(s.funding[3]!.markPrice)).toBe(s.markOpen[(3 * 8 * 60) as number])
    expect(readdirSync(path.join(userDir, 'scenarios')).filter((n) => n.startsWith('.'))).toEqual(
      [],
    )
  })

  it('marks klines from a data/spot/ tree as spot', async () => {
    const root = tempDir('pd-spot-')
    writeFile(
      root,
      'data/spot/daily/klines/ETHUSDT/1m/ETHUSDT-1m-2025-01-01.csv',
      binanceKlines(20, { us: true }).join('\n') + '\n',
    )
    const userDir = tempDir('pd-user-')
    const rep = await importFiles([root], { userDir })
    expect(rep.ok).toBe(true)
    const info = (await listScenarios({ resourcesDir: RESOURCES, userDir })).find(
      (x) => x.id === rep.scenarioId,
    )!
    expect(info.symbols[0]).toMatchObject({
      lastMarket: 'spot',
      mark: 'derived',
      funding: 'default',
    })
  })

  it('lists gaps without filling them', async () => {
    const dir = tempDir('pd-gap-')
    const rows = binanceKlines(100)
    writeFile(
      dir,
      'ETHUSDT-1m-2024-01-01.csv',
      [...rows.slice(0, 40), ...rows.slice(47)].join('\n') + '\n',
    )
    const userDir = tempDir('pd-user-')
    const rep = await importFiles([dir], { userDir })
    expect(rep.ok).toBe(true)
    expect(rep.gaps).toEqual([
      { symbol: 'ETHUSDT', from: T0 + 40 * 60_000, to: T0 + 46 * 60_000, bars: 7 },
    ])
    expect(rep.warnings.some((w) => w.code === 'GAP')).toBe(true)
    const sc = await loadScenario(rep.scenarioId!, {
      resourcesDir: RESOURCES,
      userDir,
      cacheDir: tempDir(),
    })
    expect(sc.series[0]!.time.length).toBe(93)
    expect(sc.series[0]!.markOrigin).toBe('derived')
    expect(sc.series[0]!.fundingOrigin).toBe('default')
    expect(sc.info.symbols[0]!.gaps).toEqual([
      { from: T0 + 40 * 60_000, to: T0 + 46 * 60_000, bars: 7 },
    ])
  })

  it('drops identical bars repeated across overlapping files, refuses conflicting ones', async () => {
    const dir = tempDir('pd-ovl-')
    const rows = binanceKlines(30)
    writeFile(dir, 'BTCUSDT-1m-a.csv', rows.slice(0, 20).join('\n') + '\n')
    writeFile(dir, 'BTCUSDT-1m-b.csv', rows.slice(15).join('\n') + '\n')
    const ok = await importFiles([dir], { userDir: tempDir() })
    expect(ok.ok).toBe(true)
    expect(ok.duplicatesDropped).toBe(5)
    writeFile(
      dir,
      'BTCUSDT-1m-b.csv',
      rows
        .slice(15)
        .map((r, i) => (i === 2 ? r.replace(',10.5,', ',99,') : r))
        .join('\n') + '\n',
    )
    const bad = await importFiles([dir], { userDir: tempDir() })
    expect(bad.ok).toBe(false)
    expect(bad.errors[0]).toMatchObject({ code: 'DUPLICATE_CONFLICT', line: 3 })
  })

  it('verifies a .CHECKSUM next to a zip', async () => {
    const dir = tempDir('pd-sum-')
    const zip = path.join(dir, 'BTCUSDT-1m-2024-01-01.zip')
    writeZip(zip, [{ name: 'BTCUSDT-1m-2024-01-01.csv', data: binanceKlines(5).join('\n') + '\n' }])
    writeFileSync(zip + '.CHECKSUM', `${'0'.repeat(64)}  BTCUSDT-1m-2024-01-01.zip\n`)
    const bad = await importFiles([dir], { userDir: tempDir() })
    expect(bad.errors[0]!.code).toBe('CHECKSUM_MISMATCH')
    const sum = createHash('sha256').update(readFileSync(zip)).digest('hex')
    writeFileSync(zip + '.CHECKSUM', `${sum}  BTCUSDT-1m-2024-01-01.zip\n`)
    expect((await importFiles([dir], { userDir: tempDir() })).ok).toBe(true)
  })

  it('imports a generic OHLCV CSV through a column mapping (seconds, extra columns)', async () => {
    const dir = tempDir('pd-gen-')
    const lines = ['date,symbol,o,h,l,c,vol']
    for (let i = 0; i < 20; i++)
      lines.push(`${(T0 + i * 300_000) / 1000},SOL,${10 + i},${11 + i},${9 + i},${10.5 + i},${i}`)
    const p = writeFile(dir, 'my-export.csv', lines.join('\n') + '\n')
    const userDir = tempDir('pd-user-')
    const rep = await importFiles([p], {
      userDir,
      mapping: {
        symbol: 'SOLUSDT',
        time: 0,
        open: 2,
        high: 3,
        low: 4,
        close: 5,
        volume: 6,
        timeUnit: 's',
      },
    })
    expect(rep.errors).toEqual([])
    const sc = await loadScenario(rep.scenarioId!, {
      resourcesDir: RESOURCES,
      userDir,
      cacheDir: tempDir(),
    })
    expect(sc.info.baseTimeframe).toBe('5m')
    expect(sc.series[0]!.symbol).toBe('SOLUSDT')
    expect(sc.series[0]!.close[19]).toBe(29.5)
  })

  it('loadScenario opens a plain folder of Binance CSVs, and caches it', async () => {
    const dir = tempDir('pd-folder-')
    writeFile(dir, 'BTCUSDT-1m-2024-01-01.csv', binanceKlines(60).join('\n') + '\n')
    writeFile(
      dir,
      'ETHUSDT-1m-2024-01-01.csv',
      binanceKlines(60, { price: 2000 }).join('\n') + '\n',
    )
    const cacheDir = tempDir('pd-cache-')
    const opts = { resourcesDir: RESOURCES, userDir: tempDir(), cacheDir }
    const sc = await loadScenarioOrFolder(dir, opts)
    expect(sc.series.map((s) => s.symbol)).toEqual(['BTCUSDT', 'ETHUSDT'])
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.pdcache'))).toHaveLength(1)
    const again = await loadScenarioOrFolder(dir, opts)
    expect(Array.from(again.series[1]!.close)).toEqual(Array.from(sc.series[1]!.close))
    expect(existsSync(path.join(cacheDir, 'folder-imports'))).toBe(true)
    expect(readdirSync(path.join(cacheDir, 'folder-imports'))).toEqual([])
  })

  it('an aborted import leaves nothing visible', async () => {
    const dir = tempDir('pd-abort-')
    writeFile(dir, 'BTCUSDT-1m-2024-01-01.csv', binanceKlines(5000).join('\n') + '\n')
    const userDir = tempDir('pd-user-')
    const ac = new AbortController()
    const p = importFiles([dir], { userDir, signal: ac.signal, onProgress: () => ac.abort() })
    await expect(p).rejects.toMatchObject({ code: 'ABORTED' })
    expect(
      (await listScenarios({ resourcesDir: RESOURCES, userDir })).filter(
        (s) => s.source === 'user',
      ),
    ).toEqual([])
  })

  it('an interrupted earlier import (hidden temp folder) is neither listed nor kept', async () => {
    const userDir = tempDir('pd-user-')
    writeFile(userDir, 'scenarios/.import-deadbeef/scenario.json', '{"half": true')
    // Left by a crash hours ago (a young temp folder may be another running import's).
    const hoursAgo = new Date(Date.now() - 7 * 3600_000)
    utimesSync(path.join(userDir, 'scenarios/.import-deadbeef'), hoursAgo, hoursAgo)
    expect(
      (await listScenarios({ resourcesDir: RESOURCES, userDir })).some((s) => s.source === 'user'),
    ).toBe(false)
    const dir = tempDir('pd-in-')
    writeFile(dir, 'BTCUSDT-1m-2024-01-01.csv', binanceKlines(10).join('\n') + '\n')
    await importFiles([dir], { userDir })
    expect(readdirSync(path.join(userDir, 'scenarios')).some((n) => n.startsWith('.import-'))).toBe(
      false,
    )
  })
})

describe('import ≡ bundle', () => {
  it('importing the bundled FTX BTC files gives the same series as the bundled scenario', async () => {
    const dir = path.join(RESOURCES, 'scenarios', 'ftx-2022-11')
    const files = [
      'btcusdt-1m-2022-11-07_2022-11-11.csv.gz',
      'btcusdt-markprice-1h-2022-11-07_2022-11-11.csv.gz',
      'btcusdt-funding-2022-11.csv.gz',
    ].map((f) => path.join(dir, f))
    const userDir = tempDir('pd-user-')
    const rep = await importFiles(files, { userDir })
    expect(rep.errors).toEqual([])
    const opts = { resourcesDir: RESOURCES, userDir, cacheDir: tempDir() }
    const mine = (await loadScenario(rep.scenarioId!, opts)).series[0]!
    const bundled = (await loadScenario('ftx-2022-11', opts)).series[0]!
    for (const c of [
      'time',
      'open',
      'high',
      'low',
      'close',
      'volume',
      'markOpen',
      'markHigh',
      'markLow',
      'markClose',
    ] as const) {
      expect(Array.from(mine[c]), c).toEqual(Array.from(bundled[c]))
    }
    expect(mine.funding).toEqual(bundled.funding)
  })
})
