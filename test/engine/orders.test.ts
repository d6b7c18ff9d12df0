/** Order types, time in force and pre-trade rejections (exchange-rules.md §1.9, §1.12, §6). */
import { describe, expect, it } from 'vitest'
import { bar, Driver, engine, flat, only, order, types } from './helpers'

function withBtc(settings = {}) {
  const d = new Driver(engine(settings))
  d.bars('BTCUSDT', flat('20000'))
  return d
}
const rej = (ev: ReturnType<Driver['cmd']>) => only(ev, 'commandRejected')[0]?.rejection.name

describe('market orders', () => {
  it('reject with NO_MARKET_DATA before the first bar', () => {
    const d = new Driver(engine())
    expect(rej(d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.01' })))).toBe(
      'NO_MARKET_DATA',
    )
  })
  it('fill at the last close, taker fee on the fill notional (0.05 %)', () => {
    const d = withBtc()
    const f = only(
      d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.01' })),
      'orderFilled',
    )[0]!.fill
    expect([f.price, f.fee, f.liquidity]).toEqual(['20000', '0.1', 'TAKER'])
  })
  it('slippage moves the price against the taker (documented formula)', () => {
    const d = new Driver(engine({ slippage: true }))
    d.bars('BTCUSDT', bar('20000', '20100', '19900', '20000', '10'))
    // N = 2,000; V = 10 × 20,000 = 200,000; R = 200/20,000 = 1 %;
    // frac = 0.0001 + 0.5 × sqrt(0.01) × 0.01 = 0.0006 → 20,000 × 1.0006 = 20,012
    const f = only(
      d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.1' })),
      'orderFilled',
    )[0]!.fill
    expect([f.price, f.slippage]).toEqual(['20012', '12'])
  })
})

describe('limit orders', () => {
  it('GTC rests, then fills at its price when touched, as maker (0.02 %)', () => {
    const d = withBtc()
    expect(
      types(d.cmd(order({ side: 'BUY', type: 'LIMIT', quantity: '0.01', price: '19500' }))),
    ).toEqual(['orderAccepted'])
    expect(d.bars('BTCUSDT', bar('20000', '20050', '19600', '19700'))).toEqual([])
    const f = only(d.bars('BTCUSDT', bar('19700', '19750', '19400', '19600')), 'orderFilled')[0]!
      .fill
    expect([f.price, f.liquidity, f.fee, f.gap]).toEqual(['19500', 'MAKER', '0.039', false])
  })
  it('a bar that opens beyond the limit still fills it at its own price (flagged gap)', () => {
    const d = withBtc()
    d.cmd(order({ side: 'BUY', type: 'LIMIT', quantity: '0.01', price: '19500' }))
    const f = only(d.bars('BTCUSDT', bar('19000', '19100', '18900', '19050')), 'orderFilled')[0]!
      .fill
    expect([f.price, f.gap]).toEqual(['19500', true])
  })
  it('marketable GTC limit fills at once as taker', () => {
    const d = withBtc()
    const f = only(
      d.cmd(order({ side: 'BUY', type: 'LIMIT', quantity: '0.01', price: '20100' })),
      'orderFilled',
    )[0]!.fill
    expect([f.price, f.liquidity]).toEqual(['20000', 'TAKER'])
  })
  it('IOC that cannot fill expires; FOK is rejected; post-only that would take is rejected', () => {
    const d = withBtc()
    const ioc = d.cmd(
      order({ side: 'BUY', type: 'LIMIT', quantity: '0.01', price: '19000', timeInForce: 'IOC' }),
    )
    expect(only(ioc, 'orderCanceled')[0]!.reason).toBe('IOC')
    expect(
      rej(
        d.cmd(
          order({
            side: 'BUY',
            type: 'LIMIT',
            quantity: '0.01',
            price: '19000',
            timeInForce: 'FOK',
          }),
        ),
      ),
    ).toBe('FOK_NOT_FILLED')
    expect(
      rej(
        d.cmd(
          order({
            side: 'BUY',
            type: 'LIMIT',
            quantity: '0.01',
            price: '20000',
            timeInForce: 'GTX',
          }),
        ),
      ),
    ).toBe('POST_ONLY_WOULD_TAKE')
    expect(
      types(
        d.cmd(
          order({
            side: 'BUY',
            type: 'LIMIT',
            quantity: '0.01',
            price: '19999.9',
            timeInForce: 'GTX',
          }),
        ),
      ),
    ).toEqual(['orderAccepted'])
  })
})

describe('conditional orders', () => {
  it('stop-market moved through intrabar fills at its trigger', () => {
    const d = withBtc()
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.01' }))
    d.cmd(
      order({
        side: 'SELL',
        type: 'STOP_MARKET',
        stopPrice: '19500',
        quantity: '0.01',
        reduceOnly: true,
      }),
    )
    const ev = d.bars('BTCUSDT', bar('20000', '20100', '19000', '19200'))
    expect(types(ev).slice(0, 2)).toEqual(['orderTriggered', 'orderFilled'])
    const f = only(ev, 'orderFilled')[0]!.fill
    expect([f.price, f.gap, f.realizedPnl]).toEqual(['19500', false, '-5'])
  })
  it('stop-market the bar opens beyond fills at the open (gap)', () => {
    const d = withBtc()
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.01' }))
    d.cmd(order({ side: 'SELL', type: 'STOP_MARKET', stopPrice: '19500', closePosition: true }))
    const f = only(d.bars('BTCUSDT', bar('19000', '19100', '18800', '18900')), 'orderFilled')[0]!
      .fill
    expect([f.price, f.gap, f.quantity]).toEqual(['19000', true, '0.01'])
  })
  it('take-profit-market (SELL triggers when price ≥ stop)', () => {
    const d = withBtc()
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.01' }))
    d.cmd(
      order({ side: 'SELL', type: 'TAKE_PROFIT_MARKET', stopPrice: '21000', closePosition: true }),
    )
    const f = only(d.bars('BTCUSDT', bar('20000', '21500', '19900', '21200')), 'orderFilled')[0]!
      .fill
    expect([f.price, f.realizedPnl]).toEqual(['21000', '10'])
  })
  it('stop-limit triggers into a limit and rests when not marketable', () => {
    const d = withBtc()
    d.cmd(
      order({ side: 'BUY', type: 'STOP', stopPrice: '20500', price: '20400', quantity: '0.01' }),
    )
    const ev = d.bars('BTCUSDT', bar('20000', '20600', '19950', '20550'))
    expect(types(ev)).toEqual(['orderTriggered'])
    const f = only(d.bars('BTCUSDT', bar('20550', '20560', '20300', '20350')), 'orderFilled')[0]!
      .fill
    expect([f.price, f.liquidity]).toEqual(['20400', 'MAKER'])
  })
  it('a stop that would trigger at once is rejected (-2021)', () => {
    const d = withBtc()
    expect(
      rej(d.cmd(order({ side: 'BUY', type: 'STOP_MARKET', stopPrice: '19000', quantity: '0.01' }))),
    ).toBe('ORDER_WOULD_TRIGGER_IMMEDIATELY')
  })
  it('the would-trigger check at, and one tick either side of, the last price (every stop and take-profit side)', () => {
    // last 20,000 (tick 0.1); a BUY stop / SELL take-profit triggers when last ≥ level, a SELL
    // stop / BUY take-profit when last ≤ level: at the level itself it would trigger (decided
    // exactly: the floats leave equality open), a tick beyond it would not
    const cases = [
      ['BUY', 'STOP_MARKET', 'up'],
      ['SELL', 'TAKE_PROFIT_MARKET', 'up'],
      ['SELL', 'STOP_MARKET', 'down'],
      ['BUY', 'TAKE_PROFIT_MARKET', 'down'],
    ] as const
    for (const [side, type, dir] of cases)
      for (const [stopPrice, triggers] of [
        ['20000', true],
        ['20000.1', dir === 'down'],
        ['19999.9', dir === 'up'],
      ] as const) {
        const d = withBtc()
        d.cmd(order({ side: side === 'BUY' ? 'SELL' : 'BUY', type: 'MARKET', quantity: '0.01' }))
        const ev = d.cmd(order({ side, type, stopPrice, quantity: '0.01', reduceOnly: true }))
        expect(rej(ev), `${side} ${type} at ${stopPrice}`).toBe(
          triggers ? 'ORDER_WOULD_TRIGGER_IMMEDIATELY' : undefined,
        )
      }
  })
  it('MARK_PRICE triggers compare the mark truncated to the tick', () => {
    const d = withBtc()
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.01' }))
    d.cmd(
      order({
        side: 'SELL',
        type: 'STOP_MARKET',
        stopPrice: '19500',
        closePosition: true,
        workingType: 'MARK_PRICE',
      }),
    )
    // last dips to 19,000 but the mark only to 19,500.05 → truncated 19,500.0 ≤ 19,500: triggers
    const ev = d.bars(
      'BTCUSDT',
      bar('20000', '20000', '19000', '19800'),
      bar('20000', '20000', '19500.05', '19800'),
    )
    expect(types(ev)).toContain('orderTriggered')
    // it executes in the market: the last price at that point of the path (the low, 19,000)
    expect(only(ev, 'orderFilled')[0]!.fill.price).toBe('19000')
    const d2 = withBtc()
    d2.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.01' }))
    d2.cmd(
      order({
        side: 'SELL',
        type: 'STOP_MARKET',
        stopPrice: '19500',
        closePosition: true,
        workingType: 'MARK_PRICE',
      }),
    )
    expect(
      d2.bars(
        'BTCUSDT',
        bar('20000', '20000', '19000', '19800'),
        bar('20000', '20000', '19500.1', '19800'),
      ),
    ).toEqual([])
  })
  it('trailing stop: tracks the high, triggers at high × (1 − callback)', () => {
    const d = withBtc()
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.01' }))
    d.cmd(
      order({
        side: 'SELL',
        type: 'TRAILING_STOP_MARKET',
        quantity: '0.01',
        callbackRate: '1',
        reduceOnly: true,
      }),
    )
    expect(d.bars('BTCUSDT', bar('20000', '21000', '20000', '20900'))).toEqual([]) // new high 21,000
    const f = only(d.bars('BTCUSDT', bar('20900', '20950', '20500', '20600')), 'orderFilled')[0]!
      .fill
    expect(f.price).toBe('20790') // 21,000 × 0.99
  })
  it('trailing stop: the account view shows the live trailing level, not the events', () => {
    const d = withBtc()
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.01' }))
    const placed = d.cmd(
      order({
        side: 'SELL',
        type: 'TRAILING_STOP_MARKET',
        quantity: '0.01',
        callbackRate: '1',
        activationPrice: '20500',
        reduceOnly: true,
      }),
    )
    const trailing = () => d.eng.view().openOrders.find((o) => o.type === 'TRAILING_STOP_MARKET')!
    // Waiting for its activation price: no level yet.
    expect(trailing().trailingStopPrice).toBeUndefined()
    d.bars('BTCUSDT', bar('20000', '20400', '19900', '20300'))
    expect(trailing().trailingStopPrice).toBeUndefined()
    // Activated at 20,500, then a new high of 20,800: 20,800 × 0.99 = 20,592.
    d.bars('BTCUSDT', bar('20300', '20800', '20300', '20700'))
    expect(trailing().trailingStopPrice).toBe('20592')
    // The high holds: so does the level; a higher high moves it up (21,000 × 0.99).
    d.bars('BTCUSDT', bar('20700', '20750', '20650', '20700'))
    expect(trailing().trailingStopPrice).toBe('20592')
    d.bars('BTCUSDT', bar('20700', '21000', '20700', '20950'))
    expect(trailing().trailingStopPrice).toBe('20790')
    // The level is a view of the book, not part of the recorded events.
    expect(JSON.stringify(placed)).not.toContain('trailingStopPrice')
    expect(JSON.stringify(d.log)).not.toContain('trailingStopPrice')
  })
  it('trailing stop with an activation price on the wrong side is rejected', () => {
    const d = withBtc()
    expect(
      rej(
        d.cmd(
          order({
            side: 'SELL',
            type: 'TRAILING_STOP_MARKET',
            quantity: '0.01',
            callbackRate: '1',
            activationPrice: '19000',
          }),
        ),
      ),
    ).toBe('ORDER_WOULD_TRIGGER_IMMEDIATELY')
  })
  it('stop and take-profit in the same bar: the path decides and the fill is flagged', () => {
    const d = withBtc()
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.01' }))
    d.cmd(order({ side: 'SELL', type: 'STOP_MARKET', stopPrice: '19500', closePosition: true }))
    d.cmd(
      order({ side: 'SELL', type: 'TAKE_PROFIT_MARKET', stopPrice: '20800', closePosition: true }),
    )
    // |H − O| = 1,000 > |L − O| = 800 → low first: the stop wins.
    const ev = d.bars('BTCUSDT', bar('20000', '21000', '19200', '20500'))
    const f = only(ev, 'orderFilled')
    expect(f).toHaveLength(1)
    expect([f[0]!.fill.price, f[0]!.fill.pathAssumed]).toEqual(['19500', true])
    expect(only(ev, 'orderCanceled')[0]!.reason).toBe('POSITION_CLOSED')
  })
})

describe('pre-trade checks', () => {
  it('price off tick, qty off lot, min notional, invalid shapes', () => {
    const d = withBtc()
    expect(
      rej(d.cmd(order({ side: 'BUY', type: 'LIMIT', quantity: '0.01', price: '19000.05' }))),
    ).toBe('PRICE_OFF_TICK')
    expect(rej(d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.0101' })))).toBe(
      'QTY_OFF_LOT',
    )
    expect(rej(d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.001' })))).toBe(
      'MIN_NOTIONAL',
    )
    expect(rej(d.cmd(order({ side: 'BUY', type: 'LIMIT', quantity: '0.01' })))).toBe(
      'INVALID_PARAMETER',
    )
    expect(
      rej(
        d.cmd(
          order({
            side: 'SELL',
            type: 'STOP_MARKET',
            stopPrice: '19000',
            quantity: '0.01',
            closePosition: true,
          }),
        ),
      ),
    ).toBe('INVALID_PARAMETER')
  })
  it('reduce-only that would increase (or with no position) is rejected; fills are capped at the position', () => {
    const d = withBtc()
    expect(
      rej(d.cmd(order({ side: 'SELL', type: 'MARKET', quantity: '0.01', reduceOnly: true }))),
    ).toBe('REDUCE_ONLY_REJECTED')
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.01' }))
    expect(
      rej(d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.01', reduceOnly: true }))),
    ).toBe('REDUCE_ONLY_REJECTED')
    const ev = d.cmd(order({ side: 'SELL', type: 'MARKET', quantity: '0.05', reduceOnly: true }))
    expect(only(ev, 'orderFilled')[0]!.fill.quantity).toBe('0.01')
    expect(d.eng.view().positions).toHaveLength(0)
  })
  it('PERCENT_PRICE: the message names the nearest price on the tick that the band allows', () => {
    // mark 20011.7: BUY ≤ 20011.7 × 1.05 = 21012.285 → 21012.2 on the 0.1 tick; SELL ≥
    // 20011.7 × 0.95 = 19011.115 → 19011.2 (Binance: "Limit price can't be higher than %s")
    const d = new Driver(engine())
    d.bars('BTCUSDT', flat('20011.7'))
    const said = (ev: ReturnType<Driver['cmd']>) => only(ev, 'commandRejected')[0]?.rejection
    const buy = said(
      d.cmd(order({ side: 'BUY', type: 'LIMIT', quantity: '0.01', price: '21012.3' })),
    )
    expect(buy?.name).toBe('PRICE_OUT_OF_BAND')
    expect(buy?.message).toBe("Limit price can't be higher than 21012.2 (mark × 1.05)")
    const sell = said(
      d.cmd(order({ side: 'SELL', type: 'LIMIT', quantity: '0.01', price: '19011.1' })),
    )
    expect(sell?.message).toBe("Limit price can't be lower than 19011.2 (mark × 0.95)")
    // the named prices themselves are accepted
    expect(
      rej(d.cmd(order({ side: 'BUY', type: 'LIMIT', quantity: '0.01', price: '21012.2' }))),
    ).toBeUndefined()
    expect(
      rej(d.cmd(order({ side: 'SELL', type: 'LIMIT', quantity: '0.01', price: '19011.2' }))),
    ).toBeUndefined()
  })
  it('PERCENT_PRICE: a limit far from the mark is rejected (-4016), also on amend', () => {
    const d = withBtc()
    expect(
      rej(d.cmd(order({ side: 'BUY', type: 'LIMIT', quantity: '0.01', price: '21000.1' }))),
    ).toBe('PRICE_OUT_OF_BAND')
    expect(
      rej(d.cmd(order({ side: 'SELL', type: 'LIMIT', quantity: '0.01', price: '18999.9' }))),
    ).toBe('PRICE_OUT_OF_BAND')
    d.cmd(order({ side: 'BUY', type: 'LIMIT', quantity: '0.01', price: '19000' }))
    expect(rej(d.cmd({ kind: 'amendOrder', orderId: 'o1', price: '18000' }))).toBeUndefined()
    expect(
      rej(d.cmd(order({ side: 'SELL', type: 'LIMIT', quantity: '0.01', price: '19000' }))),
    ).toBeUndefined()
  })
  it('position side must match the mode (-4061)', () => {
    const d = withBtc()
    expect(
      rej(d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.01', positionSide: 'LONG' }))),
    ).toBe('POSITION_SIDE_MISMATCH')
  })
  it('margin insufficient (-2019) counts the open loss (§1.4)', () => {
    // Balance 100, mark 20,000, 20x. A buy limit 0.1 @ 19,990: IM 99.95, no open loss → accepted.
    const d = withBtc({ startingBalance: '100' })
    expect(
      rej(d.cmd(order({ side: 'BUY', type: 'LIMIT', quantity: '0.1', price: '19990' }))),
    ).toBeUndefined()
    // A sell 0.1 @ 19,990 (below the mark): IM 99.95 + open loss 0.1 × 10 = 100.95 > 100 → rejected.
    const d2 = withBtc({ startingBalance: '100' })
    expect(
      rej(d2.cmd(order({ side: 'SELL', type: 'LIMIT', quantity: '0.1', price: '19990' }))),
    ).toBe('MARGIN_INSUFFICIENT')
    // Resting orders hold margin: a second buy no longer fits.
    expect(
      rej(d.cmd(order({ side: 'BUY', type: 'LIMIT', quantity: '0.01', price: '19990' }))),
    ).toBe('MARGIN_INSUFFICIENT')
  })
  it('leverage too high for the notional (-2027)', () => {
    const d = withBtc({ startingBalance: '1000000' })
    d.cmd({ kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 125 })
    // 2024 table: 125x allows up to 50,000 notional.
    expect(rej(d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '3' })))).toBe(
      'LEVERAGE_TOO_HIGH',
    )
    expect(rej(d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '2' })))).toBeUndefined()
  })
  it('cancel and amend', () => {
    const d = withBtc()
    d.cmd(order({ side: 'BUY', type: 'LIMIT', quantity: '0.01', price: '19000' }))
    const am = d.cmd({ kind: 'amendOrder', orderId: 'o1', price: '19100' })
    expect(only(am, 'orderAmended')[0]!.order.price).toBe('19100')
    expect(rej(d.cmd({ kind: 'amendOrder', orderId: 'o1', price: '20500' }))).toBe(
      'ORDER_WOULD_TRIGGER_IMMEDIATELY',
    )
    expect(only(d.cmd({ kind: 'cancelOrder', orderId: 'o1' }), 'orderCanceled')[0]!.reason).toBe(
      'USER',
    )
    expect(rej(d.cmd({ kind: 'cancelOrder', orderId: 'o1' }))).toBe('UNKNOWN_ORDER')
  })
})

