// @vitest-environment happy-dom
/**
 * Two or four charts at once (issue 14 item 2), against a recording fake of Lightweight
 * Charts: each pane loads and updates its own symbol and timeframe from the one frame stream,
 * draws only its symbol's lines, the focused pane drives the ticket's symbol, the layout is
 * remembered, and crosshair and time range are synced across panes by time.
 */
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ReplayFrame } from '../../../shared/contract'
import { anAccount, aPosition, aSnapshot, T0 } from '../fixtures'

vi.mock('lightweight-charts', () => import('../fake-lightweight-charts'))
const { charts } = await import('../fake-lightweight-charts')
type FakeChart = (typeof charts)[number]

const pushes = new Map<string, (p: unknown) => void>()
const call = vi.fn()
vi.mock('../../../renderer/src/services/client', () => ({
  hostClient: {
    call: (...a: unknown[]) => call(...a),
    on: (name: string, fn: (p: unknown) => void) => {
      pushes.set(name, fn)
      return () => pushes.delete(name)
    },
  },
  HostCallError: class HostCallError extends Error {},
}))

const { default: ChartPanel } =
  await import('../../../renderer/src/components/chart/ChartPanel.vue')
const { useSessionStore } = await import('../../../renderer/src/stores/session')
const { useMarketStore } = await import('../../../renderer/src/stores/market')
const { useAccountStore } = await import('../../../renderer/src/stores/account')
const { useKeyboard } = await import('../../../renderer/src/composables/use-keyboard')

const TF_MS: Record<string, number> = { '1m': 60_000, '15m': 900_000, '1h': 3_600_000 }
const PRICE: Record<string, number> = { BTCUSDT: 20000, ETHUSDT: 1500 }
const bar = (t: number, c: number) => ({ t, o: c, h: c + 1, l: c - 1, c, v: 1 })
function candles(symbol: string, timeframe: string, n = 100) {
  const tf = TF_MS[timeframe]!
  const bars = Array.from({ length: n }, (_, k) => bar(T0 + k * tf, PRICE[symbol]! + k))
  return { symbol, timeframe, bars, mark: bars, markOrigin: 'recorded' }
}

function frame(updates: ReplayFrame['updates']): ReplayFrame {
  return {
    status: {
      sessionId: 's1',
      t: T0 + 100 * 60_000,
      cursor: 100,
      total: 5000,
      playing: true,
      speed: 10,
      atEnd: false,
      setAside: 0,
    },
    bars: [],
    advanced: 1,
    events: [],
    account: anAccount(),
    updates,
  }
}
const tick = () => new Promise((r) => setTimeout(r, 40))
const watched = () =>
  call.mock.calls
    .filter(([n]) => n === 'session:watch')
    .map(([, r]) => (r as { watch: unknown }).watch)
const fetched = () =>
  call.mock.calls
    .filter(([n]) => n === 'session:candles')
    .map(([, r]) => `${(r as { symbol: string }).symbol} ${(r as { timeframe: string }).timeframe}`)

async function openDesk() {
  const w = mount(ChartPanel, { attachTo: document.body })
  await useSessionStore().create('ftx-2022-11')
  await flushPromises()
  return w
}

/** The desk in two panes; the right one at `rightTf` if given. */
async function twoPanes(rightTf?: '15m') {
  const w = await openDesk()
  const market = useMarketStore()
  await market.setLayout(2)
  if (rightTf) await market.setTimeframe(rightTf, 1)
  await flushPromises()
  return { w, market }
}

