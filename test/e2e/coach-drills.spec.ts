/**
 * Risk-coach drills (issue 7) against the real host, engine and coach (browser mode, the
 * coach as shipped: the "Coach" profile on). Each drill acts through the screen, checks what
 * the screen shows against the host's own answers (the page's socket traffic and a second
 * socket asking the host directly), and saves a screenshot test-results/coach-*.png.
 */
import Decimal from 'decimal.js'
import type { CandleSet } from '../../shared/contract'
import type { GuardrailHit, SessionReport, StressReport } from '../../shared/contract/coach'
import { pct, usdt } from '../../renderer/src/format/decimal-format'
import { countColouredPixels } from './support/canvas'
import {
  coachTab,
  hostCall,
  lastAnswer,
  market,
  openDesk,
  openPositions,
  record,
  setLeverage,
  step10,
} from './support/coach'
import { expect as baseExpect, test } from './support/fixtures'

// Shared 2-core machine: allow slow screens.
const expect = baseExpect.configure({ timeout: 15_000 })

test.use({ coach: 'on', viewport: { width: 1440, height: 1000 } })

const toastWith = (page: import('@playwright/test').Page, title: string) =>
  page.getByTestId('toast').filter({ has: page.locator('strong', { hasText: title }) })

test('coach drill 1: a guardrail blocks a 20x order ~10x equity without a stop', async ({
  page,
  host,
}) => {
  const tape = record(page)
  await page.setViewportSize({ width: 1440, height: 1500 }) // room for the coach dock
  await openDesk(page, host.url)
  await setLeverage(page, 20) // at the cap: allowed
  const account = tape.accounts.at(-1)!
  const equity = Number(account.marginBalance)
  const last = Number((await page.getByTestId('last-price').innerText()).replace(/,/g, ''))
  expect(last).toBeGreaterThan(0)
  const qty = (Math.ceil(((10 * equity) / last) * 1000) / 1000).toFixed(3)

  const ack = await market(page, tape, 'buy', qty)
  expect(ack.accepted).toBe(false)
  expect(ack.rejection).toMatchObject({ name: 'GUARDRAIL', code: -9001 })
  expect(ack.events).toEqual([])
  expect(openPositions(ack.account)).toEqual([])

  // The host's record of the hit, asked over a second socket.
  const hits = await hostCall<GuardrailHit[]>(page, host.token, 'coach:hits', {
    sessionId: tape.sessionId,
  })
  const hit = hits.find((h) => h.rule === 'stopRequired')
  expect(hit, `stopRequired hit among ${JSON.stringify(hits)}`).toBeTruthy()
  expect(hit!.severity).toBe('block')
  expect(hit!.message).toBe(ack.rejection!.message)
  expect(Number(hit!.details?.leverage)).toBeGreaterThan(5)
  expect(tape.hits.map((h) => h.message)).toContain(hit!.message)

  // On screen: the coach toast names the rule, with the host's message; no position row.
  const toast = toastWith(page, 'Coach: Stop required')
  await expect(toast).toBeVisible()
  await expect(toast).toContainText(hit!.message)
  await expect(toastWith(page, 'Rejected (-9001)')).toContainText(hit!.message)
  await page.getByTestId('tab-positions').click()
  await expect(page.getByTestId('tab-positions')).toHaveText('Positions (0)')
  await expect(page.locator('[data-testid^="position-BTCUSDT"]')).toHaveCount(0)

  // The coach's guardrail hit list (session report) shows it.
  await coachTab(page, 'report')
  await page.getByTestId('report-refresh').click()
  const items = page.getByTestId('report-hits').locator('li')
  await expect(items).toHaveCount(hits.length)
  await expect(items.filter({ hasText: 'Stop required' })).toContainText(hit!.message)
  await page.getByTestId('report-hits').scrollIntoViewIfNeeded()
  console.log(`coach drill 1: buy ${qty} BTC at 20x (equity ${equity}) → ${hit!.message}`)
  await page.screenshot({ path: 'test-results/coach-guardrail-block.png' })
})

