/** The session manager's peek() fits the coach's CoachSession port (checked by the compiler too). */
import { describe, expect, it } from 'vitest'
import type { CoachSession } from '../../../electron/host/coach/ports'
import { rig } from './helpers'

describe('coach port', () => {
  it('peek() is a CoachSession for an open session, undefined for a closed one', async () => {
    const r = rig()
    const { summary } = await r.m.create({ scenarioId: 'synthetic' })
    await r.m.command(summary.id, {
      kind: 'placeOrder',
      symbol: 'BTCUSDT',
      side: 'BUY',
      positionSide: 'BOTH',
      type: 'MARKET',
      quantity: '0.01',
    })
    const s: CoachSession | undefined = r.m.peek(summary.id)
    expect(s?.commands?.()).toHaveLength(1)
    expect(s?.view().positions.length).toBe(1)
    expect(s?.cursor).toBe(r.m.sessionOf(summary.id).cursor())
    await r.m.closeAll()
    expect(r.m.peek(summary.id)).toBeUndefined()
  })

  it('a beforeCommand veto (a guardrail) refuses the command without journaling it', async () => {
    const r = rig({
      beforeCommand: (_id, c) =>
        c.kind === 'placeOrder' && c.type === 'MARKET'
          ? { name: 'GUARDRAIL', code: -9001, message: 'a stop-loss is required above 10x' }
          : null,
    })
    const { summary } = await r.m.create({ scenarioId: 'synthetic' })
    const ack = await r.m.command(summary.id, {
      kind: 'placeOrder',
      symbol: 'BTCUSDT',
      side: 'BUY',
      positionSide: 'BOTH',
      type: 'MARKET',
      quantity: '0.01',
    })
    expect(ack.accepted).toBe(false)
    expect(ack.rejection?.name).toBe('GUARDRAIL')
    expect(r.m.sessionOf(summary.id).log.commands).toHaveLength(0)
    const ok = await r.m.command(summary.id, {
      kind: 'setLeverage',
      symbol: 'BTCUSDT',
      leverage: 5,
    })
    expect(ok.accepted).toBe(true)
    expect(r.m.sessionOf(summary.id).log.commands).toHaveLength(1)
  })
})
