/**
 * risk/check.ts scopeKey: the margin-call levels' keys, one string per isolated symbol and side
 * (read at every segment end of a Decimal-path bar), with the text the state has always held.
 */
import { describe, expect, it } from 'vitest'
import { D } from '../../electron/engine/decimal'
import { scopeKey } from '../../electron/engine/risk/check'
import { crossPositionState } from './helpers'

describe('scopeKey', () => {
  it('names the scope as the state records it, the same string each time', () => {
    const p = { ...crossPositionState('ETHUSDT', 1, new D('1'), new D('1500')) }
    const iso = { kind: 'ISOLATED' as const, pos: { ...p, marginType: 'ISOLATED' as const } }
    expect(scopeKey({ kind: 'CROSSED' })).toBe('CROSS')
    expect(scopeKey(iso)).toBe('ISO:ETHUSDT:BOTH')
    expect(scopeKey({ ...iso, pos: { ...iso.pos, positionSide: 'SHORT' } })).toBe(
      'ISO:ETHUSDT:SHORT',
    )
    const again = scopeKey({ kind: 'ISOLATED', pos: { ...iso.pos } })
    expect(Object.is(again, scopeKey(iso))).toBe(true)
  })
})
