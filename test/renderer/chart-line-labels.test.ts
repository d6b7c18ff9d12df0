/** The trading-line label layout (issue 14 item 1): pinned off-scale labels, no overlaps. */
import { describe, expect, it } from 'vitest'
import {
  LABEL_H,
  layoutLabels,
  type LineLabel,
} from '../../renderer/src/composables/chart-line-labels'

// A pane of 400 px showing prices 100..200 (y = 0 at 200).
const yOf = (p: number) => ((200 - p) / 100) * 400
const range = { min: 100, max: 200 }
const lab = (price: number, text: string, short = text): LineLabel => ({
  price,
  text,
  short,
  color: '#fff',
})

describe('layoutLabels', () => {
  it('pins a line below the range at the bottom edge with an arrow and its distance', () => {
    const [liq] = layoutLabels([lab(95, 'LIQ 36.67%', 'LIQ')], yOf, range, 400, 150)
    expect(liq).toMatchObject({ pinned: 'bottom', text: 'LIQ ▼ 36.67%', bottom: 400, index: 0 })
  })

  it('pins a line above the range at the top edge', () => {
    const [tp] = layoutLabels([lab(300, 'TP')], yOf, range, 400, 150)
    expect(tp).toMatchObject({ pinned: 'top', text: 'TP ▲ 100.00%', top: 0 })
  })

  it('keeps a visible line at its price and pushes close labels apart', () => {
    const out = layoutLabels(
      [lab(150, 'LONG'), lab(150.5, 'BE'), lab(149.8, 'Mark'), lab(150.2, 'MA 20')],
      yOf,
      range,
      400,
      150,
    )
    expect(out.every((l) => l.pinned === null)).toBe(true)
    const sorted = [...out].sort((a, b) => a.top - b.top)
    for (let i = 1; i < sorted.length; i++)
      expect(sorted[i]!.top).toBeGreaterThanOrEqual(sorted[i - 1]!.bottom)
    // Order by price is kept: BE (highest) on top, Mark (lowest) at the bottom.
    expect(sorted.map((l) => l.text)).toEqual(['BE', 'MA 20', 'LONG', 'Mark'])
    expect(Math.abs(sorted[1]!.top + LABEL_H / 2 - yOf(150.2))).toBeLessThan(2 * LABEL_H)
  })

  it('stacks several pinned labels at one edge without overlap, all inside the pane', () => {
    const out = layoutLabels([lab(90, 'LIQ'), lab(80, 'SL'), lab(101, 'BE')], yOf, range, 400, 150)
    const sorted = [...out].sort((a, b) => a.top - b.top)
    expect(sorted.at(-1)!.bottom).toBe(400)
    for (let i = 1; i < sorted.length; i++)
      expect(sorted[i]!.top).toBeGreaterThanOrEqual(sorted[i - 1]!.bottom)
    expect(out.filter((l) => l.pinned === 'bottom')).toHaveLength(2)
  })

  it('hides an off-range series label (Mark after scrolling back) instead of pinning it', () => {
    const out = layoutLabels(
      [{ ...lab(90, 'Mark'), pin: false }, lab(90, 'LIQ')],
      yOf,
      range,
      400,
      150,
    )
    expect(out.map((l) => l.text)).toEqual(['LIQ ▼ 40.00%'])
  })
})
