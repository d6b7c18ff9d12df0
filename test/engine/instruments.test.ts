import { describe, expect, it } from 'vitest'
import { D } from '../../electron/engine/decimal'
import {
  BRACKET_TABLES,
  BRACKETS_2026_FROM,
  bracketFor,
  bracketsAt,
  maxNotionalFor,
  resolveSpec,
} from '../../electron/engine/instruments'
import { maintenance } from '../../electron/engine/risk/margin'
import { DEFAULT_ENGINE_SETTINGS } from '../../shared/trading/settings'

describe('§1.2 bracket tables', () => {
  for (const [name, table] of Object.entries(BRACKET_TABLES)) {
    it(`${name}: cum follows cum_k = cum_{k-1} + floor_k·(MMR_k − MMR_{k-1})`, () => {
      for (let k = 1; k < table.length; k++) {
        const expected = table[k - 1]!.cum.plus(
          table[k]!.floor.times(table[k]!.mmr.minus(table[k - 1]!.mmr)),
        )
        expect(table[k]!.cum.toFixed()).toBe(expected.toFixed())
        expect(table[k]!.floor.toFixed()).toBe(table[k - 1]!.cap.toFixed())
      }
    })
  }

  it('MM is the marginal ("tax bracket") sum and is continuous at floors', () => {
    const t = BRACKET_TABLES.BTCUSDT_2026
    // 1,000,000: 300k·0.4 % + 500k·0.5 % + 200k·0.65 % = 1,200 + 2,500 + 1,300 = 5,000
    expect(maintenance(t, new D('1000000')).toFixed()).toBe('5000')
    for (const b of t.slice(1)) {
      const below = maintenance(t, b.floor.minus('0.000001'))
      expect(maintenance(t, b.floor).minus(below).abs().lt('0.001')).toBe(true)
    }
  })

  it('a notional exactly on a floor uses the higher bracket (freqtrade rule, §8.8)', () => {
    expect(bracketFor(BRACKET_TABLES.BTCUSDT_2026, new D('300000')).mmr.toFixed()).toBe('0.005')
    expect(bracketFor(BRACKET_TABLES.BTCUSDT_2026, new D('299999.99')).mmr.toFixed()).toBe('0.004')
  })

  it('dated tables: 2024 tier 1 (0–50k, 125x) before 2025-05-01, 2026 tier 1 (0–300k, 150x) after', () => {
    const spec = resolveSpec('BTCUSDT', DEFAULT_ENGINE_SETTINGS)
    expect(bracketsAt(spec, Date.UTC(2021, 4, 19))[0]!.cap.toFixed()).toBe('50000')
    expect(bracketsAt(spec, BRACKETS_2026_FROM)[0]!.cap.toFixed()).toBe('300000')
  })

  it('max notional at a leverage = cap of the highest bracket allowing it', () => {
    const t = BRACKET_TABLES.BTCUSDT_2026
    expect(maxNotionalFor(t, 150)!.toFixed()).toBe('300000')
    expect(maxNotionalFor(t, 20)!.toFixed()).toBe('100000000')
    expect(maxNotionalFor(t, 1)!.toFixed()).toBe('1800000000')
  })

  it('unknown symbols get the documented generic spec; overrides win', () => {
    const g = resolveSpec('DOGEUSDT', DEFAULT_ENGINE_SETTINGS)
    expect(g.tickSize.toFixed()).toBe('0.00001')
    expect(g.tables[0]!.brackets[0]!.mmr.toFixed()).toBe('0.01')
    const o = resolveSpec('BTCUSDT', {
      ...DEFAULT_ENGINE_SETTINGS,
      instruments: {
        BTCUSDT: {
          takerFee: '0',
          brackets: [
            {
              notionalFloor: '0',
              notionalCap: '1e12',
              maxLeverage: 50,
              maintMarginRatio: '0.005',
              maintAmount: '0',
            },
          ],
        },
      },
    })
    expect(o.takerFee.toFixed()).toBe('0')
    expect(o.tables).toHaveLength(1)
    expect(o.tables[0]!.brackets[0]!.maxLeverage).toBe(50)
  })
})

describe('unknown symbols run on the generic spec end to end', () => {
  it('ADAUSDT: trade, margin from the generic table, liquidation', async () => {
    const { Driver, engine, flat, bar, order, only } = await import('./helpers')
    const d = new Driver(engine({ startingBalance: '100', defaultLeverage: 10 }, ['ADAUSDT']))
    d.bars('ADAUSDT', flat('20.123'))
    const ev = d.cmd(order({ symbol: 'ADAUSDT', side: 'BUY', type: 'MARKET', quantity: '40' }))
    expect(only(ev, 'orderFilled')[0]!.fill.price).toBe('20.123')
    const p = d.eng.view().positions[0]!
    // generic tier 1: MMR 1 % → MM = 804.92 × 1 % = 8.0492
    expect(p.maintenanceMargin).toBe('8.0492')
    expect(only(d.bars('ADAUSDT', bar('20.123', '20.2', '15', '16')), 'liquidation')).toHaveLength(
      1,
    )
  })
})
