// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { anAccount, anOrder, aSnapshot } from '../fixtures'

const call = vi.fn()
vi.mock('../../../renderer/src/services/client', () => ({
  hostClient: { call: (...a: unknown[]) => call(...a), on: vi.fn(() => () => {}) },
  HostCallError: class HostCallError extends Error {},
}))
const { useKeyboard } = await import('../../../renderer/src/composables/use-keyboard')
const { useSessionStore } = await import('../../../renderer/src/stores/session')
const { useMarketStore } = await import('../../../renderer/src/stores/market')
const { useUiStore } = await import('../../../renderer/src/stores/ui')
const { useAccountStore } = await import('../../../renderer/src/stores/account')

const Host = defineComponent({ setup: () => (useKeyboard(), () => h('div')) })
const key = (k: string, shiftKey = false) =>
  window.dispatchEvent(new KeyboardEvent('keydown', { key: k, shiftKey }))
const controls = () =>
  call.mock.calls.filter((c) => c[0] === 'replay:control').map((c) => c[1].action)

describe('desk keyboard map', () => {
  beforeEach(async () => {
    setActivePinia(createPinia())
    call.mockReset()
    call.mockImplementation(async (name: string, req: { timeframe?: string }) => {
      if (name === 'session:create') return aSnapshot()
      if (name === 'replay:control') return aSnapshot().status
      if (name === 'session:command') return { accepted: true, events: [], account: anAccount() }
      return {
        symbol: 'BTCUSDT',
        timeframe: req?.timeframe ?? '1m',
        bars: [],
        mark: [],
        markOrigin: 'recorded',
      }
    })
    await useSessionStore().create('ftx-2022-11')
  })

  it('Space plays, → steps 1, Shift+→ steps 10, N runs to the next event', async () => {
    const w = mount(Host)
    key(' ')
    key('ArrowRight')
    key('ArrowRight', true)
    key('n')
    await flushPromises()
    expect(controls()).toEqual([
      { type: 'play' },
      { type: 'step', bars: 1 },
      { type: 'step', bars: 10 },
      { type: 'nextEvent' },
    ])
    w.unmount()
  })

  it('1–6 pick timeframes, B / S ask the ticket to focus a side, ? opens the overlay', async () => {
    const w = mount(Host)
    key('4')
    await flushPromises()
    expect(useMarketStore().timeframe).toBe('1h')
    key('s')
    expect(useUiStore().focusRequest.side).toBe('SELL')
    key('?')
    expect(useUiStore().shortcutsOpen).toBe(true)
    w.unmount()
  })

  it('Esc cancels the selected open order', async () => {
    const w = mount(Host)
    useAccountStore().reset(anAccount({ openOrders: [anOrder({ orderId: 'o7' })] }), [])
    useUiStore().selectOrder('o7')
    key('Escape')
    await flushPromises()
    expect(call.mock.calls.find((c) => c[0] === 'session:command')![1].command).toEqual({
      kind: 'cancelOrder',
      orderId: 'o7',
    })
    w.unmount()
  })
})
