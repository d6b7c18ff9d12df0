/**
 * Rule 2 (issue 12): Binance's −2027 ("exceeded the maximum allowable position at current
 * leverage") counts the position plus the open orders on the same side against the bracket
 * cap of the leverage — on place, amend and leverage change. Stacking resting limits used to
 * reach 125x on far more than the 50,000 cap (BTCUSDT 2024 table, first bracket).
 */
import { describe, expect, it } from 'vitest'
import { Driver, engine, flat, only, order } from './helpers'

function at125() {
  const d = new Driver(engine({ startingBalance: '10000' }))
  d.bars('BTCUSDT', flat('20000'))
  d.cmd({ kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 125 })
  return d
}
const limit = (quantity: string, side: 'BUY' | 'SELL' = 'BUY', price = '19000') =>
  order({ side, type: 'LIMIT', price, quantity, timeInForce: 'GTC' })
const code = (ev: ReturnType<Driver['cmd']>) => only(ev, 'commandRejected')[0]?.rejection.code

describe('−2027 counts open orders on the same side', () => {
  it('place: the third 19,000 limit of 1 BTC (57,000 in all) is over the 50,000 cap at 125x', () => {
    const d = at125()
    expect(code(d.cmd(limit('1')))).toBeUndefined()
    expect(code(d.cmd(limit('1')))).toBeUndefined()
    expect(code(d.cmd(limit('1')))).toBe(-2027)
    // the other side has its own room
    expect(code(d.cmd(limit('1', 'SELL', '21000')))).toBeUndefined()
  })
  it('place: a resting limit plus a market order on the same side', () => {
    const d = at125()
    d.cmd(limit('2'))
    expect(code(d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.7' })))).toBe(-2027)
    expect(code(d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.5' })))).toBeUndefined()
  })
  it('amend: growing one of two resting limits past the cap is rejected, state unchanged', () => {
    const d = at125()
    d.cmd(limit('1'))
    d.cmd(limit('1'))
    const ev = d.cmd({ kind: 'amendOrder', orderId: 'o2', quantity: '1.7' })
    expect(code(ev)).toBe(-2027)
    expect(d.eng.view().openOrders.map((o) => o.quantity)).toEqual(['1', '1'])
  })
  it('leverage change: 125x is refused while 3 BTC of resting bids exceed its cap', () => {
    const d = new Driver(engine({ startingBalance: '10000' }))
    d.bars('BTCUSDT', flat('20000'))
    d.cmd(limit('1.5'))
    d.cmd(limit('1.5'))
    expect(code(d.cmd({ kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 125 }))).toBe(-2027)
    expect(code(d.cmd({ kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 100 }))).toBeUndefined()
  })
})
