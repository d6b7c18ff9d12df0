/**
 * An input whose bar of one symbol crosses a level takes the full path, but a bar of another
 * symbol in it that lies inside its own bounds is kept as quiet() keeps it (engine.ts
 * keepsQuiet): when no bar of the input was processed before it, or when its symbol is
 * isolated only. Every case compares the fast engine's event log with the full path's, byte for
 * byte, and counts the kept bars (engineStats), so a case that should keep a bar proves it did.
 */
import { describe, expect, it } from 'vitest'
import type { Bar } from '../../shared/market'
import type { EngineEvent } from '../../shared/trading/events'
import { engineStats, type EngineInput } from '../../electron/engine'
import { bar, engine, flat, MIN, noFeesFor, order, T0 } from './helpers'

/** One input of BTC's and ETH's bars (mark = last), in that order unless `ethFirst`. */
function both(t: number, btc: Bar, eth: Bar, ethFirst = false): EngineInput {
  const rows = [
    { symbol: 'BTCUSDT', last: { ...btc, t }, mark: { ...btc, t } },
    { symbol: 'ETHUSDT', last: { ...eth, t }, mark: { ...eth, t } },
  ]
  return { kind: 'bars', t, bars: ethFirst ? rows.reverse() : rows }
}

/**
 * The quiet bench's book in small: BTC long 0.5 cross at 10x, ETH short 5 isolated at 3x, a
 * reduce-only stop and take-profit on each (BTC 19,000 / 21,000, ETH 1,600 / 1,400), slippage
 * and the 80 % margin call on (the defaults), then `steps`.
 */
function isolatedEth(steps: (t: number) => EngineInput[]): EngineInput[] {
  const t = T0 + MIN
  const cmd = (command: Extract<EngineInput, { kind: 'command' }>['command']): EngineInput => ({
    kind: 'command',
    t,
    command,
  })
  const reduce = (
    symbol: string,
    side: 'BUY' | 'SELL',
    type: 'STOP_MARKET' | 'TAKE_PROFIT_MARKET',
    stopPrice: string,
  ) =>
    cmd(
      order({
        symbol,
        side,
        type,
        quantity: symbol === 'BTCUSDT' ? '0.01' : '0.1',
        stopPrice,
        reduceOnly: true,
      }),
    )
  return [
    both(t, flat('20000'), flat('1500')),
    cmd({ kind: 'setMarginType', symbol: 'ETHUSDT', marginType: 'ISOLATED' }),
    cmd({ kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 10 }),
    cmd({ kind: 'setLeverage', symbol: 'ETHUSDT', leverage: 3 }),
    cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.5' })),
    cmd(order({ symbol: 'ETHUSDT', side: 'SELL', type: 'MARKET', quantity: '5' })),
    reduce('BTCUSDT', 'SELL', 'STOP_MARKET', '19000'),
    reduce('BTCUSDT', 'SELL', 'TAKE_PROFIT_MARKET', '21000'),
    reduce('ETHUSDT', 'BUY', 'STOP_MARKET', '1600'),
    reduce('ETHUSDT', 'BUY', 'TAKE_PROFIT_MARKET', '1400'),
    // a quiet input: the thresholds are in place
    both(t + MIN, flat('20010'), flat('1501')),
    ...steps(t + 2 * MIN),
  ]
}

function run(
  inputs: EngineInput[],
  fastPath: boolean,
  settings = {},
): { log: string; events: readonly EngineEvent[]; kept: number } {
  // events: the last input's
  const e = engine(
    { marginCallRatios: ['80'], slippage: true, ...settings },
    ['BTCUSDT', 'ETHUSDT'],
    fastPath,
  )
  const all = inputs.map((i) => e.apply(i))
  return { log: JSON.stringify(all), events: all.at(-1)!, kept: engineStats(e).keptBars }
}

/** The fast engine's log equals the full path's; returns the fast run (its last input's events). */
function same(
  inputs: EngineInput[],
  settings = {},
): { events: readonly EngineEvent[]; kept: number } {
  const fast = run(inputs, true, settings)
  const full = run(inputs, false, settings)
  expect(full.kept).toBe(0)
  expect(fast.log).toBe(full.log)
  return fast
}

const fills = (ev: readonly EngineEvent[]): string[] =>
  ev.flatMap((e) => (e.type === 'orderFilled' ? [`${e.fill.symbol} ${e.order.type}`] : []))

