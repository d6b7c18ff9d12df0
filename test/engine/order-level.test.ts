/**
 * orderLevel (matching/triggers.ts): the answer follows every change of what it is computed
 * from (an amended price or stop price, the trigger), and a trailing stop's level moves with
 * its best price.
 */
import { describe, expect, it } from 'vitest'
import { DEFAULT_ENGINE_SETTINGS } from '../../shared/trading/settings'
import { D } from '../../electron/engine/decimal'
import { orderLevel } from '../../electron/engine/matching/triggers'
import { initialState } from '../../electron/engine/state'
import { ctxAtMarks, limitOrderState } from './helpers'

const ctx = () => ctxAtMarks(initialState(['BTCUSDT'], DEFAULT_ENGINE_SETTINGS), [2_000_000])

describe('orderLevel', () => {
  it('the same order unchanged: the same level; an amended price: the new one', () => {
    const c = ctx()
    const o = limitOrderState('BTCUSDT', 'BUY', new D('1'), new D('19000'), 1)
    const a = orderLevel(c, o)!
    expect(orderLevel(c, o)).toEqual(a)
    expect([a.level.toFixed(), a.levelNum, a.dir, a.kind]).toEqual([
      '19000',
      19000,
      'down',
      'limit',
    ])
    // an amendment assigns a new Decimal, even of an equal value
    o.price = new D('19500')
    expect(orderLevel(c, o)!.levelNum).toBe(19500)
  })

  it('a stop-limit acts at its stop until it triggers, then at its price', () => {
    const c = ctx()
    const o = {
      ...limitOrderState('BTCUSDT', 'SELL', new D('1'), new D('18900'), 2),
      type: 'STOP' as const,
      stopPrice: new D('19000'),
    }
    expect(orderLevel(c, o)).toMatchObject({ levelNum: 19000, dir: 'down', kind: 'stopLimit' })
    o.stopPrice = new D('18000')
    expect(orderLevel(c, o)).toMatchObject({ levelNum: 18000, kind: 'stopLimit' })
    o.triggered = true
    expect(orderLevel(c, o)).toMatchObject({ levelNum: 18900, dir: 'up', kind: 'limit' })
  })

  it('a trailing stop follows its best price', () => {
    const c = ctx()
    const o = {
      ...limitOrderState('BTCUSDT', 'SELL', new D('1'), new D('1'), 3),
      type: 'TRAILING_STOP_MARKET' as const,
      price: null,
      callbackRate: new D('1'),
      activationPrice: new D('20000'),
      trailActive: true,
      trailExtreme: new D('20000'),
    }
    expect(orderLevel(c, o)!.levelNum).toBe(19800)
    o.trailExtreme = new D('21000')
    expect(orderLevel(c, o)!.levelNum).toBe(20790)
    o.trailActive = false
    expect(orderLevel(c, o)).toBeNull()
  })
})
