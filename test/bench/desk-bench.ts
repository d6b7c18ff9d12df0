/**
 * Desk replay benchmark (issue 6): the real renderer in Debian Chromium against the real
 * browser-mode host. Prints open-to-interactive time, bars/s painted at max speed (bars the
 * chart drew into its series, from the chart handle's `painted` count — not cursor progress,
 * which is printed beside it), frame time p95 while playing, and renderer heap growth over
 * >= 50,000 replayed bars. Times are printed with the machine's load average.
 */
import { createRequire } from 'node:module'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { chromiumExecutable } from '../e2e/support/chromium'
import { asReturningUser } from '../e2e/support/returning-user'
import { startWebHost } from '../e2e/support/web-host'
import { load } from './stats'

const UP: [number, number, number] = [14, 203, 129]

async function painted(page: Page): Promise<boolean> {
  return page.evaluate(([r, g, b]) => {
    for (const c of document.querySelectorAll<HTMLCanvasElement>('[data-testid="chart"] canvas')) {
      const ctx = c.getContext('2d')
      if (!ctx || !c.width) continue
      const d = ctx.getImageData(0, 0, c.width, c.height).data
      for (let i = 0; i < d.length; i += 4)
        if (d[i] === r && d[i + 1] === g && d[i + 2] === b) return true
    }
    return false
  }, UP)
}

/** Bars painted into the chart series since mount, over every chart on the page. */
async function paintedBars(page: Page): Promise<number> {
  return page.evaluate(() => {
    let n = 0
    for (const el of document.querySelectorAll('[data-testid="chart"]')) {
      const h = (el as HTMLElement & { __desk?: { stats(): { painted: number } } }).__desk
      n += h?.stats().painted ?? 0
    }
    return n
  })
}

async function cursor(page: Page): Promise<number> {
  const text = (await page.getByTestId('replay-cursor').textContent()) ?? ''
  return Number(/(\d+)\s*\//.exec(text)?.[1] ?? 0)
}

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? 0
}

export async function runDeskBench(): Promise<string[]> {
  // Kept out of the bundle: Playwright is a dev tool loaded from node_modules at run time.
  const { chromium } = createRequire(path.join(process.cwd(), 'package.json'))(
    '@playwright/test',
  ) as typeof import('@playwright/test')
  const host = await startWebHost(process.cwd())
  const browser = await chromium.launch({
    executablePath: chromiumExecutable(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--enable-precise-memory-info',
    ],
  })
  const lines: string[] = []
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await asReturningUser(page) // no first-launch briefing over the replay bar
    const cdp = await page.context().newCDPSession(page)
    const t0 = performance.now()
    await page.goto(host.url)
    while (!(await painted(page))) await page.waitForTimeout(10)
    lines.push(
      `open scenario → interactive chart: ${(performance.now() - t0).toFixed(0)} ms (target ≤ 1000) [${load()}]`,
    )

    await page.getByTestId('replay-speed').selectOption('max')
    await cdp.send('HeapProfiler.collectGarbage')
    const heap0 = (await cdp.send('Runtime.getHeapUsage')).usedSize
    await page.evaluate(() => {
      const w = window as unknown as { __frames: number[] }
      w.__frames = []
      let last = performance.now()
      const tick = (now: number) => {
        w.__frames.push(now - last)
        last = now
        requestAnimationFrame(tick)
      }
      requestAnimationFrame(tick)
    })
    const symbols = 2
    let barsTotal = 0
    let paintedTotal = 0
    let playMs = 0
    while (barsTotal < 50_000) {
      const c0 = await cursor(page)
      const p0 = await paintedBars(page)
      const s0 = performance.now()
      await page.getByTestId('replay-play').click()
      await page.waitForFunction(
        () => document.querySelector('[data-testid="replay-end"]') !== null,
        null,
        { timeout: 120_000, polling: 100 },
      )
      playMs += performance.now() - s0
      barsTotal += ((await cursor(page)) - c0) * symbols
      paintedTotal += (await paintedBars(page)) - p0
      if (barsTotal >= 50_000) break
      // Start the same scenario again from its replay start (a rewind re-folds the session;
      // Home goes to the scenario's replayFrom, after its day of history, not to bar 0).
      const end = await cursor(page)
      await page.keyboard.press('Home')
      await page.waitForTimeout(200)
      if ((await cursor(page)) >= end) break
    }
    const frames = await page.evaluate(() =>
      (window as unknown as { __frames: number[] }).__frames.slice(5),
    )
    await cdp.send('HeapProfiler.collectGarbage')
    const heap1 = (await cdp.send('Runtime.getHeapUsage')).usedSize
    lines.push(
      `max speed: ${((paintedTotal / playMs) * 1000).toFixed(0)} bars/s painted (${paintedTotal} bars drawn into the chart series over ${(playMs / 1000).toFixed(1)} s; target ≥ 100); ` +
        `replay advanced ${((barsTotal / playMs) * 1000).toFixed(0)} symbol-bars/s (${barsTotal} = cursor steps × ${symbols} symbols) [${load()}]`,
    )
    lines.push(
      `frame time while playing: p95 ${p95(frames).toFixed(1)} ms over ${frames.length} frames (target ≤ 20) [${load()}]`,
    )
    lines.push(
      `renderer heap growth: ${((heap1 - heap0) / 1e6).toFixed(1)} MB over ${barsTotal} bars (target < 50)`,
    )
  } finally {
    await browser.close()
    await host.stop()
  }
  return lines
}
