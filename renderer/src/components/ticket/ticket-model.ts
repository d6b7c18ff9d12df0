/**
 * The order ticket's form model and how it becomes engine commands. Nothing here computes
 * money: quantities in USDT or as a % of the maximum are sent to the host's preview, which
 * answers with the coin quantity the engine would use.
 */
import type {
  AttachedTpSl,
  PositionSide,
  Side,
  TimeInForce,
  WorkingType,
  OrderType,
} from '../../../../shared/trading/commands'
import { checkField, type FieldRule } from '../../format/field-check'
import type { OrderPreviewRequest } from '../../stores/orders'

export type TicketTab = 'LIMIT' | 'MARKET' | 'STOP' | 'TPSL'
export type StopKind =
  'STOP_MARKET' | 'STOP' | 'TAKE_PROFIT_MARKET' | 'TAKE_PROFIT' | 'TRAILING_STOP_MARKET'
export type SizeUnit = 'COIN' | 'USDT'

export interface TicketForm {
  tab: TicketTab
  stopKind: StopKind
  /** Hedge mode only: open or close a leg. */
  hedgeAction: 'OPEN' | 'CLOSE'
  price: string
  stopPrice: string
  /** Trailing stop: callback rate in % (0.1–10) and optional activation price. */
  callbackRate: string
  activationPrice: string
  workingType: WorkingType
  size: string
  unit: SizeUnit
  /** 0..100 of the max size; 0 = use `size`. */
  percent: number
  reduceOnly: boolean
  postOnly: boolean
  tif: Exclude<TimeInForce, 'GTX'>
  closePosition: boolean
  withTpSl: boolean
  tp: string
  sl: string
  tpSlWorkingType: WorkingType
}

export function newTicket(): TicketForm {
  return {
    tab: 'LIMIT',
    stopKind: 'STOP_MARKET',
    hedgeAction: 'OPEN',
    price: '',
    stopPrice: '',
    callbackRate: '1',
    activationPrice: '',
    workingType: 'CONTRACT_PRICE',
    size: '',
    unit: 'COIN',
    percent: 0,
    reduceOnly: false,
    postOnly: false,
    tif: 'GTC',
    closePosition: false,
    withTpSl: false,
    tp: '',
    sl: '',
    tpSlWorkingType: 'MARK_PRICE',
  }
}

export function orderType(f: TicketForm): OrderType {
  if (f.tab === 'MARKET') return 'MARKET'
  if (f.tab === 'STOP') return f.stopKind
  return 'LIMIT'
}

export function hasPrice(f: TicketForm): boolean {
  const t = orderType(f)
  return t === 'LIMIT' || t === 'STOP' || t === 'TAKE_PROFIT'
}

export function hasTrigger(f: TicketForm): boolean {
  return f.tab === 'STOP' && f.stopKind !== 'TRAILING_STOP_MARKET'
}

export function isTrailing(f: TicketForm): boolean {
  return f.tab === 'STOP' && f.stopKind === 'TRAILING_STOP_MARKET'
}

/** Position side for a button press: one-way BOTH; hedge open/close legs. */
export function positionSideFor(side: Side, hedge: boolean, f: TicketForm): PositionSide {
  if (!hedge) return 'BOTH'
  if (f.hedgeAction === 'OPEN') return side === 'BUY' ? 'LONG' : 'SHORT'
  return side === 'BUY' ? 'SHORT' : 'LONG'
}

const DEC = /^\d+(\.\d+)?$/

export function validDecimal(s: string): boolean {
  return DEC.test(s.trim()) && !/^0+(\.0+)?$/.test(s.trim())
}

/** The preview request for one side (the host converts USDT / % into a coin quantity). */
export function previewRequest(
  f: TicketForm,
  symbol: string,
  side: Side,
  hedge: boolean,
): Omit<OrderPreviewRequest, 'sessionId'> | null {
  // A trailing stop fills at market once it triggers: previewed as a market order at the last
  // price (its trigger level is not known in advance). With an activation price, from there.
  const trailing = isTrailing(f)
  const type = trailing
    ? validDecimal(f.activationPrice)
      ? 'STOP_MARKET'
      : 'MARKET'
    : orderType(f)
  const req: Omit<OrderPreviewRequest, 'sessionId'> = {
    symbol,
    side,
    positionSide: positionSideFor(side, hedge, f),
    type,
  }
  if (trailing && type === 'STOP_MARKET') req.stopPrice = f.activationPrice.trim()
  if (hasPrice(f)) {
    if (!validDecimal(f.price)) return null
    req.price = f.price.trim()
  }
  if (hasTrigger(f)) {
    if (!validDecimal(f.stopPrice)) return null
    req.stopPrice = f.stopPrice.trim()
  }
  if (f.percent > 0) req.sizeFraction = String(f.percent / 100)
  else if (validDecimal(f.size)) {
    if (f.unit === 'COIN') req.quantity = f.size.trim()
    else req.quoteQuantity = f.size.trim()
  }
  if (f.reduceOnly && !hedge) req.reduceOnly = true
  return req
}

