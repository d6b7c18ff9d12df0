/**
 * Issue 11 item 4: an amend passes every check a new order passes (positive price on the
 * tick, price band, min notional, quantity step, margin / order cost, −2027 cap) or is
 * rejected with the state unchanged. Amending a resting BUY limit to a price near zero with a
 * huge quantity used to raise the available balance (negative order margin) and let the
 * trader open a position many times the wallet.
 */
import { describe, expect, it } from 'vitest'
import type { TradeCommand } from '../../shared/trading/commands'
import { Driver, engine, flat, only, order } from './helpers'

function resting() {
  const d = new Driver(engine({ startingBalance: '10000' }))
  d.bars('BTCUSDT', flat('20000'))
  d.cmd(order({ side: 'BUY', type: 'LIMIT', price: '19000', quantity: '0.1', timeInForce: 'GTC' }))
  return d
}
const amend = (x: Omit<Extract<TradeCommand, { kind: 'amendOrder' }>, 'kind' | 'orderId'>) =>
  ({ kind: 'amendOrder', orderId: 'o1', ...x }) as const

describe('amendOrder passes the new-order checks', () => {
  for (const [what, cmd, code] of [
    ['price −1 with a huge quantity', amend({ price: '-1', quantity: '10000000' }), -4014],
    ['price 0', amend({ price: '0' }), -4014],
    ['price 1 with a huge quantity', amend({ price: '1', quantity: '10000000' }), -2019],
    ['a price off the tick', amend({ price: '19000.05' }), -4014],
    ['a quantity below the minimum notional', amend({ quantity: '0.005' }), -4164],
    ['a quantity off the lot', amend({ quantity: '0.00015' }), -4003],
    ['a quantity the margin cannot carry', amend({ quantity: '20' }), -2019],
    ['a notional above the bracket cap of the leverage', amend({ quantity: '6000' }), -2027],
  ] as const) {
    it(`rejects ${what} (${code}) and leaves the state unchanged`, () => {
      const d = resting()
      const seen = () => {
        const v = d.eng.view()
        return JSON.stringify([v.openOrders, v.availableBalance, v.walletBalance, v.positions])
      }
      const before = seen()
      const ev = d.cmd(cmd)
      expect(ev.map((e) => e.type)).toEqual(['commandRejected'])
      expect(only(ev, 'commandRejected')[0]!.rejection.code).toBe(code)
      expect(seen()).toBe(before)
    })
  }
  it('the exploit: no amend lets a 10,000 wallet buy a position hundreds of times its size', () => {
    const d = resting()
    d.cmd(amend({ price: '-1', quantity: '10000000' }))
    expect(Number(d.eng.view().availableBalance)).toBeLessThanOrEqual(10000)
    const ev = d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '24' }))
    expect(only(ev, 'commandRejected')[0]?.rejection.code).toBe(-2019)
  })
  it('a valid amend still goes through and keeps the order id', () => {
    const d = resting()
    const ev = d.cmd(amend({ price: '19100', quantity: '0.2' }))
    expect(only(ev, 'orderAmended')[0]!.order).toMatchObject({
      orderId: 'o1',
      price: '19100',
      quantity: '0.2',
    })
  })
})
