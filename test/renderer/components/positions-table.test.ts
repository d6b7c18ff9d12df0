// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { anAccount, aPosition, aSnapshot } from '../fixtures'

const call = vi.fn()
vi.mock('../../../renderer/src/services/client', () => ({
  hostClient: { call: (...a: unknown[]) => call(...a), on: vi.fn(() => () => {}) },
  HostCallError: class HostCallError extends Error {},
}))
const { default: PositionsTable } =
  await import('../../../renderer/src/components/positions/PositionsTable.vue')
const { useSessionStore } = await import('../../../renderer/src/stores/session')
const { useAccountStore } = await import('../../../renderer/src/stores/account')
const { useUiStore } = await import('../../../renderer/src/stores/ui')

const isolated = aPosition({
  symbol: 'ETHUSDT',
  size: '-3',
  marginType: 'ISOLATED',
  liquidationPrice: '1921.44',
  adlRank: 3,
})

describe('positions table', () => {
  beforeEach(async () => {
    localStorage.clear()
    setActivePinia(createPinia())
    call.mockReset()
    call.mockImplementation(async (name: string) => {
      if (name === 'session:create') return aSnapshot()
      if (name === 'session:command' || name === 'session:preview')
        return { accepted: true, events: [], account: anAccount() }
      return { symbol: 'BTCUSDT', timeframe: '1m', bars: [], mark: [], markOrigin: 'recorded' }
    })
    await useSessionStore().create('ftx-2022-11')
    useAccountStore().reset(anAccount({ positions: [aPosition(), isolated] }), [])
  })

  it('shows the exchange columns and the engine values, formatted', () => {
    const w = mount(PositionsTable)
    const heads = w.findAll('th').map((h) => h.text())
    expect(heads).toEqual([
      'Symbol',
      'Size',
      'Entry',
      'Break-even',
      'Mark',
      'Liq.',
      'Ratio',
      'Margin',
      'PNL (ROI)',
      'TP/SL',
      'Close',
      'ADL',
    ])
    const liq = w.findAll('[data-testid=pos-liq]')
    expect(liq.map((c) => c.attributes('data-value'))).toEqual(['18150.5', '1921.44'])
    expect(liq[0]!.text()).toBe('18,150.5')
    expect(w.findAll('[data-testid=pos-size]')[1]!.text()).toBe('-3.000 ETH')
  })

  it('closes 50% at market with the fraction as a decimal string, after the confirmation', async () => {
    const w = mount(PositionsTable, { attachTo: document.body })
    await w.findAll('[data-testid=pos-close-50]')[0]!.trigger('click')
    await flushPromises()
    // Market closes are confirmed by default: nothing is sent until Confirm.
    expect(call.mock.calls.some((c) => c[0] === 'session:command')).toBe(false)
    const confirm = document.querySelector<HTMLButtonElement>('[data-testid=close-confirm]')!
    confirm.click()
    await flushPromises()
    const cmd = call.mock.calls.find((c) => c[0] === 'session:command')![1].command
    expect(cmd).toEqual({
      kind: 'closePosition',
      symbol: 'BTCUSDT',
      positionSide: 'BOTH',
      fraction: '0.5',
    })
    w.unmount()
  })

  it('closes at once when market-close confirmations are switched off', async () => {
    useUiStore().setConfirm({ marketClose: false })
    const w = mount(PositionsTable)
    await w.findAll('[data-testid=pos-close-100]')[0]!.trigger('click')
    await flushPromises()
    const cmd = call.mock.calls.find((c) => c[0] === 'session:command')![1].command
    expect(cmd).toMatchObject({ kind: 'closePosition', fraction: '1' })
  })

  it('offers + / − margin only on isolated positions and sends adjustMargin', async () => {
    const w = mount(PositionsTable)
    expect(w.findAll('[data-testid=pos-margin-add]')).toHaveLength(1)
    await w.get('[data-testid=pos-margin-add]').trigger('click')
    await w.get('[data-testid=margin-adjust-amount]').setValue('250')
    await w.get('[data-testid=margin-adjust-confirm]').trigger('click')
    await flushPromises()
    const cmd = call.mock.calls.find((c) => c[0] === 'session:command')![1].command
    expect(cmd).toEqual({
      kind: 'adjustMargin',
      symbol: 'ETHUSDT',
      positionSide: 'BOTH',
      action: 'ADD',
      amount: '250',
    })
  })
})
