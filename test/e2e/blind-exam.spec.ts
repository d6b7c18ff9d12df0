/**
 * Issue 13.4 / 10.5: a blind exam shows one consistent disguise — aliases, shifted dates,
 * rescaled prices — on the header, the ticket, its preview, the positions and the session
 * list; every message the page received while it ran is free of the real names, dates and
 * price levels; Finish reveals them.
 */
import { expect as baseExpect, test } from './support/fixtures'

const expect = baseExpect.configure({ timeout: 15_000 })
test.use({ coach: 'off' })

/** Real names and years that must not show in a running blind exam. */
const REAL_WORDS = /BTC|ETH|FTX|(?<![\d.,])(?:2022|1970)(?![\d.,])/

test('a blind exam hides names, dates and price levels everywhere, and the review reveals them', async ({
  page,
  host,
}) => {
  const received: string[] = []
  const askedFor = new Map<number, string | undefined>() // request id → its sessionId
  let examRunning = false
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => {
      const m = JSON.parse(String(f.payload)) as { id?: number; params?: { sessionId?: string } }
      if (m.id !== undefined) askedFor.set(m.id, m.params?.sessionId)
    })
    ws.on('framereceived', (f) => {
      if (examRunning) received.push(String(f.payload))
    })
  })
  await page.goto(host.url.replace('/#', '/?fresh#'))
  await expect(page.getByTestId('last-price')).not.toHaveText('—', { timeout: 20_000 })

  await page.getByTestId('scenario-button').click()
  await page.getByTestId('scenario-ftx-2022-11').click()
  await page.getByTestId('new-mode-exam').check()
  await page.getByTestId('new-blind').check()
  examRunning = true
  await page.getByTestId('scenario-start').click()
  await expect(page.getByTestId('session-mode')).toHaveText('exam')
  await expect(page.getByTestId('desk-header')).toContainText('COINA')
  for (let i = 0; i < 3; i++) await page.getByTestId('replay-step10').click()
  await expect(page.getByTestId('replay-clock')).toContainText('2000-01-')

  // a protected entry in shown prices: it fills, the stop lands where it was typed
  const last = Number((await page.getByTestId('last-price').innerText()).replace(/,/g, ''))
  await page.getByTestId('ticket-tab-MARKET').click()
  await page.getByTestId('ticket-size').fill((300 / last).toFixed(4))
  await page.getByTestId('ticket-tpsl').check()
  await page.getByTestId('ticket-sl').fill((last * 0.97).toFixed(2))
  await page.getByTestId('ticket-buy').click()
  await expect(page.getByTestId('positions-table')).toContainText('COIN')
  await page.getByTestId('ticket-tab-LIMIT').click()
  await page.getByTestId('ticket-price').fill((last * 0.99).toFixed(2))
  await page.getByTestId('ticket-size').fill((200 / last).toFixed(4))
  await page.waitForTimeout(800) // the preview (cost, liquidation price) arrives
  await page.screenshot({ path: 'test-results/blind-exam-desk.png' })
  const desk = await page.locator('body').innerText()
  // a year as a word, not the digits 2022 inside a rescaled price such as 12,022.3
  expect(desk).not.toMatch(REAL_WORDS)

  // the exam's row in the session list (the earlier practice session is the user's own)
  await page.getByTestId('sessions-button').click()
  const row = page.locator('tr', { hasText: 'exam · blind' })
  await expect(row).toContainText('2000-01-')
  const list = await row.innerText()
  expect(list).not.toMatch(REAL_WORDS)
  await page.screenshot({ path: 'test-results/blind-exam-session-list.png' })
  await page.keyboard.press('Escape')

  // Finish lifts the mask: the real names and the real price levels come back
  examRunning = false
  await page.getByTestId('replay-finish').click()
  await expect(page.getByTestId('desk-header')).toContainText('BTCUSDT')
  await expect(page.getByTestId('desk-header')).toContainText('FTX')
  await expect(page.getByTestId('last-price')).not.toHaveText('—')
  const realLast = Number((await page.getByTestId('last-price').innerText()).replace(/,/g, ''))
  expect(realLast).toBeGreaterThan(1000)
  await page.screenshot({ path: 'test-results/blind-exam-revealed.png' })

  // nothing the page received during the exam carried a real name, date or price level
  const lo = realLast * 0.9
  const hi = realLast * 1.1
  // the exam's own messages: answers to requests about it (or naming no session), pushes
  // about it, and its own row of a session list (the other rows are the user's own sessions)
  const examId = /"id":"([a-z0-9-]+)","name":"Blind exam/.exec(received.join('\n'))![1]!
  const ofExam = received.flatMap((raw) => {
    const m = JSON.parse(raw) as { id?: number; result?: { value?: unknown }; payload?: unknown }
    if (m.id !== undefined) {
      const sid = askedFor.get(m.id)
      if (sid && sid !== examId) return []
      const v = m.result?.value
      if (Array.isArray(v) && v.some((x) => x && typeof x === 'object' && 'scenarioTitle' in x))
        return [JSON.stringify(v.filter((x: { id: string }) => x.id === examId))]
      return [raw]
    }
    return raw.includes(examId) ? [raw] : []
  })
  expect(ofExam.length).toBeGreaterThan(10)
  const leaks: string[] = []
  for (const msg of ofExam) {
    if (/BTC|ETH|FTX|20(22|23)-\d\d-\d\d/.test(msg)) leaks.push(msg.slice(0, 120))
    // bar volumes are rescaled quantities, not prices: one may land in the band by chance
    for (const tok of msg.replace(/"v":[\d.]+/g, '').match(/\d+(\.\d+)?/g) ?? []) {
      const n = Number(tok)
      if (n >= lo && n <= hi) leaks.push(`${tok} in ${msg.slice(0, 400)}`)
    }
  }
  expect(leaks.slice(0, 5)).toEqual([])
  expect(Math.abs(last / realLast - 1)).toBeGreaterThan(0.15)
})
