/**
 * One fold (electron/host/replay/fold.ts): a desk session and the CLI sim given the same
 * decisions print the same event log, byte for byte, on a recorded crash with funding —
 * including a command given exactly at a funding time (the tie rule: bars, funding, commands).
 */
import * as fs from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import type { TradeCommand } from '../../../shared/trading/commands'
import { SessionManager } from '../../../electron/host/session/manager'
import { engines } from '../../../electron/host/engine-binding'
import { manualScheduler } from '../../support/manual-scheduler'
import { buildTimeline, commandTime, cursorForTime } from '../../../electron/host/replay/timeline'
import { foldTo, startFold } from '../../../electron/host/replay/fold'
import { runScript } from '../../../electron/host/sim'
import { scenario } from '../coach/scenarios'
import { tempDir } from '../session/support'

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

const market = (symbol: string, side: 'BUY' | 'SELL', quantity: string): TradeCommand => ({
  kind: 'placeOrder',
  symbol,
  side,
  positionSide: 'BOTH',
  type: 'MARKET',
  quantity,
})

describe('one fold', () => {
  it('a desk session and the CLI sim produce the same event log for the same decisions', async () => {
    const scn = await scenario('ftx-2022-11')
    const tl = buildTimeline(scn)
    const dataDir = tempDir('pd-onefold-')
    dirs.push(dataDir)
    const m = new SessionManager({
      dataDir,
      loadScenario: async () => scn,
      engines: engines,
      push: () => {},
      clock: { scheduler: manualScheduler() },
    })
    const settings = { startingBalance: '20000', marginCallRatios: ['80'] }
    const snap = await m.create({ scenarioId: scn.info.id, settings })
    const id = snap.summary.id
    const start = snap.status.cursor
    // a cursor whose latest close is exactly a funding time: a command there ties with funding
    const fundingT = tl.funding.find((f) => f.t > tl.closes[start + 10]!)!.t
    const atFunding = cursorForTime(tl, fundingT)
    expect(tl.closes[atFunding - 1]).toBe(fundingT)
    const plan: { cursor: number; command: TradeCommand }[] = [
      { cursor: start, command: { kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 20 } },
      { cursor: start, command: market('BTCUSDT', 'BUY', '1') },
      { cursor: start + 3, command: market('ETHUSDT', 'SELL', '10') },
      {
        cursor: start + 3,
        command: {
          kind: 'placeOrder',
          symbol: 'ETHUSDT',
          side: 'BUY',
          positionSide: 'BOTH',
          type: 'STOP_MARKET',
          stopPrice: String(Math.round(scn.series[1]!.close[start + 2]! * 1.04)),
          quantity: '10',
          reduceOnly: true,
          workingType: 'MARK_PRICE',
        },
      },
      { cursor: atFunding, command: market('BTCUSDT', 'SELL', '0.5') },
      { cursor: atFunding + 200, command: market('BTCUSDT', 'BUY', '3') },
    ]
    for (const d of plan) {
      const here = m.sessionOf(id).cursor()
      if (d.cursor > here) await m.control(id, { type: 'step', bars: d.cursor - here })
      expect(m.sessionOf(id).cursor()).toBe(d.cursor)
      const ack = await m.command(id, d.command)
      expect(ack.accepted).toBe(true)
    }
    while (!m.sessionOf(id).atEnd()) await m.control(id, { type: 'step', bars: 2000 })
    const desk = m.sessionOf(id).events
    const deskHash = m.sessionOf(id).stateHash()
    await m.closeAll()

    const cli = [
      ...runScript(scn, {
        settings,
        commands: plan.map((d) => ({ t: commandTime(tl, d.cursor), command: d.command })),
      }),
    ]
    const cliEvents = cli.flatMap((l) => (l.kind === 'event' ? [l.event] : []))
    const summary = cli.at(-1)!
    expect(desk.length).toBeGreaterThan(plan.length)
    expect(desk.map((e) => JSON.stringify(e))).toEqual(cliEvents.map((e) => JSON.stringify(e)))
    expect(summary.kind === 'summary' && summary.stateHash).toBe(deskHash)

    // the tie: the funding settled at that close comes before the command given there
    const settled = desk.findIndex((e) => e.type === 'fundingSettled' && e.t === fundingT)
    const sold = desk.findIndex(
      (e) => e.type === 'orderFilled' && e.t === fundingT && e.order.side === 'SELL',
    )
    expect(settled).toBeGreaterThanOrEqual(0)
    expect(sold).toBeGreaterThan(settled)

    // and a bare foldTo of the same decisions (the tests' helper) lands on the same state
    const st = startFold(engines.create(tl.symbols, { ...snap.settings }))
    const bare = foldTo(st, tl, plan, tl.total)
    expect(st.engine.stateHash()).toBe(deskHash)
    expect(bare.length).toBe(desk.length)
  }, 60_000)
})
