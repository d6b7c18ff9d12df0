import { describe, expect, it } from 'vitest'
import { crossingFraction, highFirst, pathPoints } from '../../electron/engine/bar-path'

describe('bar path (open → nearer extreme → farther extreme → close)', () => {
  it('adaptive: the high first only when it is strictly nearer to the open', () => {
    expect(highFirst(100, 101, 95)).toBe(true)
    expect(highFirst(100, 105, 99)).toBe(false)
    expect(highFirst(100, 102, 98)).toBe(false) // tie → low first
    expect(pathPoints(100, 101, 95, 96, true)).toEqual([100, 101, 95, 96])
    expect(pathPoints(100, 105, 99, 104, false)).toEqual([100, 99, 105, 104])
  })
  it('crossing fraction along a segment', () => {
    expect(crossingFraction(100, 90, 'down', 95, 0)).toBe(0.5)
    expect(crossingFraction(100, 90, 'down', 85, 0)).toBeNull()
    expect(crossingFraction(100, 110, 'up', 105, 0)).toBe(0.5)
    expect(crossingFraction(100, 90, 'down', 100, 0)).toBe(0)
    expect(crossingFraction(100, 90, 'down', 95, 0.7)).toBe(0.7) // already beyond at 0.7
  })
})

describe('bar sanity', () => {
  it('a non-finite or non-positive price is a bug in the feed: EngineInvariantError', async () => {
    const { Driver, engine, flat, bar } = await import('./helpers')
    const { EngineInvariantError } = await import('../../electron/engine')
    const d = new Driver(engine())
    d.bars('BTCUSDT', flat('20000'))
    expect(() =>
      d.bars('BTCUSDT', { ...bar('20000', '20000', '19000', '19500'), l: Number.NaN }),
    ).toThrow(EngineInvariantError)
    expect(() => d.bars('BTCUSDT', flat('0'))).toThrow(EngineInvariantError)
    // an open outside [low, high] only widens the range
    expect(() => d.bars('BTCUSDT', bar('20100', '20050', '19900', '20000'))).not.toThrow()
  })
  it('the fast path sends a bar with a price ≤ 0 or infinite to the full path (quiet() folds these checks into its bounds)', async () => {
    const { Driver, engine, flat, bar, order } = await import('./helpers')
    const { EngineInvariantError, engineStats } = await import('../../electron/engine')
    // with and without order bounds (a far stop below, a far take-profit above) and a position
    for (const withBook of [false, true]) {
      const eng = engine()
      const d = new Driver(eng)
      d.bars('BTCUSDT', flat('20000'))
      if (withBook) {
        d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.010' }))
        d.cmd(
          order({
            side: 'SELL',
            type: 'STOP_MARKET',
            quantity: '0.010',
            stopPrice: '5000',
            reduceOnly: true,
          }),
        )
        d.cmd(
          order({
            side: 'SELL',
            type: 'TAKE_PROFIT_MARKET',
            quantity: '0.010',
            stopPrice: '90000',
            reduceOnly: true,
          }),
        )
      }
      d.bars('BTCUSDT', flat('20000'))
      const slow = engineStats(eng).slowBarInputs
      d.bars('BTCUSDT', bar('20000', '20010', '19990', '20005'))
      expect(engineStats(eng).slowBarInputs).toBe(slow) // quiet: the fast path took it
      const good = bar('20000', '20010', '19990', '20005')
      const bad = [
        { ...bar('0', '0', '0', '0') },
        { ...bar('-1', '-1', '-1', '-1') },
        { ...good, l: 0 },
        { ...good, l: -5 },
        { ...good, h: Infinity },
        { ...good, h: Number.NaN },
        { ...good, l: Number.NaN },
      ]
      for (const b of bad) {
        expect(() => d.bars('BTCUSDT', b, good)).toThrow(EngineInvariantError) // last bar
        expect(() => d.bars('BTCUSDT', good, b)).toThrow(EngineInvariantError) // mark bar
      }
    }
  })
})
