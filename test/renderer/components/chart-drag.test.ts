// @vitest-environment happy-dom
/**
 * Issue 13.6, the amendment by drag: an order line dragged to 0 or below the axis is not sent
 * (the engine would refuse it); it goes back and a toast says why, as a typed field would.
 * A drag to a positive price sends amendOrder with that price on the tick.
 */
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { anAccount, anOrder, aSnapshot } from '../fixtures'

vi.mock('lightweight-charts', () => import('../fake-lightweight-charts'))
const { charts } = await import('../fake-lightweight-charts')

const call = vi.fn()
vi.mock('../../../renderer/src/services/client', () => ({
  hostClient: { call: (...a: unknown[]) => call(...a), on: () => () => {} },
  HostCallError: class HostCallError extends Error {},
}))

const { default: ChartPanel } =
  await import('../../../renderer/src/components/chart/ChartPanel.vue')
const { useSessionStore } = await import('../../../renderer/src/stores/session')
const { useUiStore } = await import('../../../renderer/src/stores/ui')

const commands = () =>
  call.mock.calls.filter(([m]) => m === 'session:command').map(([, p]) => p.command)

/** Press on the order line (the fake draws every price at y = 100), move to `y`, let go. */
async function drag(el: Element, y: number) {
  el.dispatchEvent(new MouseEvent('mousedown', { button: 0, clientX: 40, clientY: 100 }))
  window.dispatchEvent(new MouseEvent('mousemove', { clientX: 40, clientY: y }))
  window.dispatchEvent(new MouseEvent('mouseup', { clientX: 40, clientY: y }))
  await flushPromises()
}

describe('dragging an order line', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    charts.length = 0
    call.mockReset()
    call.mockImplementation(async (name: string) => {
      if (name === 'session:create')
        return aSnapshot({ account: anAccount({ openOrders: [anOrder({ price: '19000' })] }) })
      if (name === 'session:candles')
        return { symbol: 'BTCUSDT', timeframe: '1m', bars: [], mark: [], markOrigin: 'recorded' }
      if (name === 'session:command') return { accepted: true, events: [], account: anAccount() }
      return null
    })
  })

  it('to 0 or below sends nothing and says why; to a price above 0 amends it on the tick', async () => {
    const w = mount(ChartPanel, { attachTo: document.body })
    await useSessionStore().create('ftx-2022-11')
    await flushPromises()
    const el = w.get('[data-testid=chart]').element
    const ui = useUiStore()
    // below the axis: −12.34 on the tick is −12.3
    charts[0]!.yToPrice = (y) => (y > 300 ? -12.34 : y > 200 ? 0.02 : 18950.06)
    await drag(el, 400)
    expect(commands()).toEqual([])
    expect(ui.toasts.at(-1)).toMatchObject({
      title: 'Line not moved',
      text: 'Price cannot be negative',
    })
    await drag(el, 250) // 0.02 rounds to 0.0 on BTC's 0.1 tick
    expect(commands()).toEqual([])
    expect(ui.toasts.at(-1)).toMatchObject({ text: 'Price must be above 0' })
    await drag(el, 150)
    expect(commands()).toEqual([{ kind: 'amendOrder', orderId: 'o1', price: '18950.1' }])
    w.unmount()
  })
})