/** The TP/SL box on an entry: what travels with the order (nothing when unticked or empty). */
export function attachedOf(f: TicketForm): AttachedTpSl | undefined {
  if (!f.withTpSl || f.tab === 'STOP') return undefined
  const a: AttachedTpSl = {}
  if (validDecimal(f.tp)) a.takeProfit = { stopPrice: f.tp.trim(), workingType: f.tpSlWorkingType }
  if (validDecimal(f.sl)) a.stopLoss = { stopPrice: f.sl.trim(), workingType: f.tpSlWorkingType }
  return a.takeProfit || a.stopLoss ? a : undefined
}

export type TpSlIssues = { tp?: string; sl?: string }

/**
 * Problems with the TP/SL fields, said next to them. Without a side: only what is wrong
 * whatever the side (not a positive number on the tick, checkField). With a side and the price the entry fills at (the limit
 * price, or the stream the legs watch for a market entry), also the direction rule the
 * engine enforces (-4142): a long's TP above, its SL below; a short the mirror.
 */
export function tpSlIssues(
  f: TicketForm,
  side?: Side,
  entry?: string | null,
  tick?: string,
): TpSlIssues {
  const out: TpSlIssues = {}
  if (!f.withTpSl || f.tab === 'STOP') return out
  for (const leg of ['tp', 'sl'] as const) {
    const raw = f[leg].trim()
    if (raw === '') continue
    const typed = checkField(raw, {
      label: leg === 'tp' ? 'Take-profit' : 'Stop-loss',
      min: 0,
      minExclusive: true,
      ...(tick ? { step: tick } : {}),
    })
    if (typed) {
      out[leg] = typed
      continue
    }
    if (!side || !entry || !(Number(entry) > 0)) continue
    const long = side === 'BUY'
    const above = leg === 'tp' ? long : !long
    const px = Number(raw)
    if (above ? px <= Number(entry) : px >= Number(entry))
      out[leg] =
        `${leg === 'tp' ? 'Take-profit' : 'Stop-loss'} must be ${above ? 'above' : 'below'} ${entry} for a ${long ? 'long' : 'short'}: it would trigger at once`
  }
  return out
}

/** Lot / tick facts the ticket's checks need (the open scenario's instrument). */
export interface TicketInstrument {
  tickSize: string
  stepSize: string
  base: string
}

/**
 * Every ticket field's problem ('' when fine), by field, as checkField words it. Empty required
 * fields say "Enter …" too: the caller shows those only as the reason Buy/Sell are off.
 */
export function ticketProblems(f: TicketForm, inst: TicketInstrument): Record<string, string> {
  const price: FieldRule = {
    label: 'Price',
    required: true,
    min: 0,
    minExclusive: true,
    step: inst.tickSize,
  }
  const closeAll = f.tab === 'STOP' && f.closePosition && orderType(f).endsWith('MARKET')
  const sized = !closeAll && f.percent === 0
  const coin = f.unit === 'COIN'
  const out: Record<string, string> = {
    price: hasPrice(f) ? checkField(f.price, price) : '',
    stopPrice: hasTrigger(f) ? checkField(f.stopPrice, { ...price, label: 'Trigger price' }) : '',
    callbackRate: isTrailing(f)
      ? checkField(f.callbackRate, {
          label: 'Callback rate',
          required: true,
          min: 0.1,
          max: 10,
          unit: ' %',
        })
      : '',
    activationPrice: isTrailing(f)
      ? checkField(f.activationPrice, { ...price, label: 'Activation price', required: false })
      : '',
    size: sized
      ? checkField(f.size, {
          label: 'Size',
          required: true,
          min: 0,
          minExclusive: true,
          step: coin ? inst.stepSize : '0.01',
          unit: coin ? ` ${inst.base}` : ' USDT',
        })
      : '',
  }
  const tpsl = tpSlIssues(f, undefined, undefined, inst.tickSize)
  out.tp = tpsl.tp ?? ''
  out.sl = tpsl.sl ?? ''
  return out
}
