/**
 * Turns the ticket form into one placeOrder command; its TP/SL travels inside it (`attached`)
 * so the entry and its protection are one decision the engine accepts or rejects whole.
 */
import type { PlaceOrderCommand, Side } from '../../../../shared/trading/commands'
import { isZero } from '../../format/decimal-format'
import type { PreviewState } from '../../stores/orders'
import {
  attachedOf,
  hasPrice,
  hasTrigger,
  isTrailing,
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
  if (isTrailing(f)) {
    if (!validDecimal(f.callbackRate)) return { error: 'Enter a callback rate (0.1–10 %)' }
    cmd.callbackRate = f.callbackRate.trim()
    if (f.activationPrice.trim()) {
      if (!validDecimal(f.activationPrice)) return { error: 'Enter a valid activation price' }
      cmd.activationPrice = f.activationPrice.trim()
    }
    cmd.workingType = f.workingType
  }
  const closeAll = f.tab === 'STOP' && f.closePosition && type.endsWith('MARKET') && !isTrailing(f)
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
  const attached = attachedOf(f)
  if (attached) cmd.attached = attached
  return { command: cmd }
}
