/**
 * Rule 1 (issue 12): an isolated position never loses more than its isolated margin.
 * Funding larger than the isolated margin is charged to the isolated margin; the position is
 * then liquidated and the shortfall goes to the insurance fund (as a gap past bankruptcy).
 * The clearance fees of tiered (partial) liquidation steps are charged inside the position's
 * own margin, never pulling the cross wallet.
 */
import { describe, expect, it } from 'vitest'
import { bar, Driver, engine, flat, only, order } from './helpers'

const noFees = { instruments: { BTCUSDT: { takerFee: '0', makerFee: '0' } } }

describe('isolated funding beyond the isolated margin', () => {
  it('125x long, rate 2 %: liquidated, the cross wallet keeps what it had', () => {
    const d = new Driver(engine({ startingBalance: '100', ...noFees }))
    d.bars('BTCUSDT', flat('20000'))
    d.cmd({ kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' })
    d.cmd({ kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 125 })
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.1' })) // 2,000 notional, margin 16
    expect(d.eng.view().positions[0]!.margin).toBe('16')
    const ev = d.funding('BTCUSDT', '0.02', '20000') // owes 40 > 16
    expect(only(ev, 'fundingSettled')[0]!.amount).toBe('-40')
    expect(only(ev, 'liquidation')).toHaveLength(1)
    expect(only(ev, 'walletNegative')).toHaveLength(0)
    const v = d.eng.view()
    expect(v.positions).toHaveLength(0)
    // lost exactly the isolated margin; the fund paid the other 24
    expect(v.walletBalance).toBe('84')
    expect(v.insuranceFund).toBe('999976') // 1,000,000 − 24
    expect(only(ev, 'liquidation')[0]!.insuranceFundDelta).toBe('-24')
  })
})

describe('tiered liquidation of an isolated position', () => {
  it('costs no more than the isolated margin (fees stay inside it)', () => {
    const mk = (tiered: boolean) => {
      const d = new Driver(engine({ startingBalance: '100000', tieredLiquidation: tiered }))
      d.bars('BTCUSDT', flat('20000'))
      d.cmd({ kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' })
      d.cmd({ kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 20 })
      d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '3' })) // 60,000, margin 3,000
      const w0 = d.eng.view().walletBalance
      const m = d.eng.view().positions[0]!.margin
      d.bars('BTCUSDT', bar('20000', '20000', '18000', '18000'))
      d.bars('BTCUSDT', bar('18000', '18000', '17000', '17000'))
      return { lost: Number(w0) - Number(d.eng.view().walletBalance), margin: Number(m), d }
    }
    const full = mk(false)
    const tiered = mk(true)
    expect(only(tiered.d.log, 'liquidation').some((l) => l.partial)).toBe(true)
    expect(full.lost).toBeLessThanOrEqual(full.margin + 1e-9)
    expect(tiered.lost).toBeLessThanOrEqual(tiered.margin + 1e-9)
  })
})

describe('rule 3: negative-balance protection off', () => {
  it('an isolated deficit is the trader’s debt: walletNegative reports the whole deficit', () => {
    const d = new Driver(
      engine({ startingBalance: '1000', negativeBalanceProtection: false, ...noFees }),
    )
    d.bars('BTCUSDT', flat('20000'))
    d.cmd({ kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' })
    d.cmd({ kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 20 })
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.1' })) // margin 100 of 1,000
    // the bar opens far below the bankruptcy price (19,000): closed at 9,000, 1,000 past it;
    // the 900 cross wallet pays what it can, the wallet shows −100, the event the whole 1,000
    const ev = d.bars('BTCUSDT', bar('9000', '9000', '9000', '9000'))
    const neg = only(ev, 'walletNegative')[0]!
    expect(neg).toMatchObject({ walletBalance: '-100', deficit: '1000' })
  })
})

describe('rule 3: ADL of the trader’s own leg is not a socialized loss', () => {
  it('a hedge: the short leg ADL’d at the long’s bankruptcy price covers the long’s deficit', () => {
    const d = new Driver(
      engine({ startingBalance: '10000', hedgeMode: true, insuranceFund: '0', ...noFees }),
    )
    d.bars('BTCUSDT', flat('20000'))
    d.cmd({ kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' })
    d.cmd(order({ side: 'BUY', positionSide: 'LONG', type: 'MARKET', quantity: '0.1' }))
    d.cmd(order({ side: 'SELL', positionSide: 'SHORT', type: 'MARKET', quantity: '0.1' }))
    const ev = d.bars('BTCUSDT', flat('18000')) // long: BP 19,000, closed at 18,000
    expect(only(ev, 'autoDeleveraged')).toHaveLength(1)
    const t = (d.eng.snapshot().state as { totals: Record<string, { $d: string }> }).totals
    expect(t.socializedLoss!.$d).toBe('0')
  })
})

describe('rule 6: an isolated hedge leg’s liquidation keeps the other leg’s TP/SL', () => {
  it('cancels the liquidated leg’s orders only, and says so', () => {
    const d = new Driver(engine({ startingBalance: '10000', hedgeMode: true, ...noFees }))
    d.bars('BTCUSDT', flat('20000'))
    d.cmd({ kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' })
    d.cmd(order({ side: 'BUY', positionSide: 'LONG', type: 'MARKET', quantity: '0.1' }))
    d.cmd(order({ side: 'SELL', positionSide: 'SHORT', type: 'MARKET', quantity: '0.1' }))
    d.cmd({
      kind: 'setPositionTpSl',
      symbol: 'BTCUSDT',
      positionSide: 'SHORT',
      stopLoss: { stopPrice: '21000', workingType: 'MARK_PRICE' },
    })
    d.cmd({
      kind: 'setPositionTpSl',
      symbol: 'BTCUSDT',
      positionSide: 'LONG',
      takeProfit: { stopPrice: '22000', workingType: 'MARK_PRICE' },
    })
    const ev = d.bars('BTCUSDT', bar('20000', '20000', '18900', '18950')) // long LP ~19,076
    expect(only(ev, 'liquidation').map((l) => l.positionSide)).toEqual(['LONG'])
    expect(only(ev, 'orderCanceled').map((c) => [c.order.positionSide, c.reason])).toEqual([
      ['LONG', 'LIQUIDATION'],
    ])
    expect(d.eng.view().openOrders.map((o) => o.positionSide)).toEqual(['SHORT'])
  })
})

describe('rule 1: a closing fill past the bankruptcy price (found by the whole-life property)', () => {
  // isolated 20x long 0.1 @ 20,000: margin 100, bankruptcy 19,000, LP ~19,076. A stop at 19,100
  // triggers first; 1 % slippage fills it at 18,909, 9.1 past the bankruptcy price.
  const stopThroughBankruptcy = (negativeBalanceProtection: boolean, insuranceFund = '1000000') => {
    const d = new Driver(
      engine({
        startingBalance: '1000',
        slippage: true,
        slippageParams: { halfSpread: '0.01', impact: '0' },
        negativeBalanceProtection,
        insuranceFund,
        ...noFees,
      }),
    )
    d.bars('BTCUSDT', flat('20000'))
    d.cmd({ kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' })
    // a limit at the price: filled at 20,000 without slippage
    d.cmd(
      order({ side: 'BUY', type: 'LIMIT', price: '20000', timeInForce: 'GTC', quantity: '0.1' }),
    )
    d.cmd(order({ side: 'SELL', type: 'STOP_MARKET', quantity: '0.1', stopPrice: '19100' }))
    const ev = d.bars('BTCUSDT', bar('20000', '20000', '18950', '18950'))
    expect(only(ev, 'orderFilled')[0]!.fill).toMatchObject({
      price: '18909',
      realizedPnl: '-109.1',
    })
    expect(only(ev, 'liquidation')).toHaveLength(0)
    return { d, ev }
  }
  it('protection on: the position costs its margin, the fund pays the 9.1 past it', () => {
    const { d, ev } = stopThroughBankruptcy(true)
    expect(only(ev, 'balanceProtected')).toEqual([
      expect.objectContaining({
        insurance: '9.1',
        socialized: '0',
        ownLeg: '0',
        cause: 'fillPastBankruptcy',
        orderId: 'o2',
      }),
    ])
    expect(d.eng.view().walletBalance).toBe('900')
    expect(d.eng.view().insuranceFund).toBe('999990.9')
  })
  it('protection on, empty fund: the 9.1 is socialized, the trader still loses only the margin', () => {
    const { d, ev } = stopThroughBankruptcy(true, '0')
    expect(only(ev, 'balanceProtected')[0]).toMatchObject({ insurance: '0', socialized: '9.1' })
    expect(d.eng.view().walletBalance).toBe('900')
  })
  it('protection off: past bankruptcy is the trader’s debt (rule 3), paid by the cross wallet', () => {
    const { d, ev } = stopThroughBankruptcy(false)
    expect(only(ev, 'balanceProtected')).toHaveLength(0)
    expect(d.eng.view().walletBalance).toBe('890.9')
  })
})

describe('protection on: a negative wallet is reset to zero by the fund (found by the whole-life property)', () => {
  it('opening fees paid from money all committed as isolated margin, then liquidated', () => {
    // 100 USDT, isolated 100x, 0.5 BTC @ 20,000: margin 100 (all of it) + taker fee 5, so the
    // cross wallet is at −5; the liquidation takes the whole margin and leaves the wallet at −5
    const d = new Driver(engine({ startingBalance: '100', defaultLeverage: 100 }))
    d.bars('BTCUSDT', flat('20000'))
    d.cmd({ kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' })
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.5' }))
    expect(d.eng.view().walletBalance).toBe('95')
    const ev = d.bars('BTCUSDT', bar('20000', '20000', '19000', '19000'))
    expect(only(ev, 'liquidation')).toHaveLength(1)
    expect(only(ev, 'balanceProtected').at(-1)).toMatchObject({
      insurance: '5',
      socialized: '0',
      cause: 'negativeWallet',
    })
    expect(d.eng.view().walletBalance).toBe('0')
  })
})