describe('take-profit limit and hedge-mode closing orders', () => {
  it('TAKE_PROFIT (limit) triggers then fills as taker when marketable at the trigger', () => {
    const d = withBtc()
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.01' }))
    d.cmd(
      order({
        side: 'SELL',
        type: 'TAKE_PROFIT',
        stopPrice: '21000',
        price: '20900',
        quantity: '0.01',
        reduceOnly: true,
      }),
    )
    const ev = d.bars('BTCUSDT', bar('20000', '21200', '19990', '21100'))
    expect(types(ev).slice(0, 2)).toEqual(['orderTriggered', 'orderFilled'])
    const f = only(ev, 'orderFilled')[0]!.fill
    expect([f.price, f.liquidity]).toEqual(['21000', 'TAKER'])
  })
  it('hedge mode: closing side needs a position, and its fill is capped at it', () => {
    const d = new Driver(engine({ hedgeMode: true }))
    d.bars('BTCUSDT', flat('20000'))
    expect(
      rej(d.cmd(order({ side: 'SELL', type: 'MARKET', quantity: '0.01', positionSide: 'LONG' }))),
    ).toBe('REDUCE_ONLY_REJECTED')
    expect(
      rej(
        d.cmd(
          order({
            side: 'BUY',
            type: 'MARKET',
            quantity: '0.01',
            positionSide: 'LONG',
            reduceOnly: true,
          }),
        ),
      ),
    ).toBe('INVALID_PARAMETER')
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.01', positionSide: 'LONG' }))
    const ev = d.cmd(
      order({ side: 'SELL', type: 'MARKET', quantity: '0.02', positionSide: 'LONG' }),
    )
    expect(only(ev, 'orderFilled')[0]!.fill.quantity).toBe('0.01')
    expect(only(ev, 'orderCanceled')[0]!.reason).toBe('REDUCE_ONLY') // the rest expires with the position
  })
})

