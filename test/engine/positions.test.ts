/** Positions, margin settings and funding (exchange-rules.md §1.1, §1.6, §1.11). */
import { describe, expect, it } from 'vitest'
import { bar, Driver, engine, flat, only, order } from './helpers'

const btc = (settings = {}) => {
  const d = new Driver(engine(settings))
  d.bars('BTCUSDT', flat('20000'))
  return d
}
const rej = (ev: ReturnType<Driver['cmd']>) => only(ev, 'commandRejected')[0]?.rejection.name
const pos = (d: Driver, side = 'BOTH') =>
  d.eng.view().positions.find((p) => p.positionSide === side)!

describe('positions', () => {
  it('averages the entry, realizes PnL on a partial close, flips in one-way mode', () => {
    const d = btc()
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.01' }))
    d.bars('BTCUSDT', flat('21000'))
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.01' }))
    expect(pos(d).entryPrice).toBe('20500')
    d.bars('BTCUSDT', flat('22000'))
    const f = only(
      d.cmd(order({ side: 'SELL', type: 'MARKET', quantity: '0.01' })),
      'orderFilled',
    )[0]!.fill
    expect(f.realizedPnl).toBe('15')
    expect(pos(d).size).toBe('0.01')
    d.cmd(order({ side: 'SELL', type: 'MARKET', quantity: '0.03' }))
    expect([pos(d).size, pos(d).entryPrice]).toEqual(['-0.02', '22000'])
  })
  it('break-even covers the opening fee and a taker close', () => {
    const d = btc()
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.01' }))
    // (200 + 0.1) / (0.01 × (1 − 0.0005)) = 20,020.010005…
    expect(pos(d).breakEvenPrice).toBe('20020.010005')
  })
  it('hedge mode holds a long and a short of one symbol; cross pair shares one LP', () => {
    const d = btc({ hedgeMode: true, startingBalance: '1000' })
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.1', positionSide: 'LONG' }))
    d.cmd(order({ side: 'SELL', type: 'MARKET', quantity: '0.05', positionSide: 'SHORT' }))
    const v = d.eng.view().positions
    expect(v.map((p) => [p.positionSide, p.size])).toEqual([
      ['LONG', '0.1'],
      ['SHORT', '0.05'],
    ])
    expect(v[0]!.liquidationPrice).toBe(v[1]!.liquidationPrice)
    expect(v[0]!.liquidationPrice).not.toBe('')
  })
  it('a position TP/SL that would trigger at once is rejected (-4142)', () => {
    const d = btc()
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.01' }))
    const ev = d.cmd({
      kind: 'setPositionTpSl',
      symbol: 'BTCUSDT',
      positionSide: 'BOTH',
      stopLoss: { stopPrice: '20500', workingType: 'CONTRACT_PRICE' },
    })
    expect(rej(ev)).toBe('TPSL_WOULD_TRIGGER_IMMEDIATELY')
    // a rejected command changes nothing and says only that (no positionChanged after it)
    expect(ev.map((e) => e.type)).toEqual(['commandRejected'])
  })
  it('a TP/SL pair with one bad leg is rejected whole: the good leg is not placed either', () => {
    for (const [takeProfit, stopLoss] of [
      ['21000', '20500'], // TP fine, SL above the price
      ['19500', '19000'], // TP below the price, SL fine
    ]) {
      const d = btc()
      d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.01' }))
      const before = JSON.stringify(d.eng.view())
      const ev = d.cmd({
        kind: 'setPositionTpSl',
        symbol: 'BTCUSDT',
        positionSide: 'BOTH',
        takeProfit: { stopPrice: takeProfit!, workingType: 'CONTRACT_PRICE' },
        stopLoss: { stopPrice: stopLoss!, workingType: 'CONTRACT_PRICE' },
      })
      expect(ev.map((e) => e.type)).toEqual(['commandRejected'])
      expect(rej(ev)).toBe('TPSL_WOULD_TRIGGER_IMMEDIATELY')
      expect(d.eng.view().openOrders).toEqual([])
      expect(JSON.stringify(d.eng.view())).toBe(before)
    }
  })
  it('hedge mode: closePosition must use the closing side', () => {
    const d = btc({ hedgeMode: true })
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.01', positionSide: 'LONG' }))
    const bad = order({
      side: 'BUY',
      type: 'STOP_MARKET',
      stopPrice: '21000',
      closePosition: true,
      positionSide: 'LONG',
    })
    expect(rej(d.cmd(bad))).toBe('INVALID_PARAMETER')
    expect(rej(d.cmd({ ...bad, side: 'SELL', stopPrice: '19000' }))).toBeUndefined()
  })
  it('close-position command closes a fraction at market', () => {
    const d = btc()
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.02' }))
    d.cmd({ kind: 'closePosition', symbol: 'BTCUSDT', positionSide: 'BOTH', fraction: '0.5' })
    expect(pos(d).size).toBe('0.01')
    expect(
      rej(d.cmd({ kind: 'closePosition', symbol: 'BTCUSDT', positionSide: 'LONG', fraction: '1' })),
    ).toBe('NO_POSITION')
  })
  it('position TP/SL: attached, replaced, shown on the position, OCO on fill', () => {
    const d = btc()
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.01' }))
    d.cmd({
      kind: 'setPositionTpSl',
      symbol: 'BTCUSDT',
      positionSide: 'BOTH',
      takeProfit: { stopPrice: '21000', workingType: 'CONTRACT_PRICE' },
      stopLoss: { stopPrice: '19000', workingType: 'MARK_PRICE' },
    })
    expect([pos(d).takeProfit?.stopPrice, pos(d).stopLoss?.stopPrice]).toEqual(['21000', '19000'])
    const ev = d.bars('BTCUSDT', bar('20000', '21100', '19900', '21050'))
    expect(only(ev, 'orderFilled')[0]!.fill.price).toBe('21000')
    expect(only(ev, 'orderCanceled').map((e) => e.reason)).toEqual(['POSITION_CLOSED'])
    expect(d.eng.view().openOrders).toHaveLength(0)
  })
})

