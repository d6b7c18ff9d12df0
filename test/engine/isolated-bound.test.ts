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
