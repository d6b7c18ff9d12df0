import { describe, expect, it } from 'vitest'
import { parseSimScript, runScript, runScriptLines, SimScriptError } from '../../electron/host/sim'
import { scenario, series, START } from './scenario-fixture'

const rows: [number, number, number, number][] = [
  [20000, 20010, 19990, 20000],
  [20000, 20050, 19950, 20020],
  [20020, 20030, 19400, 19450],
  [19450, 19500, 19300, 19350],
  [19350, 19400, 19200, 19300],
]
const scn = scenario('tiny', [
  series('BTCUSDT', rows, [{ t: START + 3 * 60_000, rate: '0.0001', markPrice: '19450' }]),
])

const script = {
  settings: { startingBalance: '1000', slippage: false },
  commands: [
    {
      t: '2022-11-08T00:00:00Z',
      command: {
        kind: 'placeOrder',
        symbol: 'BTCUSDT',
        side: 'BUY',
        positionSide: 'BOTH',
        type: 'MARKET',
        quantity: '0.01',
      },
    },
    {
      t: START + 60_000,
      command: {
        kind: 'placeOrder',
        symbol: 'BTCUSDT',
        side: 'SELL',
        positionSide: 'BOTH',
        type: 'STOP_MARKET',
        stopPrice: '19500',
        closePosition: true,
      },
    },
  ],
}

describe('headless sim runner', () => {
  it('validates scripts with valibot and reports the path of the problem', () => {
    expect(() => parseSimScript({ commands: [{ t: 'yesterday', command: {} }] })).toThrow(
      SimScriptError,
    )
    try {
      parseSimScript({ settings: { startingBalance: 12 }, commands: [] })
    } catch (e) {
      expect((e as SimScriptError).issues[0]).toMatch(/settings.startingBalance/)
    }
  })
  it('runs commands on bars in lockstep and ends with a summary', () => {
    const lines = [...runScript(scn, parseSimScript(script))]
    const events = lines.flatMap((l) => (l.kind === 'event' ? [l.event] : []))
    const summary = lines.at(-1)!
    expect(summary.kind).toBe('summary')
    // market buy acts after the first bar closes (20,000), stop fills at 19,500 in bar 3
    const fills = events.filter((e) => e.type === 'orderFilled')
    expect(fills.map((e) => (e.type === 'orderFilled' ? e.fill.price : ''))).toEqual([
      '20000',
      '19500',
    ])
    expect(fills[0]!.t).toBe(START + 60_000)
    if (summary.kind === 'summary') {
      expect(summary.positions).toHaveLength(0)
      expect(summary.bars).toBe(5)
      expect(summary.totals.realizedPnl).toBe('-5')
      // fees: 0.01 × 20,000 × 0.05 % + 0.01 × 19,500 × 0.05 % = 0.1 + 0.0975
      expect(summary.totals.fees).toBe('0.1975')
      expect(summary.walletBalance).toBe('994.8025')
    }
  })
  it('JSON lines are deterministic', () => {
    const a = [...runScriptLines(scn, parseSimScript(script))]
    const b = [...runScriptLines(scn, parseSimScript(script), { fastPath: false })]
    expect(a).toEqual(b)
    expect(JSON.parse(a.at(-1)!).kind).toBe('summary')
  })
  it('funding settles between the bar that closed at its time and later commands', () => {
    const s2 = parseSimScript({ ...script, commands: script.commands.slice(0, 1) })
    const events = [...runScript(scn, s2)].flatMap((l) => (l.kind === 'event' ? [l.event] : []))
    const f = events.find((e) => e.type === 'fundingSettled')
    expect(f && f.type === 'fundingSettled' ? f.amount : '').toBe('-0.01945')
  })
  it('from / to limit the replay window; early commands wait for the first bar', () => {
    const s3 = parseSimScript({ ...script, from: START + 2 * 60_000, to: START + 4 * 60_000 })
    const lines = [...runScript(scn, s3)]
    const summary = lines.at(-1)!
    expect(summary.kind === 'summary' && summary.bars).toBe(2)
    const fill = lines.find((l) => l.kind === 'event' && l.event.type === 'orderFilled')
    // the buy (timed at START) acts at the first bar of the window's close, 19,450
    expect(
      fill && fill.kind === 'event' && fill.event.type === 'orderFilled' && fill.event.fill.price,
    ).toBe('19450')
  })
})
