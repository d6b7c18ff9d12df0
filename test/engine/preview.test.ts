import { describe, expect, it } from 'vitest'
import { previewOrder } from '../../electron/engine'
import { Driver, engine, flat, order } from './helpers'

describe('previewOrder (coach / desk what-if)', () => {
  it('gives cost, IM, fee and the resulting LP without touching the engine', () => {
    const d = new Driver(engine({ startingBalance: '1000' }))
    d.bars('BTCUSDT', flat('20000'))
    d.cmd({ kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' })
    const before = d.eng.stateHash()
    const p = previewOrder(d.eng, order({ side: 'BUY', type: 'MARKET', quantity: '0.1' }))
    expect(p).toMatchObject({ cost: '100', initialMargin: '100', openLoss: '0', fee: '1' })
    // isolated wallet 100, entry 20,000: (2,000 − 100) / (0.1 × 0.996) → 19,076.3
    expect(p.liquidationPrice).toBe('19076.3')
    expect(d.eng.stateHash()).toBe(before)
  })
  it('a resting limit is previewed as if filled at its price; rejections are reported', () => {
    const d = new Driver(engine({ startingBalance: '1000' }))
    d.bars('BTCUSDT', flat('20000'))
    const p = previewOrder(
      d.eng,
      order({ side: 'BUY', type: 'LIMIT', quantity: '0.1', price: '19000' }),
    )
    expect([p.initialMargin, p.fee]).toEqual(['95', '0.38'])
    const r = previewOrder(d.eng, order({ side: 'BUY', type: 'MARKET', quantity: '5' }))
    expect(r.rejection?.name).toBe('MARGIN_INSUFFICIENT')
  })
  it('a market SELL is costed at max(last × 1.0015, mark, fill) (§1.4 mirror rule)', () => {
    const d = new Driver(engine({ startingBalance: '1000' }))
    d.bars('BTCUSDT', flat('20000'))
    const p = previewOrder(d.eng, order({ side: 'SELL', type: 'MARKET', quantity: '0.1' }))
    // 0.1 × 20,030 / 20 = 100.15
    expect([p.initialMargin, p.openLoss, p.cost]).toEqual(['100.15', '0', '100.15'])
  })
})
