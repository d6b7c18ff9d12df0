/** Counts chart pixels of given colours, to prove candles were really painted. */
import type { Page } from '@playwright/test'

export async function countColouredPixels(
  page: Page,
  selector: string,
  colours: [number, number, number][],
  tolerance = 12,
): Promise<number[]> {
  return page.evaluate(
    ({ selector, colours, tolerance }) => {
      const counts = colours.map(() => 0)
      for (const canvas of document.querySelectorAll<HTMLCanvasElement>(`${selector} canvas`)) {
        const ctx = canvas.getContext('2d')
        if (!ctx || canvas.width === 0 || canvas.height === 0) continue
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data
        for (let i = 0; i < data.length; i += 4) {
          colours.forEach(([r, g, b], k) => {
            if (
              Math.abs(data[i]! - r) <= tolerance &&
              Math.abs(data[i + 1]! - g) <= tolerance &&
              Math.abs(data[i + 2]! - b) <= tolerance
            )
              counts[k]!++
          })
        }
      }
      return counts
    },
    { selector, colours, tolerance },
  )
}