test('coach drill 2: the bottom line closes everything and pauses on the FTX crash', async ({
  page,
  host,
}) => {
  test.setTimeout(180_000)
  const tape = record(page)
  await openDesk(page, host.url)
  const snap = lastAnswer<{ summary: { scenarioId: string }; account: { marginBalance: string } }>(
    tape,
    'session:create',
  )!
  expect(snap.summary.scenarioId).toBe('ftx-2022-11')
  const start = Number(snap.account.marginBalance)

  // Jump to the first leg down (key moment), through the engine.
  const moment = page.getByTestId('replay-moment')
  const first = await moment.locator('option', { hasText: 'First leg down' }).getAttribute('value')
  const frames = tape.frames.length
  await moment.selectOption(first!)
  await expect
    .poll(() => tape.frames.slice(frames).some((f) => f.status.t >= Number(first)), {
      timeout: 60_000,
    })
    .toBe(true)

  // 5x cross, ~4.5x equity long: no stop needed (≤ 5x), ~5.6 % down takes 25 % of equity.
  await setLeverage(page, 5)
  const last = Number(tape.frames.at(-1)!.bars.find((b) => b.symbol === 'BTCUSDT')!.last.c)
  const qty = (Math.floor(((4.5 * start) / last) * 1000) / 1000).toFixed(3)
  const ack = await market(page, tape, 'buy', qty)
  expect(ack.accepted, JSON.stringify(ack.rejection)).toBe(true)
  await expect(page.getByTestId('position-BTCUSDT-BOTH')).toBeVisible()

  await page.getByTestId('replay-speed').selectOption('max')
  const isBottom = (h: GuardrailHit) => h.rule === 'bottomLine' && h.severity === 'action'
  const stops: string[] = []
  for (let i = 0; i < 6 && !tape.hits.some(isBottom); i++) {
    // Wait for this run's own pause (a frame after the click with playing: false), not the
    // button's state before the host answered the click.
    const before = tape.frames.length
    const hitsBefore = tape.hits.length
    await page.getByTestId('replay-play').click()
    await expect
      .poll(() => tape.frames.slice(before).some((f) => !f.status.playing), { timeout: 90_000 })
      .toBe(true)
    await expect(page.getByTestId('replay-play')).toHaveAttribute('data-playing', 'false')
    if (await page.getByTestId('replay-end').isVisible()) break
    // Every pause on the way is one of the coach's actions (the 10 % daily-loss lock pauses
    // first, as shipped).
    const mine = tape.hits.slice(hitsBefore).filter((h) => h.severity === 'action')
    expect(mine.length, 'a coach action paused the replay').toBeGreaterThan(0)
    stops.push(mine.map((h) => h.rule).join('+'))
  }
  const hit = tape.hits.find(isBottom)
  expect(hit, `bottom-line hit; pauses: ${stops.join(' | ')}`).toBeTruthy()

  // The host closed everything (journaled host commands, announced in a frame) and paused.
  await expect.poll(() => openPositions(tape.accounts.at(-1)).length).toBe(0)
  const status = tape.frames.at(-1)!.status
  expect(status.playing).toBe(false)
  expect(status.atEnd).toBe(false)
  await expect(page.getByTestId('replay-play')).toHaveAttribute('data-playing', 'false')
  const cursor = status.cursor
  await page.waitForTimeout(1500)
  expect(tape.frames.at(-1)!.status.cursor, 'the replay stays paused').toBe(cursor)

  const closes = tape.events.filter(
    (e) => e.type === 'orderFilled' && e.t >= hit!.t && e.order.side === 'SELL',
  )
  expect(closes.length, 'a sell closed the long at the line').toBeGreaterThan(0)
  const hits = await hostCall<GuardrailHit[]>(page, host.token, 'coach:hits', {
    sessionId: tape.sessionId,
  })
  expect(hits.filter(isBottom)).toHaveLength(1)
  expect(hits.find(isBottom)!.message).toBe(hit!.message)

  // Screen: no position, bottom-line toast, equity the host reports, close to the line.
  const acct = tape.accounts.at(-1)!
  await page.getByTestId('tab-positions').click()
  await expect(page.getByTestId('tab-positions')).toHaveText('Positions (0)')
  await expect(page.getByTestId('position-BTCUSDT-BOTH')).toHaveCount(0)
  await expect(toastWith(page, 'Coach: Bottom line')).toContainText(hit!.message)
  const shown = page.getByTestId('account-margin-balance')
  await expect(shown).toHaveAttribute('data-value', acct.marginBalance)
  await expect(shown).toHaveText(usdt(acct.marginBalance))
  await expect(page.getByTestId('account-wallet')).toHaveAttribute('data-value', acct.walletBalance)
  // When: the first bar whose close leaves the engine's margin balance (mark-based: wallet +
  // size × (mark − entry) for this one cross position) at or below the line, from the
  // session's own revealed candles.
  const line = start * 0.75
  const opened = tape.events.find((e) => e.type === 'orderFilled' && e.order.side === 'BUY')!
  if (opened.type !== 'orderFilled') throw new Error('no opening fill')
  const held = tape.accounts.find((a) => openPositions(a).length === 1)!
  const pos = openPositions(held)[0]!
  const candles = await hostCall<CandleSet>(page, host.token, 'session:candles', {
    sessionId: tape.sessionId,
    symbol: 'BTCUSDT',
    timeframe: '1m',
  })
  const wallet = Number(held.walletBalance)
  const eqAt = (m: number) => wallet + Number(pos.size) * (m - Number(pos.entryPrice))
  const crossing = candles.mark.find((b) => b.t >= opened.t && eqAt(b.c) <= line)
  // The hit carries the replay time: the crossing bar's close (issue 13.8: one convention),
  // the stamp the engine gives that bar and the account view after it.
  expect(crossing!.t + 60_000, 'the coach acted at the first bar that crossed the line').toBe(
    hit!.t,
  )
  const atHit = tape.accounts.find((a) => a.t === hit!.t && openPositions(a).length === 1)
  expect(atHit, `the engine's account at the crossing bar's close`).toBeTruthy()
  const eqHit = Number(atHit!.marginBalance)
  expect(Math.abs(eqHit - eqAt(crossing!.c))).toBeLessThan(0.01)
  expect(hit!.details?.equity).toBe(eqHit.toFixed(2))
  expect(eqHit).toBeLessThanOrEqual(line)
  // how far below the line depends on the crossing bar's size (the FTX first leg has 1 % 1m
  // bars; since issue 13.8 the moment's seek reveals one bar less, so the entry differs): the
  // bar before was above the line, and this one is no crash of its own
  const before = candles.mark[candles.mark.indexOf(crossing!) - 1]!
  expect(before.t < opened.t || eqAt(before.c) > line).toBe(true)
  expect(line - eqHit, `equity ${eqHit} at the trigger vs line ${line}`).toBeLessThan(start * 0.05)

  // The close is a market sell at the last price, which differs from the mark the line was
  // judged on: the wallet ends at the margin balance at the trigger plus
  // size × (fill − mark) − fee, all the engine's figures.
  const close = closes[0]!
  if (close.type !== 'orderFilled') throw new Error('no closing fill')
  const markClose = crossing!.c
  const expected =
    eqHit +
    Number(close.fill.quantity) * (Number(close.fill.price) - markClose) -
    Number(close.fill.fee)
  expect(acct.walletBalance).toBe(acct.marginBalance)
  expect(Math.abs(Number(acct.walletBalance) - expected)).toBeLessThan(0.01)
  console.log(
    `coach drill 2: long ${qty} BTC @5x from ${pos.entryPrice}; pauses: ${stops.join(' | ')}; bottom line at ${new Date(hit!.t).toISOString()}: margin balance ${eqHit} (line ${line}, mark ${markClose}); closed at ${close.fill.price} → wallet ${acct.walletBalance}; cursor ${cursor}/${status.total}`,
  )
  await page.screenshot({ path: 'test-results/coach-bottom-line.png' })

  // Issue 13.8: the report states the margin balance after the close-all (the engine's wallet:
  // nothing is left open) and why it is not the equity at the line: the close's slippage and
  // fees (the engine's fills) and the last price the market close filled off against the mark
  // the line was judged on. The panel and the printable export say the same figures.
  const closeAll = closes.filter(
    (e) => e.type === 'orderFilled' && e.t === hit!.t && e.order.type === 'MARKET',
  )
  let fees = new Decimal(0)
  let slip = new Decimal(0)
  let basis = new Decimal(0)
  for (const e of closeAll) {
    if (e.type !== 'orderFilled') continue
    fees = fees.plus(e.fill.fee)
    slip = slip.plus(new Decimal(e.fill.quantity).times(e.fill.slippage))
    // a sell fills below its reference (the last price) by the slippage
    const last = new Decimal(e.fill.price).plus(e.fill.slippage)
    basis = basis.plus(new Decimal(e.fill.quantity).times(last.minus(markClose)))
  }
  const cents = (x: Decimal.Value) => new Decimal(x).toDecimalPlaces(2).toFixed()
  await coachTab(page, 'report')
  await page.getByTestId('report-refresh').click()
  const after = page.getByTestId('report-balance-after')
  await expect(after).toHaveAttribute('data-value', cents(acct.walletBalance))
  await expect(after).toHaveText(`${usdt(cents(acct.walletBalance))} USDT`)
  await expect(page.getByTestId('report-close-fees')).toHaveAttribute('data-value', cents(fees))
  await expect(page.getByTestId('report-close-slippage')).toHaveAttribute('data-value', cents(slip))
  const basisShown = await page.getByTestId('report-close-basis').getAttribute('data-value')
  // the rest is the last price against the mark (and the equity's rounding to the cent)
  expect(Math.abs(Number(basisShown) - basis.toNumber()), `basis ${basis}`).toBeLessThan(0.02)
  // one set of numbers: equity at the line − slippage − fees ± last vs mark = balance after
  expect(
    new Decimal(hit!.details!.equity!)
      .minus(cents(slip))
      .minus(cents(fees))
      .plus(basisShown!)
      .minus(cents(acct.walletBalance))
      .toFixed(),
  ).toBe('0')
  await expect(page.getByTestId('report-bottom-line')).toContainText(
    `slippage −${usdt(cents(slip))}, fees −${usdt(cents(fees))}`,
  )
  const download = page.waitForEvent('download')
  await page.getByTestId('export-html').click()
  const html = Buffer.concat(await (await (await download).createReadStream()).toArray()).toString(
    'utf8',
  )
  expect(html).toContain(
    `Margin balance after the close-all: ${usdt(cents(acct.walletBalance))} USDT`,
  )
  expect(html).toContain(`slippage −${usdt(cents(slip))}, fees −${usdt(cents(fees))}`)
  await page
    .getByTestId('report-bottom-line')
    .evaluate((el) => el.scrollIntoView({ block: 'center' }))
  await page.screenshot({ path: 'test-results/coach-bottom-line-report.png' })
})

