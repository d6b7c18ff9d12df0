/** order-sizing.ts: lot rounding, the max-size formula, and the engine-checked maximum. */
import { describe, expect, it } from 'vitest'
import { createEngine } from '../../electron/engine'
import { D } from '../../electron/engine/decimal'
import {
  floorToStep,
  maxOpenQuantity,
  previewSizedOrder,
  quoteToQuantity,
} from '../../electron/engine/order-sizing'
import { DEFAULT_ENGINE_SETTINGS } from '../../shared/trading/settings'

describe('order sizing', () => {
  it('rounds down to the lot step', () => {
    expect(floorToStep(new D('1.23999'), new D('0.001')).toFixed()).toBe('1.239')
    expect(floorToStep(new D('-1'), new D('0.001')).toFixed()).toBe('0')
    expect(quoteToQuantity(new D(5000), new D('9258.99'), new D('0.001')).toFixed()).toBe('0.54')
    expect(quoteToQuantity(new D(5000), new D(0), new D('0.001')).toFixed()).toBe('0')
  })

  it('max open size: margin (fees reserved, open loss charged) or bracket, whichever binds', () => {
    const base = {
      available: new D(10_000),
      leverage: 20,
      price: new D('9258.99'),
      mark: new D('9258.99'),
      side: 'BUY' as const,
      takerFee: new D('0.0005'),
      maxNotional: new D(100_000_000),
      held: new D(0),
      step: new D('0.001'),
    }
    expect(maxOpenQuantity(base).toFixed()).toBe('21.386')
    // bracket binds: cap 50,000 at 125x, 1 BTC already held
    expect(
      maxOpenQuantity({
        ...base,
        leverage: 125,
        maxNotional: new D(50_000),
        held: new D(1),
      }).toFixed(),
    ).toBe('4.4')
    // a limit BUY 100 above mark pays open loss 100 per coin
    const perCoin = new D('9358.99').div(20).plus(100).plus(new D('9358.99').times('0.0005'))
    expect(maxOpenQuantity({ ...base, price: new D('9358.99') }).toFixed()).toBe(
      floorToStep(new D(10_000).div(perCoin), new D('0.001')).toFixed(),
    )
  })

  it('with heavy slippage the max is lowered until the engine accepts it, and the next lot is refused', () => {
    const e = createEngine({
      symbols: ['BTCUSDT'],
      settings: { ...DEFAULT_ENGINE_SETTINGS, slippage: true },
    })
    const bar = { t: Date.UTC(2024, 0, 1), o: 9258.99, h: 9300, l: 9200, c: 9258.99, v: 0.5 }
    e.apply({
      kind: 'bars',
      t: Date.UTC(2024, 0, 1),
      bars: [{ symbol: 'BTCUSDT', last: bar, mark: { ...bar, v: 0 } }],
    })
    const before = e.stateHash()
    const req = {
      symbol: 'BTCUSDT',
      side: 'BUY' as const,
      positionSide: 'BOTH' as const,
      type: 'MARKET' as const,
    }
    const p = previewSizedOrder(e.snapshot(), { ...req, sizeFraction: '1' })
    expect(new D(p.maxQuantity).lt('21.386')).toBe(true)
    expect(p.rejection).toBeUndefined()
    const next = new D(p.maxQuantity).plus('0.001').toFixed()
    expect(previewSizedOrder(e.snapshot(), { ...req, quantity: next }).rejection?.name).toBe(
      'MARGIN_INSUFFICIENT',
    )
    expect(e.stateHash()).toBe(before)
    const ev = e.apply({
      kind: 'command',
      t: Date.UTC(2024, 0, 1),
      command: { kind: 'placeOrder', ...req, quantity: p.quantity },
    })
    expect(ev.some((x) => x.type === 'orderFilled')).toBe(true)
  })
})
