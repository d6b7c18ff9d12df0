import { describe, expect, it } from 'vitest'
import {
  hitsDrawing,
  measureLabel,
  type PlacedDrawing,
} from '../../renderer/src/composables/chart-drawings'

const placed = (kind: PlacedDrawing['kind'], points: [number, number][]): PlacedDrawing => ({
  id: 'd',
  kind,
  points: points.map(([x, y]) => ({ x, y })),
  label: '',
  selected: false,
})

describe('chart drawings', () => {
  it('measure label: exact Δ price on the tick, Δ %, bars', () => {
    expect(measureLabel({ t: 0, price: '20000' }, { t: 1, price: '19000.1' }, 33, 1)).toBe(
      '-999.9 (-5.00%) · 33 bars',
    )
    expect(measureLabel({ t: 0, price: '0.1' }, { t: 1, price: '0.3' }, 1, 4)).toBe(
      '+0.2000 (+200.00%) · 1 bar',
    )
  })

  it('hit-tests by pixel distance: lines within 6 px, boxes inside, rays only forward', () => {
    expect(hitsDrawing(placed('hline', [[10, 100]]), { x: 500, y: 105 })).toBe(true)
    expect(hitsDrawing(placed('hline', [[10, 100]]), { x: 500, y: 108 })).toBe(false)
    const seg: [number, number][] = [
      [0, 0],
      [100, 100],
    ]
    expect(hitsDrawing(placed('trend', seg), { x: 50, y: 54 })).toBe(true)
    expect(hitsDrawing(placed('trend', seg), { x: 150, y: 150 })).toBe(false)
    expect(hitsDrawing(placed('ray', seg), { x: 150, y: 150 })).toBe(true)
    expect(hitsDrawing(placed('ray', seg), { x: -50, y: -50 })).toBe(false)
    expect(hitsDrawing(placed('rect', seg), { x: 40, y: 70 })).toBe(true)
    expect(hitsDrawing(placed('measure', seg), { x: 120, y: 50 })).toBe(false)
  })
})
