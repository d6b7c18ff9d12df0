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
