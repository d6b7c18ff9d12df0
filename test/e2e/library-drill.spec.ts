/**
 * The crash library drill: open every bundled scenario from the desk's library, check its
 * symbols (with each coarse symbol's true resolution in the header), then play to its first key
 * moment after the replay start through the key-moment menu and see the replay reach it.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { expect, test } from './support/fixtures'
import { record } from './support/coach'

const SCEN = path.resolve(__dirname, '../../resources/scenarios')
const index = JSON.parse(readFileSync(path.join(SCEN, 'index.json'), 'utf8')) as {
  scenarios: string[]
}

test('every bundled scenario opens and plays to its first key moment', async ({ page, host }) => {
  test.setTimeout(240_000)
  const tape = record(page)
  await page.goto(host.url.replace('/#', '/?fresh#'))
  await expect(page.getByTestId('last-price')).not.toHaveText('—', { timeout: 20_000 })
  for (const id of index.scenarios) {
    const m = JSON.parse(readFileSync(path.join(SCEN, id, 'scenario.json'), 'utf8')) as {
      title: string
      start: number
      replayFrom?: number
      symbols: { symbol: string; last: { step: string } }[]
      keyMoments: { t: number; label: string }[]
    }
    await page.getByTestId('scenario-button').click()
    await page.getByTestId(`scenario-${id}`).click()
    await page.getByTestId('scenario-start').click()
    await expect(page.getByTestId('scenario-picker')).toHaveCount(0)
    await expect(page.getByTestId('scenario-button')).toContainText(m.title.slice(0, 12))
    for (const s of m.symbols) {
      await expect(page.getByTestId(`symbol-${s.symbol}`)).toBeVisible()
      if (s.last.step !== '1m')
        await expect(page.getByTestId(`resolution-${s.symbol}`)).toHaveText(s.last.step)
      else await expect(page.getByTestId(`resolution-${s.symbol}`)).toHaveCount(0)
    }
    const created = tape.answers.filter((a) => a.method === 'session:create').at(-1)!.value as {
      status: { t: number }
    }
    const first = m.keyMoments.find((k) => k.t > created.status.t)!
    expect(first, `${id} has a key moment after its replay start`).toBeDefined()
    const frames = tape.frames.length
    await page.getByTestId('replay-moment').selectOption(String(first.t))
    await expect
      .poll(() => tape.frames.slice(frames).some((f) => f.status.t >= first.t), {
        timeout: 60_000,
      })
      .toBe(true)
    if (id === 'black-thursday-2020-03')
      await page.screenshot({ path: 'test-results/library-black-thursday.png' })
  }
})
