/**
 * Briefings and key moments fit the data (issue 13.7): a crash window is told as a crash; the
 * calm week says it is calm and has no "top before the slide" or "rebound"; an imported folder
 * gets a neutral summary whatever its prices did; and no percentage quoted anywhere is
 * nonsense (a rebound is never "1370 % of the drop retraced").
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { importFiles, loadScenario } from '../../../electron/host/data'
import { symbolStats } from '../../../electron/host/data/stats'
import { RESOURCES, T0, tempDir, writeFile } from './support/fixtures'

const SCEN = path.join(RESOURCES, 'scenarios')
const index = JSON.parse(readFileSync(path.join(SCEN, 'index.json'), 'utf8')) as {
  scenarios: string[]
}
const CRASH_WORDS = /Top before the slide|First leg down|Rebound high|retraced|fell from/

/** Every "<number> %" quoted in a text. */
function percents(text: string): number[] {
  return [...text.matchAll(/(-?\d+(?:\.\d+)?) %/g)].map((m) => Number(m[1]))
}

function texts(info: { briefing: string; keyMoments: { label: string }[] }): string[] {
  return [info.briefing, ...info.keyMoments.map((k) => k.label)]
}

async function load(id: string, userDir = tempDir()) {
  return loadScenario(id, { resourcesDir: RESOURCES, userDir, cacheDir: tempDir() })
}

describe('briefings fit the data', () => {
  for (const id of index.scenarios) {
    it(`${id}: every percentage is a share of a price (|x| ≤ 100), moments are the data's`, async () => {
      const sc = await load(id)
      for (const t of texts(sc.info))
        for (const p of percents(t)) expect(Math.abs(p)).toBeLessThanOrEqual(100)
      const stats = sc.series.map(symbolStats)
      const lead = stats[0]!
      const calm = stats.every((s) => s.drawdown.pct > -15)
      if (calm) {
        expect(sc.info.briefing).toMatch(
          /A calm window: no symbol fell more than 15 % from a high\./,
        )
        for (const t of texts(sc.info)) expect(t).not.toMatch(CRASH_WORDS)
        expect(sc.info.keyMoments.map((k) => k.label)).toContain(
          `Low of the window: ${lead.symbol} ${lead.low.price.toLocaleString('en-US', { maximumFractionDigits: 8 })}`,
        )
      } else {
        expect(sc.info.briefing).not.toMatch(/calm/i)
        expect(sc.info.briefing).toContain(`fell from`)
        expect(sc.info.keyMoments.some((k) => k.label.startsWith('The low:'))).toBe(true)
      }
    })
  }

  it('the bundled calm week is told as calm', async () => {
    const sc = await load('calm-2025-05')
    expect(sc.info.briefing).toContain('A calm window')
    expect(sc.info.briefing).not.toMatch(CRASH_WORDS)
  })
})

/** Binance 1m klines (12 columns): a given close path, high/low one unit around open/close. */
function klines(closes: number[], t0 = T0): string {
  let prev = closes[0]!
  return (
    closes
      .map((c, i) => {
        const t = t0 + i * 60_000
        const o = prev
        prev = c
        const h = Math.max(o, c) + 1
        const l = Math.min(o, c) - 1
        return `${t},${o},${h},${l},${c},10,${t + 59_999},1000,5,5,500,0`
      })
      .join('\n') + '\n'
  )
}

async function importCloses(closes: number[]) {
  const dir = tempDir('pd-brief-src-')
  writeFile(dir, 'futures/um/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2024-01-01.csv', klines(closes))
  const userDir = tempDir('pd-brief-user-')
  const rep = await importFiles([dir], { userDir })
  expect(rep.errors).toEqual([])
  return (await load(rep.scenarioId!, userDir)).info
}

describe('imported data gets a neutral, computed summary', () => {
  it('a small dip then a rally far above the start: no "retraced" share above 100 %', async () => {
    // 100 → 95 over 50 minutes, then up to 170: the old crash-style text called 95 "the low"
    // after a 6 % "slide" and the rally "1370 % of the drop retraced".
    const closes = [
      ...Array.from({ length: 50 }, (_, i) => 100 - i * 0.1),
      ...Array.from({ length: 300 }, (_, i) => 95 + i * 0.25),
    ]
    const info = await importCloses(closes)
    for (const t of texts(info)) {
      expect(t).not.toMatch(CRASH_WORDS)
      for (const p of percents(t)) expect(Math.abs(p)).toBeLessThanOrEqual(100)
    }
    expect(info.briefing).toContain('A calm window')
    expect(info.briefing).toMatch(/BTCUSDT \(imported\) traded between 94 \(.*\) and 170\.75 \(/)
    expect(info.keyMoments.map((k) => k.label)).toEqual(
      expect.arrayContaining([
        'Low of the window: BTCUSDT 94',
        'High of the window: BTCUSDT 170.75',
      ]),
    )
  })

  it('an imported crash is summarised with its deepest fall, not told as a story', async () => {
    const closes = [
      ...Array.from({ length: 100 }, () => 100),
      ...Array.from({ length: 100 }, (_, i) => 100 - i * 0.5),
      ...Array.from({ length: 100 }, (_, i) => 50.5 + i * 0.1),
    ]
    const info = await importCloses(closes)
    expect(info.briefing).not.toMatch(CRASH_WORDS)
    expect(info.briefing).not.toContain('A calm window')
    expect(info.briefing).toMatch(/its deepest fall from a high was -50\.\d+ % \(101 → 49\.5, /)
    for (const t of texts(info))
      for (const p of percents(t)) expect(Math.abs(p)).toBeLessThanOrEqual(100)
  })
})
