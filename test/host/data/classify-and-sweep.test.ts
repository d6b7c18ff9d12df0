import { mkdirSync, mkdtempSync, existsSync, utimesSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { classify } from '../../../electron/host/data/import/classify'
import { sweepInterrupted } from '../../../electron/host/data/import/write-scenario'

describe('series classification from a path', () => {
  it.each([
    ['/data/futures/um/daily/markPriceKlines/BTCUSDT/1m/BTCUSDT-1m-2024-01-01.zip', 'mark'],
    ['/data/futures/um/daily/indexPriceKlines/BTCUSDT/1m/BTCUSDT-1m-2024-01-01.zip', 'index'],
    ['/data/futures/um/monthly/fundingRate/BTCUSDT/BTCUSDT-fundingRate-2024-01.zip', 'funding'],
    ['/data/futures/um/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2024-01-01.zip', 'last'],
    ['/x/btcusdt-markprice-1h-2022-11-07_2022-11-11.csv.gz', 'mark'],
    ['/x/btcusdt-funding-2022-11.csv.gz', 'funding'],
    ['/x/BTCUSDT-1m-2024-01-01.csv', 'last'],
  ])('%s → %s', (p, kind) => {
    expect(classify(p).kind).toBe(kind)
  })

  it('is not fooled by a data folder whose path merely mentions funding or markprice', () => {
    expect(classify('/home/funding-desk/markprice/BTCUSDT-1m-2024-01-01.csv').kind).toBe('last')
    expect(classify('/srv/funding/BTCUSDT-1m-2024-01-01.csv').kind).toBe('last')
  })
})

describe('sweeping interrupted imports', () => {
  it('removes stale temp folders but leaves a young one that another import may be writing', async () => {
    const user = mkdtempSync(path.join(os.tmpdir(), 'sweep-'))
    const root = path.join(user, 'scenarios')
    const stale = path.join(root, '.import-stale')
    const young = path.join(root, '.import-young')
    mkdirSync(stale, { recursive: true })
    mkdirSync(young)
    const old = new Date(Date.now() - 7 * 3600_000)
    utimesSync(stale, old, old)
    await sweepInterrupted(user)
    expect(existsSync(stale)).toBe(false)
    expect(existsSync(young)).toBe(true)
  })
})
