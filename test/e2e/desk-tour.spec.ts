/**
 * A tour of the desk's dialogs and themes against the real host, with screenshots:
 * crash library with briefings, leverage dialog, keyboard overlay, light theme, coach tab,
 * and a keyboard-driven replay (Space, →, N, 1–6).
 */
import { expect as baseExpect, test } from './support/fixtures'

const expect = baseExpect.configure({ timeout: 15_000 })

test('dialogs, themes and the keyboard map on the real desk', async ({ page, host }) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(host.url.replace('/#', '/?fresh#'))
  await expect(page.getByTestId('last-price')).not.toHaveText('—')

  // Crash library with briefings.
  await page.getByTestId('scenario-button').click()
  await expect(page.getByTestId('scenario-picker')).toBeVisible()
  await page.getByTestId('scenario-liquidations-2025-10').click()
  await expect(page.getByTestId('scenario-briefing')).not.toBeEmpty()
  await page.screenshot({ path: 'test-results/desk-tour-scenario-picker.png' })
  await page.getByTestId('modal-close').click()

  // Leverage dialog: slider, presets, max position line.
  await page.getByTestId('leverage-button').click()
  await expect(page.getByTestId('leverage-dialog')).toBeVisible()
  await page.getByTestId('leverage-slider').fill('50')
  await expect(page.getByTestId('leverage-input')).toHaveValue('50x')
  // The bracket cap at 50x, from the engine (order:preview without a size).
  await expect(page.getByTestId('leverage-max-position')).toContainText('USDT')
  await page.screenshot({ path: 'test-results/desk-tour-leverage.png' })
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('leverage-dialog')).toHaveCount(0)

  // Keyboard: 4 → 1h, → steps a bar, Space plays and pauses, ? shows the overlay.
  const cursor = async () =>
    Number(/^(\d+)/.exec((await page.getByTestId('replay-cursor').innerText()).trim())?.[1])
  const c0 = await cursor()
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('4')
  await expect(page.getByTestId('tf-1h')).toHaveClass(/on/)
  await page.keyboard.press('ArrowRight')
  await expect.poll(cursor).toBe(c0 + 1)
  await page.keyboard.press('Shift+ArrowRight')
  await expect.poll(cursor).toBe(c0 + 11)
  await page.keyboard.press('Space')
  await expect(page.getByTestId('replay-play')).toHaveAttribute('data-playing', 'true')
  await page.keyboard.press('Space')
  await expect(page.getByTestId('replay-play')).toHaveAttribute('data-playing', 'false')
  await page.keyboard.press('Shift+?')
  await expect(page.getByTestId('shortcuts')).toBeVisible()
  await page.screenshot({ path: 'test-results/desk-tour-shortcuts.png' })
  await page.keyboard.press('Escape')

  // A position, in the light theme, with the coach tab open.
  await page.getByTestId('ticket-tab-MARKET').click()
  await page.getByTestId('ticket-size').fill('0.3')
  await page.getByTestId('ticket-buy').click()
  await expect(page.getByTestId('position-BTCUSDT-BOTH')).toBeVisible()
  await page.getByTestId('theme-toggle').click()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
  await page.screenshot({ path: 'test-results/desk-tour-light.png' })
  await page.getByTestId('tab-coach').click()
  await expect(page.getByTestId('coach-dock')).toBeVisible()
  await page.screenshot({ path: 'test-results/desk-tour-coach.png' })
  await page.getByTestId('theme-toggle').click()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')

  // Indicators (trading-signals): EMA, Bollinger and ATR in its own pane, on 5m after a while.
  await page.getByTestId('tab-positions').click()
  await page.getByTestId('tf-5m').click()
  await page.getByTestId('replay-speed').selectOption('1000')
  await page.getByTestId('replay-play').click()
  await expect.poll(cursor, { timeout: 30_000 }).toBeGreaterThan(1500)
  await page.getByTestId('replay-play').click()
  for (const id of ['ema', 'bb', 'atr']) await page.getByTestId(`ind-${id}`).click()
  await page.screenshot({ path: 'test-results/desk-tour-indicators.png' })

  // A blind exam hides names, dates and price levels (blind-exam.spec.ts drills it).
  await page.getByTestId('scenario-button').click()
  await page.getByTestId('scenario-celsius-2022-06').click()
  await page.getByTestId('new-mode-exam').check()
  await page.getByTestId('new-blind').check()
  await page.getByTestId('scenario-start').click()
  await expect(page.getByTestId('session-mode')).toHaveText('exam')
  await expect(page.getByTestId('replay-clock')).toContainText('2000-01-')
  await expect(page.getByTestId('desk-header')).not.toContainText('Celsius')
  await page.screenshot({ path: 'test-results/desk-tour-blind-exam.png' })
})
