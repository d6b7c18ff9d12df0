// @vitest-environment happy-dom
import { mount, flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { anAccount, aSnapshot } from '../fixtures'

const call = vi.fn()
vi.mock('../../../renderer/src/services/client', () => ({
  hostClient: { call: (...a: unknown[]) => call(...a), on: vi.fn(() => () => {}) },
  HostCallError: class HostCallError extends Error {
    payload = { code: 'UNKNOWN_METHOD' }
  },
}))
const { default: OrderTicket } =
  await import('../../../renderer/src/components/ticket/OrderTicket.vue')
const { useSessionStore } = await import('../../../renderer/src/stores/session')
const { useAccountStore } = await import('../../../renderer/src/stores/account')

async function setup(hedge = false) {
  setActivePinia(createPinia())
  call.mockReset()
  call.mockImplementation(async (name: string) => {
    if (name === 'session:create') return aSnapshot()
    if (name === 'session:candles')
      return { symbol: 'BTCUSDT', timeframe: '1m', bars: [], mark: [], markOrigin: 'recorded' }
    if (name === 'session:command')
      return {
        accepted: true,
        events: [],
        account: anAccount(hedge ? { positionMode: 'HEDGE' } : {}),
      }
    if (name === 'order:preview') throw new Error('no preview')
    return null
  })
  await useSessionStore().create('ftx-2022-11')
  if (hedge) useAccountStore().reset(anAccount({ positionMode: 'HEDGE' }), [])
  const w = mount(OrderTicket)
  await flushPromises()
  return w
}

function commands() {
  return call.mock.calls.filter((c) => c[0] === 'session:command').map((c) => c[1].command)
}

describe('order ticket', () => {
  beforeEach(() => vi.useRealTimers())

  it('places a GTC limit buy with the typed price and coin size', async () => {
    const w = await setup()
    await w.get('[data-testid=ticket-price]').setValue('19500.5')
    await w.get('[data-testid=ticket-size]').setValue('0.25')
    await w.get('[data-testid=ticket-buy]').trigger('click')
    await flushPromises()
    expect(commands()).toEqual([
      {
        kind: 'placeOrder',
        symbol: 'BTCUSDT',
        side: 'BUY',
        positionSide: 'BOTH',
        type: 'LIMIT',
        price: '19500.5',
        timeInForce: 'GTC',
        quantity: '0.25',
      },
    ])
  })

  it('sends post-only as GTX and reduce-only as a flag', async () => {
    const w = await setup()
    await w.get('[data-testid=ticket-price]').setValue('21000')
    await w.get('[data-testid=ticket-size]').setValue('0.1')
    await w.get('[data-testid=ticket-post-only]').setValue(true)
    await w.get('[data-testid=ticket-reduce-only]').setValue(true)
    await w.get('[data-testid=ticket-sell]').trigger('click')
    await flushPromises()
    expect(commands()[0]).toMatchObject({ side: 'SELL', timeInForce: 'GTX', reduceOnly: true })
  })

  it('places a stop-market on the mark price without a limit price', async () => {
    const w = await setup()
    await w.get('[data-testid=ticket-tab-STOP]').trigger('click')
    await w.get('[data-testid=ticket-stop-price]').setValue('18000')
    await w.get('[data-testid=ticket-working-type]').setValue('MARK_PRICE')
    await w.get('[data-testid=ticket-size]').setValue('0.5')
    await w.get('[data-testid=ticket-sell]').trigger('click')
    await flushPromises()
    const cmd = commands()[0]
    expect(cmd).toMatchObject({
      type: 'STOP_MARKET',
      stopPrice: '18000',
      workingType: 'MARK_PRICE',
      quantity: '0.5',
    })
    expect(cmd.price).toBeUndefined()
  })

  it('opens the SHORT leg in hedge mode and closes the LONG leg with Close Long', async () => {
    const w = await setup(true)
    await w.get('[data-testid=ticket-tab-MARKET]').trigger('click')
    await w.get('[data-testid=ticket-size]').setValue('0.2')
    await w.get('[data-testid=ticket-sell]').trigger('click')
    await w.get('[data-testid=hedge-close]').trigger('click')
    expect(w.get('[data-testid=ticket-sell]').text()).toBe('Close Long')
    await w.get('[data-testid=ticket-sell]').trigger('click')
    await flushPromises()
    expect(commands().map((c) => [c.side, c.positionSide, c.type])).toEqual([
      ['SELL', 'SHORT', 'MARKET'],
      ['SELL', 'LONG', 'MARKET'],
    ])
  })

  it('refuses a USDT size when the host cannot preview it, instead of guessing', async () => {
    const w = await setup()
    await w.get('[data-testid=ticket-unit]').setValue('USDT')
    await w.get('[data-testid=ticket-size]').setValue('1000')
    await w.get('[data-testid=ticket-buy]').trigger('click')
    await flushPromises()
    expect(commands()).toEqual([])
  })
})

describe('order ticket TP/SL', () => {
  it('sends a market entry and its TP/SL as one command', async () => {
    const w = await setup()
    await w.get('[data-testid=ticket-tab-MARKET]').trigger('click')
    await w.get('[data-testid=ticket-size]').setValue('0.2')
    await w.get('[data-testid=ticket-tpsl]').setValue(true)
    await w.get('[data-testid=ticket-tp]').setValue('22000')
    await w.get('[data-testid=ticket-sl]').setValue('19000')
    await w.get('[data-testid=ticket-buy]').trigger('click')
    await flushPromises()
    expect(commands()).toEqual([
      {
        kind: 'placeOrder',
        symbol: 'BTCUSDT',
        side: 'BUY',
        positionSide: 'BOTH',
        type: 'MARKET',
        quantity: '0.2',
        attached: {
          takeProfit: { stopPrice: '22000', workingType: 'MARK_PRICE' },
          stopLoss: { stopPrice: '19000', workingType: 'MARK_PRICE' },
        },
      },
    ])
  })

  it('a resting limit carries its TP/SL inside the order, judged against its own price', async () => {
    const w = await setup()
    await w.get('[data-testid=ticket-price]').setValue('19500')
    await w.get('[data-testid=ticket-size]').setValue('0.2')
    await w.get('[data-testid=ticket-tpsl]').setValue(true)
    await w.get('[data-testid=ticket-tp]').setValue('21000')
    await w.get('[data-testid=ticket-sl]').setValue('19000')
    await w.get('[data-testid=ticket-buy]').trigger('click')
    await flushPromises()
    expect(commands().map((c) => [c.type, c.price, c.attached?.stopLoss?.stopPrice])).toEqual([
      ['LIMIT', '19500', '19000'],
    ])
  })

  it('a stop on the wrong side is said next to the SL field and nothing is sent', async () => {
    const w = await setup()
    await w.get('[data-testid=ticket-price]').setValue('19500')
    await w.get('[data-testid=ticket-size]').setValue('0.2')
    await w.get('[data-testid=ticket-tpsl]').setValue(true)
    await w.get('[data-testid=ticket-sl]').setValue('19600')
    await w.get('[data-testid=ticket-buy]').trigger('click')
    await flushPromises()
    expect(commands()).toEqual([])
    expect(w.get('[data-testid=ticket-sl-error]').text()).toContain('below 19500 for a long')
    // the same stop is fine for a short
    await w.get('[data-testid=ticket-sell]').trigger('click')
    await flushPromises()
    expect(commands().map((c) => [c.side, c.attached?.stopLoss?.stopPrice])).toEqual([
      ['SELL', '19600'],
    ])
  })
})