test('coach drill 3: the crash stress test table renders for an open portfolio', async ({
  page,
  host,
}) => {
  test.setTimeout(150_000)
  const tape = record(page)
  await openDesk(page, host.url)
  // A cross portfolio under 5x effective leverage (no stop required): BTC long + ETH short.
  expect((await market(page, tape, 'buy', '1.5')).accepted).toBe(true)
  await page.getByTestId('symbol-ETHUSDT').click()
  await expect(page.getByTestId('ticket-size')).toBeVisible()
  expect((await market(page, tape, 'sell', '5')).accepted).toBe(true)
  expect(openPositions(tape.accounts.at(-1)).map((p) => p.symbol)).toEqual(
    expect.arrayContaining(['BTCUSDT', 'ETHUSDT']),
  )

  await coachTab(page, 'stress')
  const answers = tape.answers.length
  await page.getByTestId('stress-run').click()
  await expect(page.getByTestId('stress-table')).toBeVisible({ timeout: 60_000 })
  const report = tape.answers.slice(answers).find((a) => a.method === 'coach:stressTest')!
    .value as StressReport
  expect(report.positions).toBe(2)
  const bundled = [
    'ftx-2022-11',
    'black-thursday-2020-03',
    'china-ban-2021-05',
    'celsius-2022-06',
    'terra-2022-05',
    'yen-carry-2024-08',
    'liquidations-2025-10',
    'calm-2025-05',
  ]
  expect(report.results.map((r) => r.scenarioId).sort()).toEqual([...bundled].sort())
  const rows = page.locator('[data-testid^="stress-row-"]')
  await expect(rows).toHaveCount(report.results.length)
  for (const r of report.results) {
    const row = page.getByTestId(`stress-row-${r.scenarioId}`)
    const cells = row.locator('td')
    await expect(cells.nth(0)).toHaveText(r.title)
    await expect(cells.nth(1)).toHaveText(r.liquidated ? /^Liquidated after / : 'Survived')
    await expect(cells.nth(3)).toHaveText(pct(r.worstMarginRatio))
    await expect(cells.nth(4)).toContainText(usdt(r.finalEquity))
    if (r.liquidated) {
      expect(Number(r.worstMarginRatio)).toBe(100)
      await expect(cells.nth(2)).toContainText(r.firstFailure!.symbol)
    } else await expect(cells.nth(2)).toHaveText('—')
    const spark = row.getByTestId('sparkline')
    await expect(spark).toBeVisible()
    expect(r.equity.length).toBeGreaterThan(1)
    const d = await spark.locator('path').getAttribute('d')
    expect(d?.split('L').length, `${r.scenarioId} sparkline has ${r.equity.length} points`).toBe(
      r.equity.length,
    )
    await expect(spark.locator('path')).toHaveClass(r.liquidated ? 'down' : /up|flat|down/)
  }
  const summary = report.results.map(
    (r) =>
      `${r.scenarioId}: ${r.liquidated ? `liquidated after ${r.liquidatedAfterMinutes?.toFixed(0)} min (${r.firstFailure?.symbol})` : 'survived'}, worst ${r.worstMarginRatio}%`,
  )
  console.log(`coach drill 3 (${report.elapsedMs} ms):\n  ${summary.join('\n  ')}`)
  expect(report.results.some((r) => r.liquidated)).toBe(true)
  expect(report.results.some((r) => !r.liquidated)).toBe(true)
  await page.getByTestId('stress-test').evaluate((el) => el.scrollIntoView({ block: 'start' }))
  await page.screenshot({ path: 'test-results/coach-stress-table.png' })
})

