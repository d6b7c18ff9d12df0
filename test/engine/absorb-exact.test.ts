/**
 * Exactness review of funding/absorb.ts (docs/performance.md "Session 7, exactness review"):
 * after a funding payment the quiet-bar boxes are kept unless the loss at their edges no longer
 * fits the smaller buffer. End to end: a sweep of payments (from a trifle to most of the margin
 * buffer) on cross and isolated positions of two symbols, each followed by a slow walk of the
 * mark toward the liquidation price and back, gives the full Decimal path's event log and state
 * on the fast path. A box kept where it should have been folded again would let a bar past
 * the new liquidation or margin-call level through as quiet.
 */
import { describe, expect, it } from 'vitest'
import type { EngineEvent } from '../../shared/trading/events'
import { Driver, engine, flat, order } from './helpers'

/** BTC long 0.5 at 60,000 (x50) and ETH short 4 at 3,000 (x20), cross or isolated. */
function session(fastPath: boolean, iso: boolean, rate: string, walk: number[]): Driver {
  const d = new Driver(
    engine({ startingBalance: '1500', marginCallRatios: ['80'] }, ['BTCUSDT', 'ETHUSDT'], fastPath),
  )
  d.bars('BTCUSDT', flat('60000'))
  d.bars('ETHUSDT', flat('3000'))
  if (iso) {
    d.cmd({ kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' })
    d.cmd({ kind: 'setMarginType', symbol: 'ETHUSDT', marginType: 'ISOLATED' })
  }
  d.cmd({ kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 50 })
  d.cmd({ kind: 'setLeverage', symbol: 'ETHUSDT', leverage: 20 })
  d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '0.5' }))
  d.cmd(order({ symbol: 'ETHUSDT', side: 'SELL', type: 'MARKET', quantity: '4' }))
  // quiet bars first (the boxes are folded around these marks), then the payment
  d.bars('BTCUSDT', flat('59990'))
  d.bars('ETHUSDT', flat('3000.5'))
  d.funding('BTCUSDT', rate, '59990')
  d.funding('ETHUSDT', `-${rate}`, '3000.5')
  for (const f of walk) {
    const b = (60000 * f).toFixed(1)
    const e = (3000 * (2 - f)).toFixed(2)
    d.t += 60_000
    const ev = d.eng.apply({
      kind: 'bars',
      t: d.t,
      bars: [
        { symbol: 'BTCUSDT', last: { ...flat(b), t: d.t }, mark: { ...flat(b), t: d.t } },
        { symbol: 'ETHUSDT', last: { ...flat(e), t: d.t }, mark: { ...flat(e), t: d.t } },
      ],
    })
    d.log.push(...ev)
  }
  return d
}

const RATES = ['0.00001', '0.0003', '0.001', '0.003', '0.006', '0.01', '0.012', '0.015', '0.02']
/** Down to 0.96 of the entry (past the liquidation price of most settings) in small steps. */
const WALK = Array.from({ length: 40 }, (_, i) => 1 - i * 0.001)

describe('funding payments keep the fast path exact', () => {
  for (const iso of [false, true])
    it(`${iso ? 'isolated' : 'cross'}: every payment, then the walk`, () => {
      const seen = new Set<string>()
      for (const rate of RATES) {
        const fast = session(true, iso, rate, WALK)
        const full = session(false, iso, rate, WALK)
        expect(JSON.stringify(fast.log), rate).toBe(JSON.stringify(full.log))
        expect(fast.eng.stateHash(), rate).toBe(full.eng.stateHash())
        full.log.forEach((e: EngineEvent) => seen.add(e.type))
      }
      // the sweep reaches what the boxes guard: funding, margin calls and liquidations
      expect([...seen]).toEqual(
        expect.arrayContaining(['fundingSettled', 'marginCall', 'liquidation']),
      )
    })
})
