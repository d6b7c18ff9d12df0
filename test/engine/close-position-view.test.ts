/** Issue 12 (CLI): closePosition orders show their real size in order views, not "0". */
import { describe, expect, it } from 'vitest'
import { Driver, engine, flat, only, order } from './helpers'

describe('closePosition order views', () => {
  it('show the size of the position they close, then what they closed', () => {
    const d = new Driver(engine({ startingBalance: '10000' }))
    d.bars('BTCUSDT', flat('20000'))
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.25' }))
    const placed = d.cmd(
      order({ side: 'SELL', type: 'STOP_MARKET', stopPrice: '19000', closePosition: true }),
    )
    expect(only(placed, 'orderAccepted')[0]!.order.quantity).toBe('0.25')
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.05' }))
    expect(d.eng.view().openOrders[0]!.quantity).toBe('0.3')
    const ev = d.bars('BTCUSDT', flat('18900'))
    expect(only(ev, 'orderFilled')[0]!.order.quantity).toBe('0.3')
  })
})
