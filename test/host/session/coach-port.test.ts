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
})
