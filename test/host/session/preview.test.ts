/**
 * Issue 14 item 4: `session:preview` answers what a command would do now on an engine copy:
 * the figures the margin and leverage dialogs show before Confirm, and the exchange's
 * refusal codes. The session itself never changes (state hash, journal).
 */
import { describe, expect, it } from 'vitest'
import type { TradeCommand } from '../../../shared/trading/commands'
import { rig } from './helpers'

const cmd = {
  isolated: { kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' },
  lev: (leverage: number) => ({ kind: 'setLeverage', symbol: 'BTCUSDT', leverage }),
  buy: {
    kind: 'placeOrder',
    symbol: 'BTCUSDT',
    side: 'BUY',
    positionSide: 'BOTH',
    type: 'MARKET',
    quantity: '0.5',
  },
  margin: (action: 'ADD' | 'REMOVE', amount: string) => ({
    kind: 'adjustMargin',
    symbol: 'BTCUSDT',
    positionSide: 'BOTH',
    action,
    amount,
  }),
} satisfies Record<string, TradeCommand | ((...a: never[]) => TradeCommand)>

describe('session:preview', () => {
  it('previews margin moves with max removable and new liq; refusals coded; session unchanged', async () => {
    const r = rig()
    const { summary } = await r.m.create({ scenarioId: 'synthetic' })
    const id = summary.id
    await r.m.command(id, cmd.isolated)
    await r.m.command(id, cmd.lev(10))
    expect((await r.m.command(id, cmd.buy)).accepted).toBe(true)
    const hash = r.m.sessionOf(id).stateHash()
    const before = r.m
      .sessionOf(id)
      .engine.view()
      .positions.find((p) => p.symbol === 'BTCUSDT')!

    const add = await r.m.previewCommand(id, cmd.margin('ADD', '100'))
    expect(add.accepted).toBe(true)
    const after = add.account.positions.find((p) => p.symbol === 'BTCUSDT')!
    expect(Number(after.liquidationPrice)).toBeLessThan(Number(before.liquidationPrice))
    expect(Number(after.margin)).toBeCloseTo(Number(before.margin) + 100, 6)
    expect(Number(add.maxRemovable)).toBeGreaterThanOrEqual(0)

    // Removing more than the max removable: -4051, exactly at the bound: accepted.
    const max = add.maxRemovable!
    const tooMuch = await r.m.previewCommand(id, cmd.margin('REMOVE', String(Number(max) + 1)))
    expect(tooMuch.rejection?.code).toBe(-4051)
    if (Number(max) > 0)
      expect((await r.m.previewCommand(id, cmd.margin('REMOVE', max))).accepted).toBe(true)

    // Lowering isolated leverage below what the margin supports: -4161; margin mode: -4048.
    const low = await r.m.previewCommand(id, cmd.lev(1))
    expect(low.rejection?.code).toBe(-4161)
    const cross = await r.m.previewCommand(id, {
      kind: 'setMarginType',
      symbol: 'BTCUSDT',
      marginType: 'CROSSED',
    })
    expect(cross.rejection?.code).toBe(-4048)

    expect(r.m.sessionOf(id).stateHash()).toBe(hash)
    expect(r.m.sessionOf(id).log.commands).toHaveLength(3)
  })

  it('a close previewed before and after the real close never moves the position (CI drill 6)', async () => {
    // The desk's close popover once asked its preview while its Confirm was in flight: the
    // answer was the what-if on the halved position (-0.25), not a second close.
    const r = rig()
    const { summary } = await r.m.create({ scenarioId: 'synthetic' })
    const id = summary.id
    expect((await r.m.command(id, { ...cmd.buy, side: 'SELL', quantity: '1' })).accepted).toBe(true)
    const half = {
      kind: 'closePosition',
      symbol: 'BTCUSDT',
      positionSide: 'BOTH',
      fraction: '0.5',
    } satisfies TradeCommand
    const size = () =>
      r.m
        .sessionOf(id)
        .engine.view()
        .positions.find((p) => p.symbol === 'BTCUSDT')!.size
    const before = await r.m.previewCommand(id, half)
    expect(before.account.positions.find((p) => p.symbol === 'BTCUSDT')!.size).toBe('-0.5')
    expect(size()).toBe('-1')
    const ack = await r.m.command(id, half)
    expect(ack.account.positions.find((p) => p.symbol === 'BTCUSDT')!.size).toBe('-0.5')
    const hash = r.m.sessionOf(id).stateHash()
    const after = await r.m.previewCommand(id, half)
    expect(after.account.positions.find((p) => p.symbol === 'BTCUSDT')!.size).toBe('-0.25')
    expect(size()).toBe('-0.5')
    expect(r.m.sessionOf(id).stateHash()).toBe(hash)
    expect(r.m.sessionOf(id).log.commands.map((c) => c.command.kind)).toEqual([
      'placeOrder',
      'closePosition',
    ])
  })
})
