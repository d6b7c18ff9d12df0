import { describe, expect, it } from 'vitest'
import { osNotificationsFor } from '../../electron/main/notifications'

const frame = (events: unknown[]) => ({ status: {}, bars: [], advanced: 1, events, account: {} })

describe('OS notifications from host pushes', () => {
  it('announces liquidations and margin calls from replay frames', () => {
    const n = osNotificationsFor(
      'replay:frame',
      frame([
        { type: 'marginCall', symbol: 'BTCUSDT', marginRatio: '91.03', threshold: '80' },
        {
          type: 'liquidation',
          symbol: 'BTCUSDT',
          quantity: '1',
          fillPrice: '18886.8',
          markPrice: '18889.9',
        },
        { type: 'positionChanged' },
      ]),
    )
    expect(n).toEqual([
      { title: 'Margin call', body: 'BTCUSDT margin ratio 91.03% ≥ 80%' },
      { title: 'Liquidated: BTCUSDT', body: '1 closed at 18886.8 (mark 18889.9)' },
    ])
  })

  it('caps a burst of fills so a fast replay cannot flood the desktop', () => {
    const fill = {
      type: 'orderFilled',
      order: { origin: 'USER' },
      fill: { side: 'BUY', symbol: 'ETHUSDT', quantity: '1', price: '1500' },
    }
    expect(osNotificationsFor('replay:frame', frame(Array(10).fill(fill)))).toHaveLength(3)
  })

  it('announces fired alerts and coach actions, not info notices or warnings', () => {
    expect(osNotificationsFor('alerts:fired', { alert: { message: 'BTC below 20,000' } })).toEqual([
      { title: 'PerpDojo alert', body: 'BTC below 20,000' },
    ])
    expect(
      osNotificationsFor('coach:hit', {
        hit: { severity: 'action', message: 'Bottom line: closed all' },
      }),
    ).toHaveLength(1)
    expect(osNotificationsFor('coach:hit', { hit: { severity: 'warn', message: 'x' } })).toEqual([])
    expect(osNotificationsFor('app:notice', { level: 'info', message: 'x' })).toEqual([])
  })
})
