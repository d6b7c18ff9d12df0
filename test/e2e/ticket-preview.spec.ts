/**
 * The order ticket's preview comes from the host's `order:preview`: type a size, and the
 * cost, margin and estimated liquidation price on screen are the engine's answer to the
 * request the page sent (captured on the socket, then asked again on a second socket).
 */
import type { OrderPreview } from '../../shared/contract'
import { fmt, usdt } from '../../renderer/src/format/decimal-format'
import { expect as baseExpect, test } from './support/fixtures'

const expect = baseExpect.configure({ timeout: 15_000 })

interface Sent {
  id: number
  params: Record<string, unknown>
}

test('the ticket shows the engine preview for a typed size', async ({ page, host }) => {
  const sent: Sent[] = []
  const results = new Map<number, OrderPreview>()
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => {
      const msg = JSON.parse(String(f.payload)) as { id?: number; method?: string; params?: never }
      if (msg.method === 'order:preview') sent.push({ id: msg.id!, params: msg.params! })
    })
    ws.on('framereceived', (f) => {
      const msg = JSON.parse(String(f.payload)) as {
        id?: number
        result?: { ok: boolean; value?: OrderPreview }
      }
      if (msg.id !== undefined && msg.result?.ok) results.set(msg.id, msg.result.value!)
    })
  })
  await page.goto(host.url.replace('/#', '/?fresh#'))
  await expect(page.getByTestId('last-price')).not.toHaveText('—', { timeout: 20_000 })
  await page.getByTestId('ticket-tab-MARKET').click()
  await page.getByTestId('ticket-size').fill('0.5')
  await expect(page.getByTestId('preview-buy-qty')).toHaveText('0.500')
  await expect(page.getByTestId('preview-sell-qty')).toHaveText('0.500')

  const answer = (side: string) => {
    const req = sent.findLast(
      (s) => s.params.side === side && s.params.quantity === '0.5' && results.has(s.id),
    )
    return req ? { req, res: results.get(req.id)! } : null
  }
  await expect.poll(() => !!answer('BUY') && !!answer('SELL')).toBe(true)
  for (const [side, id] of [
    ['BUY', 'buy'],
    ['SELL', 'sell'],
  ] as const) {
    const { req, res } = answer(side)!
    expect(req.params).toMatchObject({ symbol: 'BTCUSDT', type: 'MARKET', positionSide: 'BOTH' })
    expect(res.rejection).toBeUndefined()
    expect(res.liquidationPrice).not.toBe('')
    await expect(page.getByTestId(`preview-${id}-cost`)).toHaveText(usdt(res.cost))
    await expect(page.getByTestId(`preview-${id}-margin`)).toHaveText(usdt(res.initialMargin))
    await expect(page.getByTestId(`preview-${id}-liq`)).toHaveText(fmt(res.liquidationPrice, 1))
    await expect(page.getByTestId(`preview-${id}-max`)).toHaveText(fmt(res.maxQuantity, 3))

    // The same request on a second socket gets the same answer (the replay is paused).
    const again = await page.evaluate(async (params) => {
      const token = /token=([A-Za-z0-9_-]+)/.exec(location.hash)![1]!
      const ws = new WebSocket(`ws://${location.host}/ws`, ['perpdojo', `token.${token}`])
      return await new Promise<unknown>((resolve, reject) => {
        ws.onerror = () => reject(new Error('socket error'))
        ws.onopen = () => ws.send(JSON.stringify({ id: 1, method: 'order:preview', params }))
        ws.onmessage = (m) => {
          const msg = JSON.parse(String(m.data)) as { id?: number; result?: unknown }
          if (msg.id === 1) {
            ws.close()
            resolve(msg.result)
          }
        }
      })
    }, req.params)
    expect(again).toEqual({ ok: true, value: res })
  }
  await page.getByTestId('order-ticket').screenshot({ path: 'test-results/ticket-preview.png' })

  // The leverage dialog's maximum position is the bracket cap order:preview reports.
  await page.getByTestId('leverage-button').click()
  await page.getByTestId('leverage-input').fill('125x')
  await page.getByTestId('leverage-input').press('Enter')
  await expect(page.getByTestId('leverage-max-position')).toHaveText(`${usdt('50000')} USDT`)
  await expect(page.getByTestId('leverage-dialog')).toContainText('0.004')
})