describe('bars kept inside an input that takes the full path', () => {
  it('the first bar, inside its bounds, is kept when a later bar triggers a stop', () => {
    const r = same(
      isolatedEth((t) => [both(t, bar('20010', '20050', '19990', '20020'), flat('1605'))]),
    )
    expect(fills(r.events)).toEqual(['ETHUSDT STOP_MARKET'])
    expect(r.kept).toBe(1)
  })

  it('a later isolated-only symbol is kept after an earlier bar filled a stop', () => {
    const r = same(
      isolatedEth((t) => [both(t, flat('18990'), bar('1501', '1520', '1490', '1510'))]),
    )
    expect(fills(r.events)).toEqual(['BTCUSDT STOP_MARKET'])
    expect(r.kept).toBe(1)
  })

  // A bar of BTC at a level (AT: its order acts, the bar is processed) and one tick inside it
  // (BESIDE: nothing of BTC acts, the bar is kept); ETH's bar triggers its stop in both.
  it.each([
    [
      'take-profit 21,000, the high',
      bar('20010', '21000', '20000', '20500'),
      bar('20010', '20999.9', '20000', '20500'),
      'TAKE_PROFIT_MARKET',
    ],
    [
      'stop 19,000, the low',
      bar('20010', '20020', '19000', '19500'),
      bar('20010', '20020', '19000.1', '19500'),
      'STOP_MARKET',
    ],
  ])('BTC at its %s, is processed; a tick inside it, kept', (_, atLevel, beside, type) => {
    const at = same(isolatedEth((t) => [both(t, atLevel, flat('1605'))]))
    expect(fills(at.events).sort()).toEqual([`BTCUSDT ${type}`, 'ETHUSDT STOP_MARKET'])
    expect(at.kept).toBe(0)
    const inside = same(isolatedEth((t) => [both(t, beside, flat('1605'))]))
    expect(fills(inside.events)).toEqual(['ETHUSDT STOP_MARKET'])
    expect(inside.kept).toBe(1)
  })

  it('a cross symbol after the isolated one filled is processed, inside its bounds or not', () => {
    const r = same(
      isolatedEth((t) => [both(t, bar('20010', '20050', '19990', '20020'), flat('1605'), true)]),
    )
    expect(fills(r.events)).toEqual(['ETHUSDT STOP_MARKET'])
    expect(r.kept).toBe(0)
  })

  it('a symbol whose bar was processed earlier in the input is not kept again', () => {
    const r = same(
      isolatedEth((t) => [
        {
          kind: 'bars',
          t,
          bars: [
            { symbol: 'ETHUSDT', last: { ...flat('1605'), t }, mark: { ...flat('1605'), t } },
            { symbol: 'ETHUSDT', last: { ...flat('1590'), t }, mark: { ...flat('1590'), t } },
          ],
        },
      ]),
    )
    expect(fills(r.events)).toEqual(['ETHUSDT STOP_MARKET'])
    expect(r.kept).toBe(0)
  })
})

describe('a cross symbol after a processed bar is not kept', () => {
  /**
   * Cross account, 1,000 USDT, no fees: 20x long 0.5 BTC at 20,000 and 20x long 5 ETH at 1,500.
   * BTC falls to 18,265 (its bar takes the full path: far outside its box): the account's ratio
   * is just under the 80 % margin call. ETH's bar dips to 1,490 and closes at 1,500, inside the
   * box the thresholds gave it, which assumed BTC inside its own: the dip crosses 80 %. Kept,
   * that call would be lost (the close is back under 80 %).
   */
  function crossBoth(ethLow: string): EngineInput[] {
    const t = T0 + MIN
    const cmd = (command: Extract<EngineInput, { kind: 'command' }>['command']): EngineInput => ({
      kind: 'command',
      t,
      command,
    })
    return [
      both(t, flat('20000'), flat('1500')),
      cmd({ kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 20 }),
      cmd({ kind: 'setLeverage', symbol: 'ETHUSDT', leverage: 20 }),
      cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.5' })),
      cmd(order({ symbol: 'ETHUSDT', side: 'BUY', type: 'MARKET', quantity: '5' })),
      both(t + MIN, flat('18265'), bar('1500', '1500', ethLow, '1500')),
    ]
  }
  const settings = { startingBalance: '1000', slippage: false, ...noFeesFor('BTCUSDT', 'ETHUSDT') }

  it('the dip raises the margin call in both paths', () => {
    const r = same(crossBoth('1490'), settings)
    expect(r.events.filter((e) => e.type === 'marginCall')).toHaveLength(1)
    expect(r.kept).toBe(0)
  })

  it('without the dip there is none (the call is the dip’s)', () => {
    const r = same(crossBoth('1500'), settings)
    expect(r.events.filter((e) => e.type === 'marginCall')).toHaveLength(0)
  })
})