describe('amend details', () => {
  it('amends a stop price and a quantity; rejects amending below the executed size', () => {
    const d = withBtc()
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.02' }))
    d.cmd(
      order({
        side: 'SELL',
        type: 'STOP_MARKET',
        stopPrice: '19000',
        quantity: '0.02',
        reduceOnly: true,
      }),
    )
    const a = only(
      d.cmd({ kind: 'amendOrder', orderId: 'o2', stopPrice: '19200', quantity: '0.01' }),
      'orderAmended',
    )[0]!
    expect([a.order.stopPrice, a.order.quantity]).toEqual(['19200', '0.01'])
    expect(rej(d.cmd({ kind: 'amendOrder', orderId: 'o2', stopPrice: '20100' }))).toBe(
      'ORDER_WOULD_TRIGGER_IMMEDIATELY',
    )
    expect(rej(d.cmd({ kind: 'amendOrder', orderId: 'o2', price: '19000' }))).toBe(
      'INVALID_PARAMETER',
    )
    const f = only(d.bars('BTCUSDT', bar('20000', '20000', '19100', '19150')), 'orderFilled')[0]!
      .fill
    expect([f.price, f.quantity]).toEqual(['19200', '0.01'])
  })
  it('removing a position TP/SL with null cancels it', () => {
    const d = withBtc()
    d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.01' }))
    const tpsl = { kind: 'setPositionTpSl', symbol: 'BTCUSDT', positionSide: 'BOTH' } as const
    d.cmd({ ...tpsl, stopLoss: { stopPrice: '19000', workingType: 'MARK_PRICE' } })
    expect(d.eng.view().openOrders).toHaveLength(1)
    const ev = d.cmd({ ...tpsl, stopLoss: null })
    expect(only(ev, 'orderCanceled')[0]!.reason).toBe('USER')
    expect(d.eng.view().positions[0]!.stopLoss).toBeUndefined()
  })
})
