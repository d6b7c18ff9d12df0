/**
 * "Practise it" (coach:practiseCrash): a bundled crash opened as a practice fork of the
 * current portfolio. The fork's scenario is the crash path rescaled to the session's prices
 * (labelled derived), its positions are the session's, and playing it through liquidates at
 * the same time from the crash start as the stress test reported.
 */
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { offProfile } from '../../electron/host/coach'
import { createHost, type Host } from '../../electron/host/host'
import type { CandleSet, CommandAck, SessionSnapshot } from '../../shared/contract'
import type { StressReport } from '../../shared/contract/coach'
import type { ScenarioInfo } from '../../shared/market'

let host: Host | null = null
afterEach(async () => host?.close())

async function call<T>(h: Host, method: string, payload: unknown): Promise<T> {
  const r = await h.dispatch(method, payload)
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`)
  return r.value as T
}

const CRASH = 'china-ban-2021-05'
const MINUTE = 60_000

describe('coach:practiseCrash', () => {
  it('forks the portfolio onto the rescaled crash and liquidates when the stress test says', async () => {
    const h = (host = createHost({
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'pd-practise-')),
      resourcesDir: path.resolve('resources'),
      transport: 'websocket',
      version: 't',
    }))
    // the bottom line would close everything before the liquidation: compare the engine alone
    await call(h, 'coach:settings', { profile: offProfile() })
    const src = await call<SessionSnapshot>(h, 'session:create', { scenarioId: 'ftx-2022-11' })
    const id = src.summary.id
    await call(h, 'replay:control', { sessionId: id, action: { type: 'step', bars: 30 } })
    const cmd = async (command: unknown) => {
      const ack = await call<CommandAck>(h, 'session:command', { sessionId: id, command })
      expect(ack.accepted, JSON.stringify(ack.rejection)).toBe(true)
      return ack
    }
    await cmd({ kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' })
    await cmd({ kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 10 })
    const order = { kind: 'placeOrder', type: 'MARKET', positionSide: 'BOTH' }
    await cmd({ ...order, symbol: 'BTCUSDT', side: 'BUY', quantity: '1' })
    const ack = await cmd({ ...order, symbol: 'ETHUSDT', side: 'SELL', quantity: '2' })
    const before = ack.account

    const stress = await call<StressReport>(h, 'coach:stressTest', {
      sessionId: id,
      scenarioIds: [CRASH],
    })
    const expected = stress.results[0]!
    expect(expected.liquidated).toBe(true)
    expect(expected.firstFailure?.symbol).toBe('BTCUSDT')

    const srcBtc = await call<CandleSet>(h, 'session:candles', {
      sessionId: id,
      symbol: 'BTCUSDT',
      timeframe: '1m',
    })
    const lastPrice = srcBtc.bars[srcBtc.bars.length - 1]!.c

    const fork = await call<SessionSnapshot>(h, 'coach:practiseCrash', {
      sessionId: id,
      scenarioId: CRASH,
    })
    expect(fork.summary.id).not.toBe(id)
    expect(fork.summary.mode).toBe('practice')
    expect(fork.settings.startingBalance).toBe(before.walletBalance)
    const sides = (v: SessionSnapshot['account']) =>
      v.positions
        .filter((p) => Number(p.size) !== 0)
        .map((p) => [p.symbol, p.positionSide, p.size, p.marginType, p.leverage])
        .sort()
    expect(sides(fork.account)).toEqual(sides(before))

    // the scenario: listed, labelled derived/rescaled, first BTC bar opens at the source price
    const list = await call<ScenarioInfo[]>(h, 'scenario:list', null)
    const info = list.find((s) => s.id === fork.scenario.id)!
    expect(info.source).toBe('user')
    expect(info.title).toContain('on your portfolio')
    expect(info.briefing).toMatch(/rescaled/)
    expect(info.notes?.join(' ')).toMatch(/[Rr]escaled/)
    for (const s of info.symbols) expect(s.notes?.join(' ')).toMatch(/Rescaled, not recorded/)
    const forkBtc = await call<CandleSet>(h, 'session:candles', {
      sessionId: fork.summary.id,
      symbol: 'BTCUSDT',
      timeframe: '1m',
    })
    expect(forkBtc.bars[0]!.t).toBe(info.start)
    expect(Math.abs(forkBtc.bars[0]!.o - lastPrice)).toBeLessThanOrEqual(0.1)

    // play it through: the liquidation comes at the stress test's offset from the crash start
    await call(h, 'replay:control', {
      sessionId: fork.summary.id,
      action: { type: 'step', bars: 100_000 },
    })
    const after = await call<SessionSnapshot>(h, 'session:open', { sessionId: fork.summary.id })
    const liq = after.events.find((e) => e.type === 'liquidation')
    expect(liq).toBeDefined()
    expect(liq!.type === 'liquidation' && liq!.symbol).toBe('BTCUSDT')
    const forkMinutes = (liq!.t - forkBtc.bars[0]!.t) / MINUTE
    expect(Math.abs(forkMinutes - expected.liquidatedAfterMinutes!)).toBeLessThanOrEqual(1)
  }, 20_000)
})
