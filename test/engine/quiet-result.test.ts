/**
 * A quiet bar (fast path, nothing crossed) returns one shared frozen empty list: the quiet step
 * allocates nothing (docs/performance.md "Session 7"). The list is the caller's to read only;
 * these tests pin that a caller who tries to change it fails at once instead of corrupting the
 * events of every later quiet bar, and that a bar with events still returns a fresh list.
 */
import { describe, expect, it } from 'vitest'
import { createEngine, type EngineInput } from '../../electron/engine'
import { DEFAULT_ENGINE_SETTINGS } from '../../shared/trading/settings'
import { flat, MIN, order, step, T0 } from './helpers'

const bars = (t: number, btc: string): EngineInput => step(t, [['BTCUSDT', flat(btc)]])

describe('the list a quiet bar returns', () => {
  const eng = createEngine({ symbols: ['BTCUSDT'], settings: DEFAULT_ENGINE_SETTINGS })
  eng.apply(bars(T0, '20000'))
  eng.apply({
    kind: 'command',
    t: T0,
    command: order({ side: 'BUY', type: 'MARKET', quantity: '0.1' }),
  })
  eng.apply({
    kind: 'command',
    t: T0,
    command: order({
      side: 'SELL',
      type: 'LIMIT',
      quantity: '0.1',
      price: '20100',
      timeInForce: 'GTC',
    }),
  })
  const first = eng.apply(bars(T0 + MIN, '20010'))
  const second = eng.apply(bars(T0 + 2 * MIN, '20020'))

  it('is empty, frozen and shared between quiet bars', () => {
    expect(first).toEqual([])
    expect(Object.isFrozen(first)).toBe(true)
    expect(second).toBe(first)
  })

  it('refuses to be changed', () => {
    expect(() => (first as unknown[]).push({ type: 'orderAccepted' })).toThrow(TypeError)
    expect(eng.apply(bars(T0 + 3 * MIN, '20030'))).toEqual([])
  })

  it('is a fresh list when the bar has events', () => {
    const filled = eng.apply(bars(T0 + 4 * MIN, '20100'))
    expect(filled.map((e) => e.type)).toContain('orderFilled')
    expect(Object.isFrozen(filled)).toBe(false)
    expect(filled).not.toBe(first)
  })
})
