// @vitest-environment happy-dom
/**
 * The desk's stores wired to a real in-process host (SessionManager over a synthetic
 * scenario): after a seek back / forward (practice) and a decision jump (review), the
 * desk's event list (markers, history tables) equals what a fresh session:open returns.
 */
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { CommandAck, ReplayFrame } from '../../../shared/contract'
import type { TradeCommand } from '../../../shared/trading/commands'
import { drive, rig, type Rig } from '../../host/session/helpers'

let host: Rig
const pushes = new Map<string, (p: unknown) => void>()

/** Host methods the desk calls here, answered as over IPC (structured clones). */
async function dispatch(name: string, req: Record<string, never>): Promise<unknown> {
  const m = host.m
  const answer = await (async () => {
    switch (name) {
      case 'session:create':
        return m.create(req as never)
      case 'session:open':
        return m.openSession(req.sessionId, req.mode)
      case 'session:candles':
        return m.candles(req.sessionId, req.symbol, req.timeframe)
      case 'session:watch':
        return m.watch(req.sessionId, req.watch)
      case 'session:command':
        return m.command(req.sessionId, req.command)
      case 'session:restore':
        return m.restore(req.sessionId)
      case 'session:decisions':
        return m.decisions(req.sessionId)
      case 'replay:control':
        return drive(host.sched, m.control(req.sessionId, req.action))
      default:
        return null
    }
  })()
  return answer === undefined ? null : structuredClone(answer)
}

vi.mock('../../../renderer/src/services/client', () => ({
  hostClient: {
    call: (name: string, req: Record<string, never>) => dispatch(name, req),
    on: (name: string, fn: (p: unknown) => void) => {
      pushes.set(name, fn)
      return () => pushes.delete(name)
    },
  },
  HostCallError: class HostCallError extends Error {},
}))

const { useSessionStore } = await import('../../../renderer/src/stores/session')
const { useAccountStore } = await import('../../../renderer/src/stores/account')

const buy = (quantity: string): TradeCommand => ({
  kind: 'placeOrder',
  symbol: 'BTCUSDT',
  side: 'BUY',
  positionSide: 'BOTH',
  type: 'MARKET',
  quantity,
})

describe('desk state after replay jumps', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    pushes.clear()
    host = rig({ synth: { bars: 400 } })
    // frames reach the desk as the preload would deliver them
    host.frames.push = (...fs: ReplayFrame[]) => {
      for (const f of fs) pushes.get('replay:frame')?.(structuredClone(f))
      return 0
    }
  })

  async function expectDeskMatchesHost(id: string) {
    const s = useSessionStore()
    s.flush()
    const fresh = await host.m.openSession(id)
    expect(useAccountStore().events).toEqual(fresh.events)
  }

  it('practice: seek back and forward; review: decision jumps both ways', async () => {
    const s = useSessionStore()
    const account = useAccountStore()
    const snap = await s.create('synthetic')
    const id = snap!.summary.id
    for (let i = 0; i < 3; i++) {
      const ack = (await dispatch('session:command', {
        sessionId: id,
        command: buy((0.1 * (i + 1)).toFixed(3)),
      } as never)) as CommandAck
      account.apply(ack.account, ack.events)
      await s.control({ type: 'step', bars: 30 })
    }
    await expectDeskMatchesHost(id)
    const fills = () => account.events.filter((e) => e.type === 'orderFilled').length
    expect(fills()).toBe(3)

    const times = host.m.sessionOf(id).tl.times
    // seek back past the last two orders: they are set aside
    await s.control({ type: 'seek', t: times[40]! })
    await expectDeskMatchesHost(id)
    expect(fills()).toBe(1)
    // seek forward (many bars: a reload frame) and a little (incremental frames)
    await s.control({ type: 'seek', t: times[300]! })
    await expectDeskMatchesHost(id)
    await s.control({ type: 'seek', t: times[320]! })
    await expectDeskMatchesHost(id)
    // the set-aside orders come back in one jump
    await s.restore()
    await expectDeskMatchesHost(id)
    expect(fills()).toBe(3)

    await s.open(id, 'review')
    expect(host.m.sessionOf(id).mode).toBe('review')
    await s.control({ type: 'decision', index: 2 })
    await expectDeskMatchesHost(id)
    expect(fills()).toBe(3)
    await s.control({ type: 'decision', index: 0 })
    await expectDeskMatchesHost(id)
    expect(fills()).toBe(1)
    await s.control({ type: 'decision', index: 1 })
    await expectDeskMatchesHost(id)
    expect(fills()).toBe(2)
    // and a seek back in review
    await s.control({ type: 'seek', t: times[5]! })
    await expectDeskMatchesHost(id)
  })
})
