import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { engines } from '../../../electron/host/engine-binding'
import { whatIf } from '../../../electron/host/coach/whatif'
import { Desk } from './helpers'

function longBtc(leverage: number, qty: string, isolated = true) {
  const d = new Desk()
  d.bars({ BTCUSDT: 20000, ETHUSDT: 1500 })
  if (isolated) d.cmd({ kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' })
  d.leverage('BTCUSDT', leverage)
  d.market('BTCUSDT', 'BUY', qty)
  return d
}

const run = (d: Desk, extra: Partial<Parameters<typeof whatIf>[0]> = {}) =>
  whatIf({
    factory: engines,
    snapshot: d.snapshot(),
    view: d.view(),
    prices: d.prices,
    ...extra,
  })

describe('what-if table', () => {
  it('has ±5/10/20/30 % rows plus custom moves, per position and for the account', () => {
    const d = longBtc(10, '1')
    const r = run(d, { moves: ['-42', '5'] })
    expect(r.tables.map((t) => t.scope)).toEqual(['BTCUSDT:BOTH', 'account'])
    expect(r.tables[0]!.rows.map((x) => x.move)).toEqual([
      '-42',
      '-30',
      '-20',
      '-10',
      '-5',
      '5',
      '10',
      '20',
      '30',
    ])
  })

  it('gives the PnL of the move at mark (1 BTC long, +10 % → +2000)', () => {
    const d = longBtc(10, '1')
    const row = run(d).tables[0]!.rows.find((x) => x.move === '10')!
    expect(row.price).toBe('22000')
    expect(row.pnl).toBe('2000')
    expect(row.unrealizedPnl).toBe('2000')
    expect(row.liquidated).toBe(false)
  })

  it("flags liquidation exactly where the engine's own liquidation price lies", () => {
    const d = longBtc(20, '1')
    const liq = Number(d.view().positions[0]!.liquidationPrice)
    const r = run(d, { moves: ['-4', '-6'] }).tables[0]!
    for (const row of r.rows) expect(row.liquidated).toBe(Number(row.price) <= liq)
    expect(r.rows.find((x) => x.move === '-6')!.liquidated).toBe(true)
    expect(r.rows.find((x) => x.move === '-4')!.liquidated).toBe(false)
  })

  it('agrees with the engine liquidation price for random isolated positions (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 50 }),
        fc.integer({ min: 5, max: 90 }),
        fc.boolean(),
        fc.integer({ min: -60, max: 60 }),
        (lev, pctOfMax, long, move) => {
          // a size the wallet can carry at this leverage: pctOfMax % of 10000 × lev notional
          const lots = Math.max(5, Math.floor(((pctOfMax / 100) * 10000 * lev) / 20000 / 0.001))
          const d = new Desk()
          d.bars({ BTCUSDT: 20000, ETHUSDT: 1500 })
          d.cmd({ kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' })
          d.leverage('BTCUSDT', lev)
          d.market('BTCUSDT', long ? 'BUY' : 'SELL', (lots / 1000).toFixed(3))
          const liq = Number(d.view().positions[0]!.liquidationPrice || 0)
          const row = run(d, { moves: [String(move || 1)] }).tables[0]!.rows.find(
            (x) => x.move === String(move || 1),
          )!
          const price = Number(row.price)
          if (liq > 0 && Math.abs(price - liq) / liq < 0.001) return // on the boundary: tick truncation decides
          const expected = liq > 0 && (long ? price <= liq : price >= liq)
          expect(row.liquidated).toBe(expected)
        },
      ),
      { numRuns: 60, seed: 7 },
    )
  })

  it('cancels open orders on the copy by default, and lets stops act with keepOrders', () => {
    const d = longBtc(10, '1', false)
    d.cmd({
      kind: 'setPositionTpSl',
      symbol: 'BTCUSDT',
      positionSide: 'BOTH',
      stopLoss: { stopPrice: '19000', workingType: 'MARK_PRICE' },
    })
    const bare = run(d).tables[0]!.rows.find((x) => x.move === '-20')!
    expect(bare.ordersFilled).toBe(0)
    expect(bare.pnl).toBe('-4000')
    const kept = run(d, { keepOrders: true }).tables[0]!.rows.find((x) => x.move === '-20')!
    expect(kept.ordersFilled).toBe(1)
    expect(Number(kept.pnl)).toBeGreaterThan(-4000)
    expect(d.view().openOrders).toHaveLength(1) // the live engine is untouched
  })

  it('moves every symbol together in the account table (cross)', () => {
    const d = new Desk()
    d.bars({ BTCUSDT: 20000, ETHUSDT: 1500 })
    d.market('BTCUSDT', 'BUY', '1')
    d.market('ETHUSDT', 'SELL', '10')
    const r = run(d)
    expect(r.tables.map((t) => t.scope)).toEqual(['BTCUSDT:BOTH', 'ETHUSDT:BOTH', 'account'])
    const acc = r.tables[2]!.rows.find((x) => x.move === '10')!
    // +2000 on the BTC long, −1500 on the ETH short
    expect(acc.pnl).toBe('500')
  })

  it('returns no tables without positions', () => {
    const d = new Desk()
    d.bars({ BTCUSDT: 20000, ETHUSDT: 1500 })
    expect(run(d).tables).toEqual([])
  })
})
