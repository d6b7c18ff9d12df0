/**
 * The chart's indicators compute only what is shown (a replay at max speed folds hundreds of
 * bars per frame), and a subset gives exactly the values the full set gives.
 */
import { describe, expect, it } from 'vitest'
import {
  IndicatorSet,
  type IndicatorId,
  type IndicatorPoint,
} from '../../renderer/src/composables/chart-indicators'

const bars = Array.from({ length: 120 }, (_, i) => {
  const c = 100 + 10 * Math.sin(i / 7) + (i % 5)
  return { t: i * 60_000, o: c - 1, h: c + 2, l: c - 3, c, v: 1 }
})
const ALL: IndicatorId[] = ['ma', 'ema', 'bb', 'atr']
const FIELDS: Record<IndicatorId, string[]> = {
  ma: ['ma'],
  ema: ['ema'],
  bb: ['bbUpper', 'bbMiddle', 'bbLower'],
  atr: ['atr'],
}

describe('chart indicators', () => {
  it.each(ALL)('%s alone: the same values as in the full set, and nothing else', (id) => {
    const full = IndicatorSet.over(bars, ALL).points
    const only = IndicatorSet.over(bars, [id]).points
    const pick = (p: IndicatorPoint, keys: string[]) => {
      const r = p as unknown as Record<string, number | undefined>
      return Object.fromEntries(keys.filter((k) => r[k] !== undefined).map((k) => [k, r[k]]))
    }
    expect(only.map((p) => pick(p, FIELDS[id]))).toEqual(full.map((p) => pick(p, FIELDS[id])))
    const others = ALL.filter((x) => x !== id).flatMap((x) => FIELDS[x])
    expect(only.every((p) => others.every((k) => !(k in p)))).toBe(true)
    // Stable values exist past the warm-up (EMA 50 needs 50 bars).
    expect(only.at(-1)![FIELDS[id][0] as 'ma']).toBeTypeOf('number')
  })

  it('nothing shown: points carry only their time', () => {
    expect(IndicatorSet.over(bars, []).points.at(-1)).toEqual({ t: bars.at(-1)!.t })
  })

  it('a bar still building replaces the last value instead of adding one', () => {
    const { set, points } = IndicatorSet.over(bars, ['ma'])
    const last = bars.at(-1)!
    const again = set.push({ ...last, c: last.c + 20 })
    expect(again.ma).toBeCloseTo(points.at(-1)!.ma! + 1, 9)
  })
})
