/**
 * Rule 4 (issue 12): the cross bankruptcy price is the price where the account's margin balance
 * reaches zero (exchange-rules.md §1.3: the liquidation formula with MMR = cum = 0, i.e.
 * wallet + the other symbols' UPnL + this position's PnL = 0). It must not net the other
 * positions' maintenance margin, which is what the liquidation price (not the bankruptcy price)
 * keeps aside. Also rule 4's doc fix: a perfect cross hedge shows the far formula price, not none.
 */
import { describe, expect, it } from 'vitest'
import { bar, Driver, engine, flat, MIN, noFeesFor, only, order, step, T0 } from './helpers'

const noFees = noFeesFor('BTCUSDT', 'ETHUSDT')

/** Cross, 1,000 USDT: long 0.5 BTC @ 20,000 and long 5 ETH @ 1,500; BTC then falls alone. */
function run(fastPath: boolean) {
  const eng = engine({ startingBalance: '1000', ...noFees }, ['BTCUSDT', 'ETHUSDT'], fastPath)
  let t = T0 + MIN
  eng.apply(
    step(t, [
      ['BTCUSDT', flat('20000')],
      ['ETHUSDT', flat('1500')],
    ]),
  )
  for (const symbol of ['BTCUSDT', 'ETHUSDT'])
    eng.apply({ kind: 'command', t, command: { kind: 'setLeverage', symbol, leverage: 20 } })
  eng.apply({
    kind: 'command',
    t,
    command: order({ side: 'BUY', type: 'MARKET', quantity: '0.5' }),
  })
  eng.apply({
    kind: 'command',
    t,
    command: order({ symbol: 'ETHUSDT', side: 'BUY', type: 'MARKET', quantity: '5' }),
  })
  t += MIN
  return eng.apply(
    step(t, [
      ['BTCUSDT', bar('20000', '20000', '17000', '17000')],
      ['ETHUSDT', flat('1500')],
    ]),
  )
}

describe('rule 4: the cross bankruptcy price', () => {
  for (const fastPath of [true, false])
    it(`is where wallet + other UPnL + this PnL = 0, no other MM netted (fastPath ${fastPath})`, () => {
      const liq = only(run(fastPath), 'liquidation')
      expect(liq.map((l) => l.symbol)).toEqual(['BTCUSDT', 'ETHUSDT'])
      const [btc, eth] = liq as [(typeof liq)[0], (typeof liq)[0]]
      // ETH at 1,500 has no PnL: BTC's margin balance is 0 at 20,000 − 1,000 / 0.5 = 18,000
      // (before the fix ETH's maintenance margin was netted: 18,000 + 2 × MM_ETH).
      expect(btc.bankruptcyPrice).toBe('18000')
      // ETH's: 1,000 + 0.5 × (BTC mark − 20,000) + 5 × (BP − 1,500) = 0
      const btcMark = Number(btc.markPrice)
      const ethBp = 1500 - (1000 + 0.5 * (btcMark - 20000)) / 5
      expect(Number(eth.bankruptcyPrice)).toBeCloseTo(ethBp, 2)
    })
})

describe('rule 4: a perfect cross hedge', () => {
  it('shows the far Binance-formula liquidation price on both legs (the denominator is Σ Q·MMR)', () => {
    const d = new Driver(engine({ startingBalance: '1000', hedgeMode: true, ...noFees }))
    d.bars('BTCUSDT', flat('20000'))
    d.cmd(order({ side: 'BUY', positionSide: 'LONG', type: 'MARKET', quantity: '0.1' }))
    d.cmd(order({ side: 'SELL', positionSide: 'SHORT', type: 'MARKET', quantity: '0.1' }))
    const [a, b] = d.eng.view().positions
    expect(a!.liquidationPrice).not.toBe('')
    expect(a!.liquidationPrice).toBe(b!.liquidationPrice)
    // the legs' PnL cancels: only 1,000 = Σ MM(0.1 · LP) decides, far above 20,000
    expect(Number(a!.liquidationPrice)).toBeGreaterThan(5 * 20000)
  })
})
