/** An entry with TP/SL is one decision: checked with the entry, attached on its first fill. */
import { describe, expect, it } from 'vitest'
import { bar, Driver, engine, flat, only, order, types } from './helpers'

function btc(settings = {}) {
  const d = new Driver(engine(settings))
  d.bars('BTCUSDT', flat('20000'))
  return d
}
const rej = (ev: ReturnType<Driver['cmd']>) => only(ev, 'commandRejected')[0]?.rejection
const pos = (d: Driver) => d.eng.view().positions.find((p) => p.size !== '0')!
const leg = (stopPrice: string) => ({ stopPrice, workingType: 'MARK_PRICE' as const })

describe('entry with TP/SL', () => {
  it('a market long with its stop above the price is rejected whole: no fill, no position (-4142)', () => {
    const d = btc()
    const ev = d.cmd(
      order({
        side: 'BUY',
        type: 'MARKET',
        quantity: '0.01',
        attached: { stopLoss: leg('20500') },
      }),
    )
    expect(types(ev)).toEqual(['commandRejected'])
    expect(rej(ev)?.code).toBe(-4142)
    expect(rej(ev)?.message).toContain('stop-loss 20500 must be below')
    expect(d.eng.view().positions.filter((p) => p.size !== '0')).toHaveLength(0)
  })

  it('a market entry fills and gets both legs on the position in the same step', () => {
    const d = btc()
    const ev = d.cmd(
      order({
        side: 'BUY',
        type: 'MARKET',
        quantity: '0.01',
        attached: { takeProfit: leg('21000'), stopLoss: leg('19000') },
      }),
    )
    expect(types(ev).filter((t) => t === 'commandRejected')).toEqual([])
    expect([pos(d).takeProfit?.stopPrice, pos(d).stopLoss?.stopPrice]).toEqual(['21000', '19000'])
    expect(d.eng.view().openOrders.map((o) => [o.type, o.origin])).toEqual([
      ['TAKE_PROFIT_MARKET', 'POSITION_TPSL'],
      ['STOP_MARKET', 'POSITION_TPSL'],
    ])
  })

  it('a resting limit carries its TP/SL; its first fill attaches it and the stop then protects', () => {
    const d = btc()
    d.cmd(
      order({
        side: 'BUY',
        type: 'LIMIT',
        quantity: '0.01',
        price: '19500',
        attached: { stopLoss: leg('19000') },
      }),
    )
    expect(d.eng.view().openOrders[0]!.attached?.stopLoss?.stopPrice).toBe('19000')
    expect(d.eng.view().openOrders).toHaveLength(1)
    d.bars('BTCUSDT', bar('20000', '20000', '19450', '19500'))
    expect(pos(d).stopLoss?.stopPrice).toBe('19000')
    const ev = d.bars('BTCUSDT', bar('19500', '19500', '18800', '18900'))
    expect(only(ev, 'orderFilled')[0]!.order.origin).toBe('POSITION_TPSL')
    expect(d.eng.view().positions.filter((p) => p.size !== '0')).toHaveLength(0)
  })

  it('a limit whose TP is below its own price is rejected whole, before it rests', () => {
    const d = btc()
    const ev = d.cmd(
      order({
        side: 'BUY',
        type: 'LIMIT',
        quantity: '0.01',
        price: '19500',
        attached: { takeProfit: leg('19400') },
      }),
    )
    expect(types(ev)).toEqual(['commandRejected'])
    expect(d.eng.view().openOrders).toHaveLength(0)
  })

  it('a leg off the tick, or on a closing order, is rejected', () => {
    const d = btc()
    expect(
      rej(
        d.cmd(
          order({
            side: 'BUY',
            type: 'MARKET',
            quantity: '0.01',
            attached: { stopLoss: leg('19000.05') },
          }),
        ),
      )?.name,
    ).toBe('PRICE_OFF_TICK')
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.01' }))
    expect(
      rej(
        d.cmd(
          order({
            side: 'SELL',
            type: 'MARKET',
            quantity: '0.01',
            reduceOnly: true,
            attached: { stopLoss: leg('21000') },
          }),
        ),
      )?.name,
    ).toBe('INVALID_PARAMETER')
  })

  it('the attached SL survives a snapshot and restore while the entry rests', async () => {
    const { restoreEngine } = await import('../../electron/engine')
    const d = btc()
    d.cmd(
      order({
        side: 'SELL',
        type: 'LIMIT',
        quantity: '0.01',
        price: '20500',
        attached: { stopLoss: leg('21000') },
      }),
    )
    const back = restoreEngine(d.eng.snapshot())
    expect(back.view().openOrders[0]!.attached?.stopLoss?.stopPrice).toBe('21000')
    expect(back.stateHash()).toBe(d.eng.stateHash())
  })
})
