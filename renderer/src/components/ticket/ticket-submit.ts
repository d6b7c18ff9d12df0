/** Turns the ticket form into a placeOrder command, and attaches TP/SL after it is accepted. */
import type { CommandAck } from '../../../../shared/contract'
import type { PlaceOrderCommand, Side } from '../../../../shared/trading/commands'
import { isZero } from '../../format/decimal-format'
import { useAccountStore } from '../../stores/account'
import { useOrdersStore, type PreviewState } from '../../stores/orders'
import {
  hasPrice,
  hasTrigger,
  orderType,
  positionSideFor,
  validDecimal,
  type TicketForm,
} from './ticket-model'

export type Built = { command: Omit<PlaceOrderCommand, 'kind'> } | { error: string }

export function buildOrder(
  f: TicketForm,
  symbol: string,
  side: Side,
  hedge: boolean,
  preview: PreviewState | null,
): Built {
  const type = orderType(f)
  const cmd: Omit<PlaceOrderCommand, 'kind'> = {
    symbol,
    side,
    positionSide: positionSideFor(side, hedge, f),
    type,
  }
  if (hasPrice(f)) {
    if (!validDecimal(f.price)) return { error: 'Enter a price' }
    cmd.price = f.price.trim()
    cmd.timeInForce = f.postOnly && type === 'LIMIT' ? 'GTX' : f.tif
  }
  if (hasTrigger(f)) {
    if (!validDecimal(f.stopPrice)) return { error: 'Enter a trigger price' }
    cmd.stopPrice = f.stopPrice.trim()
    cmd.workingType = f.workingType
  }
  const closeAll = f.tab === 'STOP' && f.closePosition && type.endsWith('MARKET')
  if (closeAll) {
    cmd.closePosition = true
  } else if (f.unit === 'COIN' && f.percent === 0) {
    if (!validDecimal(f.size)) return { error: 'Enter a size' }
    cmd.quantity = f.size.trim()
  } else {
    // USDT or % of max: the engine's preview gives the coin quantity.
    if (!preview?.ok)
      return { error: 'Size in USDT or % needs the host preview, which is not available' }
    if (isZero(preview.value.quantity)) return { error: 'Size rounds to zero' }
    cmd.quantity = preview.value.quantity
  }
  if (f.reduceOnly && !hedge && !closeAll) cmd.reduceOnly = true
  return { command: cmd }
}

/**
 * TP/SL from the ticket: on the position once it exists (market fills), otherwise as
 * close-position conditional orders that wait for the entry to fill.
 */
export async function attachTpSl(
  f: TicketForm,
  cmd: Omit<PlaceOrderCommand, 'kind'>,
  ack: CommandAck,
) {
  const orders = useOrdersStore()
  const tp = validDecimal(f.tp)
    ? { stopPrice: f.tp.trim(), workingType: f.tpSlWorkingType }
    : undefined
  const sl = validDecimal(f.sl)
    ? { stopPrice: f.sl.trim(), workingType: f.tpSlWorkingType }
    : undefined
  if (!tp && !sl) return
  const filled = ack.events.some((e) => e.type === 'orderFilled')
  const pos = useAccountStore().positions.find(
    (p) => p.symbol === cmd.symbol && p.positionSide === cmd.positionSide,
  )
  if (filled && pos) {
    await orders.setTpSl(cmd.symbol, cmd.positionSide, tp, sl)
    return
  }
  const exit: Side = cmd.side === 'BUY' ? 'SELL' : 'BUY'
  for (const [leg, type] of [
    [tp, 'TAKE_PROFIT_MARKET'],
    [sl, 'STOP_MARKET'],
  ] as const) {
    if (!leg) continue
    await orders.place({
      symbol: cmd.symbol,
      side: exit,
      positionSide: cmd.positionSide,
      type,
      stopPrice: leg.stopPrice,
      workingType: leg.workingType,
      closePosition: true,
    })
  }
}
