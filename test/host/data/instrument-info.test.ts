/**
 * Issue 10 item 7: ScenarioInfo.symbols carries the engine's instrument facts. Bundled
 * symbols get their Binance filters; an imported altcoin gets exactly the spec the engine
 * validates it with (the generic one), so the desk and the engine agree on the tick.
 */
import { describe, expect, it } from 'vitest'
import { instrumentInfo } from '../../../electron/engine'
import { listScenarios } from '../../../electron/host/data'
import { manifestToInfo } from '../../../electron/host/data/build'
import type { ScenarioManifest } from '../../../electron/host/data/manifest'
import { RESOURCES } from './support/fixtures'

const T_2022 = Date.UTC(2022, 10, 7)
const T_2025 = Date.UTC(2025, 9, 10)

function manifest(symbols: string[], start: number): ScenarioManifest {
  return {
    formatVersion: 1,
    id: 'alt-import',
    title: 'Alt import',
    briefing: '',
    start,
    end: start + 60_000,
    baseTimeframe: '1m',
    symbols: symbols.map((symbol) => ({
      symbol,
      market: 'perp',
      last: { file: 'x.csv', step: '1m' },
      gaps: [],
      notes: [],
    })),
    keyMoments: [],
    notes: [],
    provenance: 'test',
  }
}

describe('instrument facts on ScenarioInfo', () => {
  it('bundled BTC and ETH carry their Binance filters and the dated first bracket', () => {
    const [btc, eth] = manifestToInfo(manifest(['BTCUSDT', 'ETHUSDT'], T_2022), 'user').symbols
    expect(btc!.instrument).toEqual({
      tickSize: '0.1',
      stepSize: '0.001',
      minNotional: '100',
      maxLeverage: 125,
      priceDp: 1,
      qtyDp: 3,
      base: 'BTC',
    })
    expect(eth!.instrument).toMatchObject({ tickSize: '0.01', priceDp: 2, base: 'ETH' })
    // After the 2025-05-01 table switch the first bracket allows 150x.
    const [later] = manifestToInfo(manifest(['BTCUSDT'], T_2025), 'user').symbols
    expect(later!.instrument.maxLeverage).toBe(150)
  })

  it('an imported altcoin gets the tick the engine validates it with, not 0.01', () => {
    const [alt] = manifestToInfo(manifest(['ZZTOPUSDT'], T_2022), 'user').symbols
    expect(alt!.instrument).toEqual(instrumentInfo('ZZTOPUSDT', T_2022))
    expect(alt!.instrument).toMatchObject({ tickSize: '0.00001', priceDp: 5, base: 'ZZTOP' })
  })

  it('every listed scenario symbol has facts', async () => {
    // An empty user folder: only the bundled library is listed.
    const all = await listScenarios({ resourcesDir: RESOURCES, userDir: '/nonexistent-perpdojo' })
    expect(all.length).toBeGreaterThan(0)
    for (const s of all)
      for (const sym of s.symbols) expect(Number(sym.instrument.tickSize)).toBeGreaterThan(0)
  })
})
