/**
 * Issue 13.3: the liquidation card's "what would have saved it", checked against the engine
 * itself. From the state before the liquidating bar, adding the computed margin (or opening
 * at the computed leverage) survives that bar; a cent less (or one step more leverage) does not.
 */
import { describe, expect, it } from 'vitest'
import { liquidationRescue, restoreEngine, type Engine } from '../../electron/engine'
import { bar, Driver, engine, flat, only, order } from './helpers'

const noFees = { instruments: { BTCUSDT: { takerFee: '0', makerFee: '0' } } }

function open(marginType: 'ISOLATED' | 'CROSSED', side: 'BUY' | 'SELL', leverage = 20) {
  const d = new Driver(engine({ startingBalance: '1000', ...noFees }))
  d.bars('BTCUSDT', flat('20000'))
  d.cmd({ kind: 'setMarginType', symbol: 'BTCUSDT', marginType })
  d.cmd({ kind: 'setLeverage', symbol: 'BTCUSDT', leverage })
  d.cmd(order({ side, type: 'MARKET', quantity: '0.1' }))
  return d
}

const copy = (e: Engine) => {
  const c = new Driver(restoreEngine(e.snapshot()))
  c.t = e.view().t
  return c
}
/** The liquidating bar: the mark reaches `worst` (low for a long, high for a short). */
const crash = (d: Driver, worst: string, long: boolean) =>
  d.bars(
    'BTCUSDT',
    long ? bar('20000', '20000', worst, '19900') : bar('20000', worst, '20000', '20100'),
  )
const liquidated = (d: Driver, worst: string, long: boolean) =>
  only(crash(d, worst, long), 'liquidation').length > 0

describe('liquidation rescue', () => {
  it('isolated long: +N margin is the least to the cent; L× the highest leverage', () => {
    const d = open('ISOLATED', 'BUY')
    const worst = '18500'
    expect(liquidated(copy(d.eng), worst, true)).toBe(true)
    const r = liquidationRescue(d.eng, 'BTCUSDT', 'BOTH', worst)!
    expect(r.marginType).toBe('ISOLATED')
    expect(r.margin).toBe('100')
    expect(r.liquidationPrice).toBe('19076.3')
    // (0.1 × 20,000 − W) / (0.1 × 0.996) < 18,500 → W > 157.4 → N = 57.41
    expect(r.extraMargin).toBe('57.41')
    for (const [add, dies] of [
      [r.extraMargin, false],
      ['57.4', true],
    ] as const) {
      const c = copy(d.eng)
      c.cmd({
        kind: 'adjustMargin',
        symbol: 'BTCUSDT',
        positionSide: 'BOTH',
        action: 'ADD',
        amount: add,
      })
      expect(liquidated(c, worst, true), `+${add}`).toBe(dies)
    }
    // 2,000 / L > 157.4 → L ≤ 12
    expect(r.maxLeverage).toBe(12)
    for (const [lev, dies] of [
      [12, false],
      [13, true],
    ] as const) {
      const c = open('ISOLATED', 'BUY', lev)
      expect(liquidated(c, worst, true), `${lev}x`).toBe(dies)
    }
    // stop halfway to 19,076.3 (toward the entry): 19,538.2; loss 0.1 × 461.8 = 46.18, no fee
    expect(r.stopPrice).toBe('19538.2')
    expect(r.stopLoss).toBe('46.18')
  })

  it('isolated short and cross long survive with the computed margin, not a cent less', () => {
    const short = open('ISOLATED', 'SELL')
    const r = liquidationRescue(short.eng, 'BTCUSDT', 'BOTH', '21500')!
    expect(Number(r.extraMargin)).toBeGreaterThan(0)
    const ok = copy(short.eng)
    ok.cmd({
      kind: 'adjustMargin',
      symbol: 'BTCUSDT',
      positionSide: 'BOTH',
      action: 'ADD',
      amount: r.extraMargin,
    })
    expect(liquidated(ok, '21500', false)).toBe(false)

    const cross = open('CROSSED', 'BUY', 50)
    // cross: the whole 1,000 wallet stands behind the position; LP ≈ 10,050
    const worst = '9000'
    expect(liquidated(copy(cross.eng), worst, true)).toBe(true)
    const rc = liquidationRescue(cross.eng, 'BTCUSDT', 'BOTH', worst)!
    expect(rc.marginType).toBe('CROSSED')
    expect(rc.maxLeverage).toBeUndefined()
    // the same account with N more in the wallet survives; a cent less does not
    for (const [extra, dies] of [
      [rc.extraMargin, false],
      [String(Number(rc.extraMargin) - 0.01), true],
    ] as const) {
      const d = new Driver(engine({ startingBalance: String(1000 + Number(extra)), ...noFees }))
      d.bars('BTCUSDT', flat('20000'))
      d.cmd({ kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 50 })
      d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.1' }))
      expect(liquidated(d, worst, true), `+${extra}`).toBe(dies)
    }
  })

  it('no position: null', () => {
    const d = new Driver(engine())
    d.bars('BTCUSDT', flat('20000'))
    expect(liquidationRescue(d.eng, 'BTCUSDT', 'BOTH', '1')).toBeNull()
  })
})