test('coach drill 4: the session report paints the equity curve and shows the stats', async ({
  page,
  host,
}) => {
  test.setTimeout(150_000)
  const tape = record(page)
  await page.setViewportSize({ width: 1440, height: 1500 }) // room for stats and the chart
  await openDesk(page, host.url)
  expect((await market(page, tape, 'buy', '0.5')).accepted).toBe(true)
  for (let i = 0; i < 6; i++) await step10(page, tape)
  await page.getByTestId('position-BTCUSDT-BOTH').getByTestId('pos-close-market').click()
  await page.getByTestId('close-confirm').click() // market closes are confirmed by default
  await expect.poll(() => openPositions(tape.accounts.at(-1)).length).toBe(0)
  expect((await market(page, tape, 'sell', '0.3')).accepted).toBe(true)
  for (let i = 0; i < 4; i++) await step10(page, tape)

  await coachTab(page, 'report')
  await page.getByTestId('report-refresh').click()
  await expect(page.getByTestId('report-stats')).toBeVisible()
  const report = await hostCall<SessionReport>(page, host.token, 'coach:report', {
    sessionId: tape.sessionId,
  })
  expect(report.trades.length).toBe(2)
  expect(report.equity.length).toBeGreaterThan(10)
  const stats = page.getByTestId('report-stats')
  const stat = (k: string) => stats.locator('.stat').filter({ hasText: k }).locator('.num')
  await expect(stat('Start equity')).toHaveText(usdt(report.startEquity))
  await expect(stat('Final equity')).toHaveText(usdt(report.finalEquity))
  await expect(stat('Trades')).toHaveText(String(report.trades.length))
  await expect(stat('Fees')).toHaveText(usdt(report.fees))
  await expect(stat('Max drawdown')).toHaveText(pct(report.maxDrawdownPercent))
  await expect(stat('Win rate')).toHaveText(pct(report.winRate))
  await expect(page.getByTestId('report-trades').locator('tbody tr')).toHaveCount(2)
  await expect(page.getByTestId('report-trades')).toContainText('open')

  // The Lightweight Charts canvas really painted: the equity line (mark blue) and the
  // drawdown area's line (down red).
  const chart = page.getByTestId('equity-chart')
  await page.getByTestId('session-report').evaluate((el) => el.scrollIntoView({ block: 'start' }))
  await expect(chart.locator('canvas').first()).toBeVisible()
  const EQUITY: [number, number, number] = [0x8a, 0xb4, 0xf8]
  const DRAWDOWN: [number, number, number] = [0xf6, 0x46, 0x5d]
  await expect
    .poll(
      async () => (await countColouredPixels(page, '[data-testid="equity-chart"]', [EQUITY]))[0],
    )
    .toBeGreaterThan(150)
  const [eqPx, ddPx] = await countColouredPixels(page, '[data-testid="equity-chart"]', [
    EQUITY,
    DRAWDOWN,
  ])
  console.log(
    `coach drill 4: ${report.equity.length} equity points, ${report.trades.length} trades, start ${report.startEquity} → ${report.finalEquity}, max DD ${report.maxDrawdownPercent}%; pixels equity ${eqPx}, drawdown ${ddPx}`,
  )
  expect(eqPx, 'equity line pixels').toBeGreaterThan(150)
  if (Number(report.maxDrawdownPercent) > 0) expect(ddPx, 'drawdown pixels').toBeGreaterThan(20)
  await page.screenshot({ path: 'test-results/coach-report.png' })
})
