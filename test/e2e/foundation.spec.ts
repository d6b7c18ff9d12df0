import { countColouredPixels } from './support/canvas'
import { expect, test } from './support/fixtures'

const UP: [number, number, number] = [14, 203, 129] // #0ecb81
const DOWN: [number, number, number] = [246, 70, 93] // #f6465d

test('the desk opens on the bundled crash scenario and paints real candles', async ({
  page,
  host,
}) => {
  await page.goto(host.url)
  const chart = page.getByTestId('chart')
  await expect(chart.locator('canvas').first()).toBeVisible()
  await expect
    .poll(
      async () =>
        Math.min(...(await countColouredPixels(page, '[data-testid="chart"]', [UP, DOWN]))),
      {
        timeout: 15_000,
      },
    )
    .toBeGreaterThan(200)
  await page.screenshot({ path: 'test-results/foundation-desk.png' })
})

test('a request/response round trip and a pushed event travel over the loopback socket', async ({
  page,
  host,
}) => {
  await page.goto(host.url)
  const result = await page.evaluate(async (token) => {
    const ws = new WebSocket(`ws://${location.host}/ws`, ['perpdojo', `token.${token}`])
    await new Promise((resolve, reject) => {
      ws.onopen = resolve
      ws.onerror = reject
    })
    const frames: unknown[] = []
    const done = new Promise<void>((resolve) => {
      ws.onmessage = (ev) => {
        frames.push(JSON.parse(String(ev.data)))
        if (frames.length === 2) resolve()
      }
    })
    ws.send(
      JSON.stringify({ id: 7, method: 'app:ping', params: { echo: 'hello desk', notify: true } }),
    )
    await done
    ws.close()
    return frames
  }, host.token)
  expect(result).toContainEqual({ id: 7, result: { ok: true, value: { echo: 'hello desk' } } })
  expect(result).toContainEqual({
    push: 'app:notice',
    payload: { level: 'info', message: 'hello desk' },
  })
})
