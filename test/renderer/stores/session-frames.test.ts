// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ReplayFrame } from '../../../shared/contract'
import { aFill, anAccount, aSnapshot, T0 } from '../fixtures'

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

const { useSessionStore } = await import('../../../renderer/src/stores/session')
const { useMarketStore } = await import('../../../renderer/src/stores/market')
const { useAccountStore } = await import('../../../renderer/src/stores/account')
const { useOrdersStore } = await import('../../../renderer/src/stores/orders')

const bar = (i: number, c = 20000) => ({ t: T0 + i * 60_000, o: c, h: c + 5, l: c - 5, c, v: 1 })

function frame(i: number, over: Partial<ReplayFrame> = {}): ReplayFrame {
  return {
    status: {
      sessionId: 's1',
      t: T0 + i * 60_000,
      cursor: i,
      total: 1440,
      playing: true,
      speed: 10,
      atEnd: false,
      setAside: 0,
    },
    bars: [{ symbol: 'BTCUSDT', last: bar(i), mark: bar(i) }],
    advanced: 1,
    events: [],
    account: anAccount(),
    ...over,
  }
}

describe('session store: opening a session and applying replay frames', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    call.mockReset()
    pushes.clear()
    call.mockImplementation(async (name: string, req: { symbol?: string; timeframe?: string }) => {
      if (name === 'session:create') return aSnapshot()
      if (name === 'session:candles')
        return {
          symbol: req.symbol,
          timeframe: req.timeframe,
          bars: [bar(0)],
          mark: [bar(0)],
          markOrigin: 'recorded',
        }
      if (name === 'session:list') return []
      return null
    })
  })

  it('adopts the snapshot, asks the host to watch the shown chart, and loads its candles', async () => {
    const s = useSessionStore()
    await s.create('ftx-2022-11')
    expect(s.sessionId).toBe('s1')
    expect(call).toHaveBeenCalledWith('session:watch', {
      sessionId: 's1',
      watch: [{ symbol: 'BTCUSDT', timeframe: '1m' }],
    })
    expect(call).toHaveBeenCalledWith('session:candles', {
      sessionId: 's1',
      symbol: 'BTCUSDT',
      timeframe: '1m',
    })
    expect(useMarketStore().tickers.BTCUSDT?.last).toBe(20000)
  })

  it('batches frames per animation frame and updates the chart once per candle, oldest first', async () => {
    const s = useSessionStore()
    await s.create('ftx-2022-11')
    const got: number[] = []
    useMarketStore().subscribe({ reset: () => {}, bar: (b) => got.push(b.t) })
    const push = pushes.get('replay:frame')!
    push(
      frame(1, {
        updates: [{ symbol: 'BTCUSDT', timeframe: '1m', bars: [bar(1)], mark: [bar(1)] }],
      }),
    )
    push(
      frame(3, {
        advanced: 2,
        events: [aFill(7)],
        updates: [
          { symbol: 'BTCUSDT', timeframe: '1m', bars: [bar(2), bar(3)], mark: [bar(2), bar(3)] },
        ],
      }),
    )
    expect(got).toEqual([]) // nothing applied before the animation frame
    await new Promise((r) => setTimeout(r, 40))
    expect(got).toEqual([T0 + 60_000, T0 + 120_000, T0 + 180_000])
    expect(s.status?.cursor).toBe(3)
    expect(useAccountStore().fills.map((f) => f.seq)).toEqual([7])
  })

  it('refetches candles when a frame says the view jumped (once the replay stops, when playing)', async () => {
    const s = useSessionStore()
    await s.create('ftx-2022-11')
    call.mockClear()
    pushes.get('replay:frame')!(frame(500, { reload: true })) // while playing: deferred
    await new Promise((r) => setTimeout(r, 60))
    expect(call.mock.calls.map((c) => c[0])).not.toContain('session:candles')
    const stopped = frame(600, { reload: true })
    pushes.get('replay:frame')!({ ...stopped, status: { ...stopped.status, playing: false } })
    await new Promise((r) => setTimeout(r, 60))
    expect(call.mock.calls.map((c) => c[0])).toContain('session:candles')
  })

  it('ignores frames of another session', async () => {
    const s = useSessionStore()
    await s.create('ftx-2022-11')
    pushes.get('replay:frame')!({ ...frame(9), status: { ...frame(9).status, sessionId: 'other' } })
    await new Promise((r) => setTimeout(r, 40))
    expect(s.status?.cursor).toBe(0)
  })

  it('one write path: an ack that overtakes a queued frame loses none of its events and never goes back', async () => {
    const s = useSessionStore()
    await s.create('ftx-2022-11')
    // a bar fills a resting order (seq 5) and is queued for the next animation frame...
    pushes.get('replay:frame')!(
      frame(1, {
        events: [aFill(5)],
        account: anAccount({ t: T0 + 60_000, walletBalance: '9990' }),
      }),
    )
    // ...then the user's click is answered before that frame is painted
    call.mockImplementationOnce(async () => ({
      accepted: true,
      events: [aFill(6)],
      account: anAccount({ t: T0 + 60_000, walletBalance: '9980' }),
    }))
    await useOrdersStore().place({
      symbol: 'BTCUSDT',
      side: 'BUY',
      positionSide: 'BOTH',
      type: 'MARKET',
      quantity: '0.1',
    })
    await new Promise((r) => setTimeout(r, 40))
    const a = useAccountStore()
    expect(a.events.map((e) => e.seq)).toEqual([5, 6])
    expect(a.account?.walletBalance).toBe('9980')
    // a stale frame (older replay time) arriving late cannot move the account view back
    pushes.get('replay:frame')!(
      frame(1, { events: [], account: anAccount({ t: T0, walletBalance: '10000' }) }),
    )
    await new Promise((r) => setTimeout(r, 40))
    expect(a.account?.walletBalance).toBe('9980')
  })
})
