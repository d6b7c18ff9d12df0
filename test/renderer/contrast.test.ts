/**
 * Issue 14 item 8: WCAG AA contrast (4.5:1 for text) of both themes' key text colours on the
 * surfaces text sits on, read from the stylesheet itself (no copy of the colours here), plus
 * the chart's axis text and the liquidation label. Formula: WCAG 2.1 relative luminance.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { PALETTES } from '../../renderer/src/composables/chart-theme'

const css = readFileSync(path.join(__dirname, '../../renderer/src/styles/base.css'), 'utf8')

function themeVars(selector: string): Record<string, string> {
  const start = css.indexOf(selector)
  const body = css.slice(css.indexOf('{', start) + 1, css.indexOf('}', start))
  const out: Record<string, string> = {}
  for (const m of body.matchAll(/--([a-z0-9-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)) out[m[1]!] = m[2]!
  return out
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
  const f = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
  return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!)
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

const TEXT = ['text', 'muted', 'faint', 'up', 'down', 'amber', 'info', 'accent-fg']
const SURFACES = ['bg', 'panel', 'panel-2']

describe('WCAG AA contrast of the key text colours', () => {
  it('knows the formula (black on white is 21:1, the issue’s #F0B90B on white 1.8:1)', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrast('#f0b90b', '#ffffff')).toBeCloseTo(1.8, 1)
  })

  for (const [theme, selector] of [
    ['dark', ":root[data-theme='dark']"],
    ['light', ":root[data-theme='light']"],
  ] as const) {
    it(`${theme}: every text colour is ≥ 4.5:1 on every surface`, () => {
      const v = themeVars(selector)
      const low: string[] = []
      for (const t of TEXT)
        for (const s of SURFACES) {
          expect(v[t], `--${t} in ${theme}`).toMatch(/^#/)
          const r = contrast(v[t]!, v[s]!)
          if (r < 4.5) low.push(`--${t} on --${s}: ${r.toFixed(2)}`)
        }
      expect(low).toEqual([])
      // Primary buttons: their text on the accent.
      expect(contrast(v['accent-text']!, v.accent!)).toBeGreaterThanOrEqual(4.5)
    })

    it(`${theme}: the chart's axis text and LIQ label are ≥ 4.5:1 on the chart`, () => {
      const p = PALETTES[theme]
      expect(contrast(p.text, p.bg)).toBeGreaterThanOrEqual(4.5)
      expect(contrast(p.amber, p.bg)).toBeGreaterThanOrEqual(4.5)
      // the alert lines' labels (issue 14 item 11)
      expect(contrast(p.alert, p.bg)).toBeGreaterThanOrEqual(4.5)
      // the drawings' labels (issue 14 item 7)
      expect(contrast(p.draw, p.bg)).toBeGreaterThanOrEqual(4.5)
    })
  }
})
