/**
 * Issue 13.3: the liquidation card. A 100x isolated long on the synthetic walk is liquidated;
 * `session:liquidation` explains it from the engine's state before the liquidating bar and the
 * marks revealed up to it: the worst mark is the lowest mark since the position opened, the
 * computed extra margin keeps the same trade open through that mark (checked by folding the
 * same decisions with the margin added) and a cent less does not; asking later in the replay
 * gives the same card (nothing after the liquidation is read).
 */
import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import type { TradeCommand } from '../../../shared/trading/commands'
import type { EngineEvent } from '../../../shared/trading/events'
import { TIMEFRAME_MS } from '../../../shared/market'
import { rig } from './helpers'

const setup: TradeCommand[] = [
  { kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' },
  { kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 100 },
  {
    kind: 'placeOrder',
    symbol: 'BTCUSDT',
    side: 'BUY',
    positionSide: 'BOTH',
    type: 'MARKET',
    quantity: '0.5',
  },
]

async function liquidatedSession(r: ReturnType<typeof rig>, extra?: string) {
  const { summary } = await r.m.create({ scenarioId: 'synthetic' })
  const id = summary.id
  for (const c of setup) await r.m.command(id, c)
  if (extra)
    await r.m.command(id, {
      kind: 'adjustMargin',
      symbol: 'BTCUSDT',
      positionSide: 'BOTH',
      action: 'ADD',
      amount: extra,
    })
  return id
}

const liqOf = (events: readonly EngineEvent[]) =>
  events.find((e): e is Extract<EngineEvent, { type: 'liquidation' }> => e.type === 'liquidation')

describe('liquidation card', () => {
  it('explains the liquidation and its rescue is the least margin that survives', async () => {
    const r = rig()
    const id = await liquidatedSession(r)
    const s = r.m.sessionOf(id)
    const opened = s.events.find((e) => e.type === 'positionChanged')!.t
    // play until the liquidation halts the replay
    for (let i = 0; i < 40 && !liqOf(s.events); i++)
      await r.m.control(id, { type: 'step', bars: 25 })
    const liq = liqOf(s.events)!
    expect(liq, 'the 100x long is liquidated on the walk').toBeDefined()

    const card = await r.m.liquidationCard(id, liq.seq)
    expect(card).toMatchObject({
      sessionId: id,
      seq: liq.seq,
      t: liq.t,
      symbol: 'BTCUSDT',
      scope: 'ISOLATED',
      markPrice: liq.markPrice,
      fillPrice: liq.fillPrice,
      bankruptcyPrice: liq.bankruptcyPrice,
      clearanceFee: liq.clearanceFee,
      marginLost: new Decimal(liq.realizedPnl).neg().toFixed(),
    })
    const rescue = card.rescue!
    expect(rescue.leverage).toBe(100)
    expect(rescue.openedAt).toBe(opened)
    // worst mark: the lowest mark low of the bars closing after the open, up to the liquidation
    const ser = r.scenario.series[0]!
    let worst = Number(liq.markPrice)
    for (let i = 0; i < ser.time.length; i++) {
      const close = ser.time[i]! + TIMEFRAME_MS[ser.step]
      if (close > opened && close <= liq.t) worst = Math.min(worst, ser.markLow[i]!)
    }
    expect(Number(rescue.worstMark)).toBe(worst)
    expect(Number(rescue.extraMargin)).toBeGreaterThan(0)
    expect(rescue.maxLeverage).toBeGreaterThanOrEqual(1)
    expect(rescue.maxLeverage).toBeLessThan(100)
    expect(Number(rescue.stopPrice)).toBeGreaterThan(Number(rescue.liquidationPrice))
    expect(Number(rescue.stopPrice)).toBeLessThan(Number(rescue.entryPrice))

    // later in the replay the card is the same: it reads nothing after the liquidation
    await r.m.control(id, { type: 'step', bars: 50 })
    expect(await r.m.liquidationCard(id, liq.seq)).toEqual(card)

    // the same decisions with the computed margin added survive up to the liquidation's stamp;
    // a cent less is liquidated by then
    for (const [extra, dies] of [
      [rescue.extraMargin, false],
      [new Decimal(rescue.extraMargin).minus('0.01').toFixed(), true],
    ] as const) {
      const other = await liquidatedSession(r, extra)
      const o = r.m.sessionOf(other)
      // (status().t is the latest revealed close, issue 13.8)
      while (o.status().t < liq.t && !liqOf(o.events))
        await r.m.control(other, { type: 'step', bars: 1 })
      expect(!!liqOf(o.events), `+${extra}`).toBe(dies)
    }
    await r.m.closeAll()
  })

  it('refuses a seq that is not a liquidation of this session (yet)', async () => {
    const r = rig()
    const id = await liquidatedSession(r)
    await expect(r.m.liquidationCard(id, 1)).rejects.toThrow(/No liquidation event/)
    await expect(r.m.liquidationCard(id, 10_000)).rejects.toThrow(/No liquidation event/)
    await r.m.closeAll()
  })
})
