// @vitest-environment happy-dom
/**
 * Issue 10 item 7: the desk's instrument facts come from the host (ScenarioInfo.symbols),
 * not a renderer table. An imported altcoin the renderer never heard of snaps a dragged
 * stop to the tick the host sent (the engine's), not to a renderer default of 0.01.
 */
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { priceToTick } from '../../../renderer/src/format/decimal-format'
import { aSnapshot } from '../fixtures'

vi.mock('../../../renderer/src/services/client', () => ({
  hostClient: { call: vi.fn(), on: vi.fn(() => () => {}) },
  HostCallError: class HostCallError extends Error {},
}))
const { useSessionStore } = await import('../../../renderer/src/stores/session')
const { instrument } = await import('../../../renderer/src/stores/instruments')

describe('instrument facts on the desk', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('reads tick, step, decimals and max leverage from the open scenario', () => {
    const snap = aSnapshot()
    const btc = snap.scenario.symbols[0]!
    const alt = {
      ...btc,
      symbol: 'PEPEXUSDT',
      instrument: {
        tickSize: '0.00001',
        stepSize: '1',
        minNotional: '5',
        maxLeverage: 50,
        priceDp: 5,
        qtyDp: 0,
        base: 'PEPEX',
      },
    }
    useSessionStore().scenario = { ...snap.scenario, symbols: [btc, alt] }
    expect(instrument('BTCUSDT')).toEqual(btc.instrument)
    const i = instrument('PEPEXUSDT')
    expect(i).toMatchObject({ tickSize: '0.00001', priceDp: 5, qtyDp: 0, maxLeverage: 50 })
    // A stop dragged to 0.123456 on the chart is sent at the altcoin's own tick.
    expect(priceToTick(0.123456, i.tickSize)).toBe('0.12346')
  })

  it('without a scenario, nothing is tradable: leverage 1, no min notional', () => {
    expect(instrument('BTCUSDT')).toMatchObject({ maxLeverage: 1, minNotional: '0' })
  })
})
