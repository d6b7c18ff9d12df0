// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { CandleSet, ReplayFrame } from '../../../shared/contract'
import { aSnapshot, T0 } from '../fixtures'

const call = vi.fn()
vi.mock('../../../renderer/src/services/client', () => ({
  hostClient: { call: (...a: unknown[]) => call(...a), on: vi.fn(() => () => {}) },
  HostCallError: class HostCallError extends Error {},
}))
const { default: DeskHeader } =
  await import('../../../renderer/src/components/header/DeskHeader.vue')
const { useSessionStore } = await import('../../../renderer/src/stores/session')
const { useMarketStore } = await import('../../../renderer/src/stores/market')

const H = 3_600_000
const candles = (over: Partial<CandleSet>): CandleSet => ({
  symbol: 'BTCUSDT',
  timeframe: '1m',
  bars: [],
  mark: [],
  markOrigin: 'recorded',
  ...over,
})

async function mountWith(set: CandleSet) {
  call.mockImplementation(async (name: string) => {
    if (name === 'session:create') return aSnapshot()
    if (name === 'session:candles') return set
    return null
  })
  await useSessionStore().create('ftx-2022-11')
  const w = mount(DeskHeader)
  await flushPromises()
  return w
}

describe('desk header: funding', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    call.mockReset()
  })

  it('shows the recorded rate of the latest settlement and counts down to the next one', async () => {
    const w = await mountWith(
      candles({
        funding: [
          { t: T0 - 16 * H, rate: '0.0003', markPrice: '20000' },
          { t: T0 - 8 * H, rate: '-0.000123', markPrice: '20000' },
        ],
        fundingOrigin: 'recorded',
        nextFundingTime: T0 + 90 * 60_000,
      }),
    )
    const rate = w.get('[data-testid=funding-rate]')
    expect(rate.text()).toBe('-0.0123%')
    expect(rate.attributes('data-origin')).toBe('recorded')
    expect(rate.text()).not.toMatch(/default/)
    expect(rate.classes()).toContain('amber')
    expect(w.get('[data-testid=funding-countdown]').text()).toBe('01:30:00')
  })

  it('a recorded schedule with nothing settled yet shows no rate (never a later one)', async () => {
    const w = await mountWith(
      candles({ funding: [], fundingOrigin: 'recorded', nextFundingTime: T0 + 5 * 60_000 }),
    )
    expect(w.get('[data-testid=funding-rate]').text()).toBe('—')
    expect(w.get('[data-testid=funding-countdown]').text()).toBe('00:05:00')
  })

  it('labels the documented default as such: muted, with a tooltip', async () => {
    const w = await mountWith(
      candles({
        funding: [{ t: T0 - 8 * H, rate: '0.0001', markPrice: '20000' }],
        fundingOrigin: 'default',
        nextFundingTime: T0 + 8 * H,
      }),
    )
    const rate = w.get('[data-testid=funding-rate]')
    expect(rate.text()).toBe('default 0.01%')
    expect(rate.attributes('data-origin')).toBe('default')
    expect(rate.classes()).toContain('muted')
    expect(rate.attributes('title')).toMatch(/default.*not recorded|not recorded.*default/i)
  })

  it('follows the funding frames carry as the replay moves', async () => {
    const w = await mountWith(candles({ funding: [], fundingOrigin: 'recorded' }))
    const frame: Pick<
      ReplayFrame,
      'bars' | 'advanced' | 'updates' | 'reload' | 'status' | 'funding'
    > = {
      status: { ...aSnapshot().status, t: T0 + 60_000 },
      bars: [],
      advanced: 1,
      updates: [],
      funding: [
        {
          symbol: 'BTCUSDT',
          origin: 'recorded',
          settled: { t: T0, rate: '0.0005', markPrice: '20000' },
          nextFundingTime: T0 + 8 * H,
        },
      ],
    }
    useMarketStore().applyFrame(frame)
    useSessionStore().status = frame.status
    await flushPromises()
    expect(w.get('[data-testid=funding-rate]').text()).toBe('0.0500%')
    expect(w.get('[data-testid=funding-countdown]').text()).toBe('07:59:00')
  })
})

describe('desk header: recorded funding intervals (issue 12 rule 5)', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    call.mockReset()
  })
  it('shows the recorded next settlement and a shortened interval, not the 8 h grid', async () => {
    const w = await mountWith(
      candles({
        funding: [{ t: T0 - 2 * H, rate: '0.0005', markPrice: '20000' }],
        fundingOrigin: 'recorded',
        nextFundingTime: T0 + 2 * H,
      }),
    )
    expect(w.get('[data-testid=funding-countdown]').text()).toBe('02:00:00')
    expect(w.get('[data-testid=funding-interval]').text()).toBe('/4h')
  })
  it('recorded data past its last settlement shows no invented countdown', async () => {
    const w = await mountWith(
      candles({
        funding: [{ t: T0 - 2 * H, rate: '0.0005', markPrice: '20000' }],
        fundingOrigin: 'recorded',
        nextFundingTime: null,
      }),
    )
    expect(w.get('[data-testid=funding-countdown]').text()).toBe('—')
  })
})
