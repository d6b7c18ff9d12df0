/**
 * Switching the ticket's size unit CONVERTS the size (never reinterprets 0.4 BTC as 0.4 USDT):
 * the host's order:preview does the arithmetic at the reference price (the limit price when the
 * ticket has one, else the last price): coin → USDT is its notional, rounded half-up to the
 * cent; USDT → coin is its quantity, rounded DOWN to the lot step as the engine sizes it. The
 * note says what was converted at which price.
 */
import { fmt, roundDecimal } from '../../format/decimal-format'
import type { OrderPreviewRequest, PreviewState } from '../../stores/orders'
import { hasPrice, validDecimal, type SizeUnit, type TicketForm } from './ticket-model'

export interface UnitContext {
  symbol: string
  positionSide: OrderPreviewRequest['positionSide']
  base: string
  stepSize: string
  priceDp: number
  preview(req: Omit<OrderPreviewRequest, 'sessionId'>): Promise<PreviewState>
}

/** The size in the new unit and what to say about it ('' size: nothing to convert or it failed). */
export async function convertSize(
  f: Pick<TicketForm, 'size' | 'unit' | 'percent' | 'price' | 'tab' | 'stopKind'>,
  to: SizeUnit,
  ctx: UnitContext,
): Promise<{ size: string; note: string }> {
  const raw = f.size.trim()
  const fromName = f.unit === 'COIN' ? ctx.base : 'USDT'
  if (f.percent > 0 || raw === '' || to === f.unit) return { size: f.size, note: '' }
  if (!validDecimal(raw))
    return { size: '', note: `Size cleared: "${raw}" is not a ${fromName} amount to convert.` }
  const limit = hasPrice(f as TicketForm) && validDecimal(f.price)
  const req: Omit<OrderPreviewRequest, 'sessionId'> = {
    symbol: ctx.symbol,
    side: 'BUY',
    positionSide: ctx.positionSide,
    type: limit ? 'LIMIT' : 'MARKET',
    ...(limit ? { price: f.price.trim() } : {}),
    ...(f.unit === 'COIN' ? { quantity: raw } : { quoteQuantity: raw }),
  }
  const r = await ctx.preview(req)
  if (!r.ok) return { size: '', note: `Size cleared: it could not be converted (${r.reason}).` }
  const at = `at ${fmt(r.value.price, ctx.priceDp)} (${limit ? 'your limit price' : 'last price'})`
  if (to === 'USDT') {
    const quote = roundDecimal(r.value.notional, 2)
    return { size: quote, note: `${raw} ${ctx.base} = ${quote} USDT ${at}.` }
  }
  const qty = r.value.quantity.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '')
  return {
    size: qty,
    note: `${raw} USDT = ${qty} ${ctx.base} ${at}, rounded down to the ${ctx.stepSize} lot.`,
  }
}
