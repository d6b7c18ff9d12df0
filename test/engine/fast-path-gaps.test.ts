/**
 * Rule 0 (issue 12): a step may carry bars for only some symbols (real data has gaps). The
 * fast path must count every open symbol's mark drift since its thresholds were computed,
 * present in the step or not, so it never skips a liquidation the full path makes.
 */
import { describe, expect, it } from 'vitest'
import type { EngineEvent } from '../../shared/trading/events'
import type { EngineInput } from '../../electron/engine'
import { engine, flat, MIN, noFeesFor, order, step, T0 } from './helpers'

const noFees = noFeesFor('BTCUSDT', 'ETHUSDT')

/**
 * Cross account, 1,000 USDT: 20x long 0.5 BTC @ 20,000 and 20x long 5 ETH @ 1,500 (margin
 * 500 + 375). BTC drifts down on quiet bars while present, then stops reporting (a gap);
 * ETH alone falls far enough that the account's margin balance, counting BTC's loss,
 * drops below maintenance.
 */
function inputs(): EngineInput[] {
  let t = T0 + MIN
  const out: EngineInput[] = [
    step(t, [
      ['BTCUSDT', flat('20000')],
      ['ETHUSDT', flat('1500')],
    ]),
  ]
  for (const side of ['BTCUSDT', 'ETHUSDT'] as const)
    out.push({ kind: 'command', t, command: { kind: 'setLeverage', symbol: side, leverage: 20 } })
  out.push({ kind: 'command', t, command: order({ side: 'BUY', type: 'MARKET', quantity: '0.5' }) })
  out.push({
    kind: 'command',
    t,
    command: order({ symbol: 'ETHUSDT', side: 'BUY', type: 'MARKET', quantity: '5' }),
  })
  // BTC slides 20,000 → 19,000 in small quiet steps (−500 USDT), ETH flat.
  for (let p = 19950; p >= 19000; p -= 50) {
    t += MIN
    out.push(
      step(t, [
        ['BTCUSDT', flat(String(p))],
        ['ETHUSDT', flat('1500')],
      ]),
    )
  }
  // BTC's feed stops; ETH alone slides 1,500 → 1,400 (−500 USDT): with BTC's −500 the
  // account is under water (1,000 − 500 − 500 < maintenance); ETH's move alone is far
  // below the fast path's conservative bound for the account.
  for (let p = 1495; p >= 1400; p -= 5) {
    t += MIN
    out.push(step(t, [['ETHUSDT', flat(String(p))]]))
  }
  return out
}

function run(fastPath: boolean): EngineEvent[] {
  const e = engine({ startingBalance: '1000', ...noFees }, ['BTCUSDT', 'ETHUSDT'], fastPath)
  return inputs().flatMap((i) => e.apply(i))
}

describe('fast path over partial steps (gaps)', () => {
  it('the full path liquidates the cross account once ETH alone has fallen far enough', () => {
    const liq = run(false).filter((e) => e.type === 'liquidation')
    expect(liq.map((e) => e.symbol).sort()).toEqual(['BTCUSDT', 'ETHUSDT'])
  })
  it('the fast path gives the same event log byte for byte', () => {
    expect(JSON.stringify(run(true))).toBe(JSON.stringify(run(false)))
  })
})