describe('chart panes', () => {
  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
    charts.length = 0
    call.mockReset()
    pushes.clear()
    call.mockImplementation(async (name: string, req: { symbol: string; timeframe: string }) => {
      if (name === 'session:create') return aSnapshot()
      if (name === 'session:candles') return candles(req.symbol, req.timeframe)
      return null
    })
  })

  it('switches to two panes side by side: BTC left, ETH right, each loaded and watched', async () => {
    const w = await openDesk()
    expect(charts).toHaveLength(1)
    const market = useMarketStore()
    call.mockClear()
    await market.setLayout(2)
    await flushPromises()
    expect(charts).toHaveLength(2)
    expect(w.findAll('[data-testid="chart"]')).toHaveLength(2)
    expect(market.panes.slice(0, 2).map((p) => p.symbol)).toEqual(['BTCUSDT', 'ETHUSDT'])
    // Only the new pane fetches; the host is asked to carry both panes' candles in frames.
    expect(fetched()).toEqual(['ETHUSDT 1m'])
    expect(watched().at(-1)).toEqual([
      { symbol: 'BTCUSDT', timeframe: '1m' },
      { symbol: 'ETHUSDT', timeframe: '1m' },
    ])
    expect(charts[1]!.setData.find((d) => d.series === 'candles')).toEqual({
      series: 'candles',
      n: 100,
      first: T0 / 1000,
    })
    w.unmount()
  })

  it('feeds each pane its own symbol and timeframe from the one frame stream', async () => {
    const w = await openDesk()
    const market = useMarketStore()
    await market.setLayout(2)
    market.focus(1)
    await market.setTimeframe('15m')
    await flushPromises()
    expect(market.panes[0]).toEqual({ symbol: 'BTCUSDT', timeframe: '1m' })
    expect(market.panes[1]).toEqual({ symbol: 'ETHUSDT', timeframe: '15m' })
    for (const c of charts) c.updates.length = 0
    const btc = bar(T0 + 100 * 60_000, 20100)
    const eth1m = bar(T0 + 100 * 60_000, 1600)
    const eth15 = bar(T0 + 100 * 900_000, 1601)
    pushes.get('replay:frame')!(
      frame([
        { symbol: 'BTCUSDT', timeframe: '1m', bars: [btc], mark: [btc] },
        { symbol: 'ETHUSDT', timeframe: '1m', bars: [eth1m], mark: [eth1m] },
        { symbol: 'ETHUSDT', timeframe: '15m', bars: [eth15], mark: [eth15] },
      ]),
    )
    await tick()
    const candleTimes = (c: FakeChart) =>
      c.updates.filter((u) => u.series === 'candles').map((u) => u.time)
    expect(candleTimes(charts[0]!)).toEqual([btc.t / 1000])
    expect(candleTimes(charts[1]!)).toEqual([eth15.t / 1000])
    w.unmount()
  })

  it('the focused pane sets the desk symbol (the ticket follows it); ] and [ cycle the focus', async () => {
    const { w, market } = await twoPanes()
    expect(market.symbol).toBe('BTCUSDT')
    await w.find('[data-testid="pane-1"]').trigger('pointerdown')
    expect(market.focused).toBe(1)
    expect(market.symbol).toBe('ETHUSDT')
    expect(w.find('[data-testid="pane-1"]').classes()).toContain('focused')
    expect(w.find('[data-testid="pane-0"]').classes()).not.toContain('focused')
    // The header's symbol tabs change the focused pane only.
    await market.setSymbol('BTCUSDT')
    expect(market.panes.slice(0, 2).map((p) => p.symbol)).toEqual(['BTCUSDT', 'BTCUSDT'])
    await market.setSymbol('ETHUSDT')

    const keys = mount({ template: '<div />', setup: () => useKeyboard() })
    window.dispatchEvent(new KeyboardEvent('keydown', { key: ']' }))
    expect(market.focused).toBe(0)
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '[' }))
    expect(market.focused).toBe(1)
    // A timeframe key changes the focused pane only.
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '4' }))
    await flushPromises()
    expect(market.panes.slice(0, 2).map((p) => p.timeframe)).toEqual(['1m', '1h'])
    keys.unmount()
    w.unmount()
  })

  it('draws each symbol’s position lines only in the pane showing that symbol', async () => {
    const { w } = await twoPanes()
    for (const c of charts) c.lines.length = 0
    useAccountStore().apply(
      anAccount({
        positions: [
          aPosition({ symbol: 'BTCUSDT', entryPrice: '20000', liquidationPrice: '18000' }),
          aPosition({
            symbol: 'ETHUSDT',
            size: '-2',
            entryPrice: '1500',
            breakEvenPrice: '1499',
            liquidationPrice: '1700',
          }),
        ],
      }),
      [],
    )
    await flushPromises()
    expect(charts[0]!.lines).toContain(20000)
    expect(charts[0]!.lines).not.toContain(1500)
    expect(charts[1]!.lines).toEqual(expect.arrayContaining([1500, 1700, 1499]))
    expect(charts[1]!.lines).not.toContain(20000)
    w.unmount()
  })

  it('a frame whose lines did not move recreates none: moved lines move, gone lines go', async () => {
    const { w } = await twoPanes()
    const long = (over: Partial<ReturnType<typeof aPosition>>) =>
      aPosition({ symbol: 'BTCUSDT', entryPrice: '20000', liquidationPrice: '18000', ...over })
    const account = useAccountStore()
    account.apply(anAccount({ t: T0 + 1, positions: [long({ unrealizedPnl: '-250' })] }), [])
    await flushPromises()
    const btc = charts[0]!
    const created = btc.lines.length
    expect(created).toBe(3) // entry, LIQ, BE
    // Next frame: PnL and liquidation price move; the same three lines stay.
    account.apply(
      anAccount({
        t: T0 + 2,
        positions: [long({ unrealizedPnl: '-120', liquidationPrice: '18010' })],
      }),
      [],
    )
    await flushPromises()
    expect(btc.lines).toHaveLength(created)
    expect(btc.removed).toBe(0)
    expect(btc.moved).toEqual([18010])
    // The position is closed: its lines go.
    account.apply(anAccount({ t: T0 + 3, positions: [] }), [])
    await flushPromises()
    expect(btc.removed).toBe(3)
    w.unmount()
  })

  it('2×2 shows four panes with distinct symbols where the scenario has them; back to one keeps pane 0', async () => {
    const w = await openDesk()
    const market = useMarketStore()
    await market.setLayout(4)
    await flushPromises()
    expect(w.findAll('[data-testid="chart"]')).toHaveLength(4)
    // Two symbols in the scenario: panes 3 and 4 repeat them.
    expect(market.panes.map((p) => p.symbol)).toEqual(['BTCUSDT', 'ETHUSDT', 'BTCUSDT', 'ETHUSDT'])
    // Identical panes are watched once (the host's list holds at most 8).
    expect(watched().at(-1)).toHaveLength(2)
    market.focus(3)
    await market.setLayout(1)
    await flushPromises()
    expect(market.focused).toBe(0)
    expect(w.findAll('[data-testid="chart"]')).toHaveLength(1)
    expect(watched().at(-1)).toEqual([{ symbol: 'BTCUSDT', timeframe: '1m' }])
    w.unmount()
  })

  it('remembers the layout across launches; a remembered symbol the scenario lacks is replaced', async () => {
    localStorage.setItem(
      'perpdojo.chartLayout',
      JSON.stringify({
        layout: 2,
        focused: 1,
        panes: [
          { symbol: 'SOLUSDT', timeframe: '15m' },
          { symbol: 'ETHUSDT', timeframe: '1h' },
        ],
      }),
    )
    const w = await openDesk()
    const market = useMarketStore()
    expect(market.layout).toBe(2)
    expect(market.focused).toBe(1)
    expect(market.panes.slice(0, 2)).toEqual([
      { symbol: 'BTCUSDT', timeframe: '15m' },
      { symbol: 'ETHUSDT', timeframe: '1h' },
    ])
    expect(market.symbol).toBe('ETHUSDT')
    await market.setLayout(4)
    expect(JSON.parse(localStorage.getItem('perpdojo.chartLayout')!).layout).toBe(4)
    w.unmount()
  })

  it.each([
    ['not JSON', '{'],
    ['a wrong layout', JSON.stringify({ layout: 3, panes: [], focused: 0 })],
    ['a focus outside the layout', JSON.stringify({ layout: 2, panes: [], focused: 7 })],
    [
      'bad pane entries',
      JSON.stringify({
        layout: 2,
        focused: 0,
        panes: [{ symbol: '<script>', timeframe: '1m' }, { symbol: 'ETHUSDT', timeframe: '2m' }, 5],
      }),
    ],
  ])('falls back to safe values on a stored layout with %s', (_, raw) => {
    localStorage.setItem('perpdojo.chartLayout', raw)
    const market = useMarketStore()
    expect(LAYOUTS_OK).toContain(market.layout)
    expect(market.focused).toBeLessThan(market.layout)
    for (const p of market.panes) {
      expect(p.symbol).toMatch(/^[A-Z0-9]+$/)
      expect(['1m', '3m', '5m', '15m', '1h', '4h', '1d']).toContain(p.timeframe)
    }
  })

  it('syncs the crosshair by time from the hovered pane only, across timeframes', async () => {
    const { w } = await twoPanes('15m')
    const [left, right] = charts as [FakeChart, FakeChart]
    const hostOf = (i: number) => w.findAll('[data-testid="chart"]')[i]!.element
    // Not hovered (a programmatic move): nothing is sent.
    left.onCrosshair!({ logical: 40 })
    expect(right.crosshair).toEqual([])
    hostOf(0).dispatchEvent(new Event('pointerenter'))
    // Left bar 40 opens at T0 + 40 min: the right pane's 15m bar holding it opens at T0 + 30 min.
    left.onCrosshair!({ logical: 40 })
    expect(right.crosshair).toEqual([{ price: 1502, time: (T0 + 30 * 60_000) / 1000 }])
    // Leaving the pane clears the others' crosshairs.
    hostOf(0).dispatchEvent(new Event('pointerleave'))
    expect(right.crosshair.at(-1)).toBeNull()
    expect(left.crosshair).toEqual([])
    w.unmount()
  })

  it('syncs the time range by time while the user drags or wheels a pane, not while a replay scrolls it', async () => {
    const { w } = await twoPanes('15m')
    const [left, right] = charts as [FakeChart, FakeChart]
    const host = w.findAll('[data-testid="chart"]')[0]!.element
    left.onRange!({ from: 30, to: 90 })
    host.dispatchEvent(new Event('pointerenter'))
    left.onRange!({ from: 30, to: 90 })
    expect(right.ranges).toEqual([])
    host.dispatchEvent(new Event('pointerdown'))
    // 1m bars 30…90 = T0 + 30 … 90 min = 15m bars 2 … 6; the right edge past the last bar
    // extrapolates (1m bar 112 = 15m index 7.4667).
    left.onRange!({ from: 30, to: 112 })
    expect(right.ranges).toHaveLength(1)
    expect(right.ranges[0]!.from).toBeCloseTo(2, 9)
    expect(right.ranges[0]!.to).toBeCloseTo(112 / 15, 9)
    window.dispatchEvent(new Event('pointerup'))
    left.onRange!({ from: 0, to: 10 })
    expect(right.ranges).toHaveLength(1)
    host.dispatchEvent(new Event('wheel'))
    left.onRange!({ from: 0, to: 10 })
    expect(right.ranges).toHaveLength(2)
    w.unmount()
  })
})

const LAYOUTS_OK = [1, 2, 4]
