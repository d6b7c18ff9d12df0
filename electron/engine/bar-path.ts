/**
 * The assumed price path inside one bar (exchange-rules.md §5, §6; nautilus_trader's
 * `bar_adaptive_high_low_ordering`): open → nearer extreme → farther extreme → close.
 * The high comes first only when |H − O| < |L − O|; ties go low first (the pessimistic
 * choice for longs, as nautilus does). The *last-price* bar decides the ordering and the
 * mark-price bar of the same step follows the same ordering, so both streams walk their
 * own four points in lockstep; inside a segment prices move linearly, which is what
 * orders two triggers that fall in the same segment (see docs/engine.md).
 */
import type { Bar } from '../../shared/market'
import { EngineInvariantError } from './errors'

/** A bar must be finite and positive; open/close outside [low, high] widen the range. */
export function sane(b: Bar, what: string): Bar {
  // the common case in one chain of comparisons (NaN fails each): positive, finite, ordered
  if (
    0 < b.l &&
    b.l <= b.o &&
    b.o <= b.h &&
    b.l <= b.c &&
    b.c <= b.h &&
    b.h < Infinity &&
    b.v >= 0 &&
    b.v < Infinity
  )
    return b
  for (const x of [b.o, b.h, b.l, b.c])
    if (!(Number.isFinite(x) && x > 0))
      throw new EngineInvariantError(`${what} bar has a bad price: ${x}`)
  if (!Number.isFinite(b.v) || b.v < 0)
    throw new EngineInvariantError(`${what} bar has a bad volume`)
  if (b.l <= Math.min(b.o, b.c) && b.h >= Math.max(b.o, b.c)) return b
  return { ...b, h: Math.max(b.h, b.o, b.c), l: Math.min(b.l, b.o, b.c) }
}

export function highFirst(o: number, h: number, l: number): boolean {
  return Math.abs(h - o) < Math.abs(l - o)
}

/** The four path points [open, first extreme, second extreme, close]. */
export function pathPoints(
  o: number,
  h: number,
  l: number,
  c: number,
  hiFirst: boolean,
): [number, number, number, number] {
  return hiFirst ? [o, h, l, c] : [o, l, h, c]
}

/**
 * Fraction in [from, 1] of the segment a→b at which the price first reaches `level`
 * moving in direction dir ('down': price ≤ level, 'up': price ≥ level), or null.
 */
export function crossingFraction(
  a: number,
  b: number,
  dir: 'up' | 'down',
  level: number,
  from: number,
): number | null {
  const p = a + (b - a) * from
  if (dir === 'down') {
    if (p <= level) return from
    if (b > level) return null
  } else {
    if (p >= level) return from
    if (b < level) return null
  }
  const f = (a - level) / (a - b)
  return f < from ? from : f > 1 ? 1 : f
}