describe('leverage, margin type, position mode, isolated margin (§1.11)', () => {
  it('isolated: lowering leverage with a position is rejected (-4161), raising is fine', () => {
    const d = btc()
    d.cmd({ kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' })
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.1' }))
    expect(rej(d.cmd({ kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 10 }))).toBe(
      'LEVERAGE_REDUCTION_ISOLATED',
    )
    expect(
      only(d.cmd({ kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 25 }), 'leverageChanged'),
    ).toHaveLength(1)
  })
  it('cross: lowering leverage without the margin for it is rejected (-2028)', () => {
    const d = btc({ startingBalance: '100' })
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.09' }))
    const ev = d.cmd({ kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 10 })
    expect(rej(ev)).toBe('LEVERAGE_REDUCTION_MARGIN')
    // rule 4 (issue 12): the code is Binance's −2028, not −2019 under a −2028 message
    expect(only(ev, 'commandRejected')[0]!.rejection.code).toBe(-2028)
  })
  it('margin type and position mode change only when flat and without orders', () => {
    const d = btc()
    d.cmd(order({ side: 'BUY', type: 'LIMIT', quantity: '0.01', price: '19000' }))
    expect(rej(d.cmd({ kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' }))).toBe(
      'MARGIN_TYPE_CHANGE_WITH_ORDERS',
    )
    expect(rej(d.cmd({ kind: 'setPositionMode', hedge: true }))).toBe('MODE_CHANGE_WITH_ORDERS')
    d.cmd({ kind: 'cancelOrder', orderId: 'o1' })
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.01' }))
    expect(rej(d.cmd({ kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' }))).toBe(
      'MARGIN_TYPE_CHANGE_WITH_POSITION',
    )
    expect(rej(d.cmd({ kind: 'setPositionMode', hedge: true }))).toBe('MODE_CHANGE_WITH_POSITION')
  })
  it('add / remove isolated margin with Binance max removable', () => {
    const d = btc({ startingBalance: '1000' })
    d.cmd({ kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' })
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.1' }))
    expect(pos(d).margin).toBe('100')
    // removable = max(0, min(100 − 8, 100 + 0 − 20,000 × 0.1 / 20)) = 0
    const rm = {
      kind: 'adjustMargin',
      symbol: 'BTCUSDT',
      positionSide: 'BOTH',
      action: 'REMOVE',
    } as const
    expect(rej(d.cmd({ ...rm, amount: '1' }))).toBe('ISOLATED_MARGIN_REMOVE_TOO_MUCH')
    d.cmd({ ...rm, action: 'ADD', amount: '50' })
    expect(pos(d).margin).toBe('150')
    expect(rej(d.cmd({ ...rm, amount: '50.01' }))).toBe('ISOLATED_MARGIN_REMOVE_TOO_MUCH')
    expect(only(d.cmd({ ...rm, amount: '50' }), 'marginAdjusted')).toHaveLength(1)
    expect(
      rej(d.cmd({ ...rm, symbol: 'BTCUSDT', positionSide: 'BOTH', action: 'ADD', amount: '5000' })),
    ).toBe('MARGIN_INSUFFICIENT')
  })
  it('adjusting margin without a position answers −4054, a non-positive amount −4055 (code = message)', () => {
    const d = btc({ defaultMarginType: 'ISOLATED' })
    const adjust = (amount: string) =>
      only(
        d.cmd({
          kind: 'adjustMargin',
          symbol: 'BTCUSDT',
          positionSide: 'BOTH',
          action: 'ADD',
          amount,
        }),
        'commandRejected',
      )[0]?.rejection
    expect(adjust('10')?.code).toBe(-4054)
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.01' }))
    expect(adjust('0')?.code).toBe(-4055)
    expect(adjust('0')?.message).toMatch(/\(-4055\)/)
  })
  it('adjusting margin of a cross position is rejected', () => {
    const d = btc()
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.1' }))
    expect(
      rej(
        d.cmd({
          kind: 'adjustMargin',
          symbol: 'BTCUSDT',
          positionSide: 'BOTH',
          action: 'ADD',
          amount: '1',
        }),
      ),
    ).toBe('NOT_ISOLATED')
  })
})

describe('funding (§1.6)', () => {
  it('positive rate: longs pay, shorts receive, size × mark × rate', () => {
    const d = btc({ hedgeMode: true })
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.1', positionSide: 'LONG' }))
    d.cmd(order({ side: 'SELL', type: 'MARKET', quantity: '0.1', positionSide: 'SHORT' }))
    const ev = only(d.funding('BTCUSDT', '0.0001', '20000'), 'fundingSettled')
    expect(ev.map((e) => [e.positionSide, e.amount])).toEqual([
      ['LONG', '-0.2'],
      ['SHORT', '0.2'],
    ])
  })
  it('each position keeps its funding history (in the view)', () => {
    const d = btc()
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.1' }))
    d.funding('BTCUSDT', '0.0001', '20000')
    d.bars('BTCUSDT', flat('20100'))
    d.funding('BTCUSDT', '-0.0002', '20100')
    const h = pos(d).fundingHistory!
    expect(h.map((x) => [x.rate, x.markPrice, x.amount])).toEqual([
      ['0.0001', '20000', '-0.2'],
      ['-0.0002', '20100', '0.402'],
    ])
    expect(pos(d).fundingPaid).toBe('-0.202')
  })
  it('payments round up, receipts round down (8 dp)', () => {
    const d = btc({ hedgeMode: true })
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.005', positionSide: 'LONG' }))
    d.cmd(order({ side: 'SELL', type: 'MARKET', quantity: '0.005', positionSide: 'SHORT' }))
    // 0.005 × 20,000.3 × 0.00012345 = 0.0123451851…
    const ev = only(d.funding('BTCUSDT', '0.00012345', '20000.3'), 'fundingSettled')
    expect(ev.map((e) => e.amount)).toEqual(['-0.01234519', '0.01234518'])
  })
  it('isolated funding moves the isolated wallet (and so the LP)', () => {
    const d = btc({ startingBalance: '1000' })
    d.cmd({ kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' })
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.1' }))
    const lp0 = pos(d).liquidationPrice
    d.funding('BTCUSDT', '0.001', '20000')
    expect(pos(d).margin).toBe('98')
    expect(pos(d).fundingPaid).toBe('2')
    expect(Number(pos(d).liquidationPrice)).toBeGreaterThan(Number(lp0))
  })
})
