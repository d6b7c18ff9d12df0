/**
 * placeOrder: Binance-like pre-trade checks with coded rejections (exchange-rules.md §1.9,
 * §1.11, §1.12), then acceptance, then an immediate fill when the order is marketable.
 * Order cost (§1.4): IM = notional / leverage plus open loss = Q·|min(0, d·(mark − price))|;
 * for a market BUY the assumed price is the fill price (last + slippage), for a market SELL
 * max(last·(1 + 0.15 %), mark, fill price) (the mirror's rule).
 */
import type { PlaceOrderCommand } from '../../../shared/trading/commands'
import type { RejectionName } from '../../../shared/trading/rejections'
import {
  brackets,
  emit,
  lastApprox,
  lastOf,
  markApproxOrNull,
  markOf,
  spec,
  type Ctx,
} from '../context'
import { D, type Dec, onStep, ZERO } from '../decimal'
import { maxNotionalFor } from '../instruments'
import { openingQty, sameSideOrderNotional } from '../accounting/available'
import { findPosition, isReducing, sideDir } from '../accounting/positions'
import type { OrderState } from '../state'
import { attachedError } from './attached-tpsl'
import {
  aboveCap,
  costExceedsAvailable,
  crossesLast,
  lessThan,
  notPositive,
  onTick,
  parsed,
  outOfBand,
  positive,
  type PriceRef,
} from './order-checks'
import { fillOrder } from './fills'
import { cancelOrder, orderView } from './order-book'
import { slipped } from './slippage'
import { crossedAt, orderLevel } from './triggers'

export type Reject = (name: RejectionName, message: string) => void

/** @param qty the parsed quantity (null when the command has none or is closePosition). */
function shapeError(c: PlaceOrderCommand, hedge: boolean, qty: Dec | null): string | null {
  const needPrice = c.type === 'LIMIT' || c.type === 'STOP' || c.type === 'TAKE_PROFIT'
  const needStop = c.type !== 'LIMIT' && c.type !== 'MARKET' && c.type !== 'TRAILING_STOP_MARKET'
  if (needPrice && !c.price) return `${c.type} needs price`
  if (!needPrice && c.price) return `${c.type} takes no price`
  if (needStop && !c.stopPrice) return `${c.type} needs stopPrice`
  if (c.closePosition) {
    if (c.type !== 'STOP_MARKET' && c.type !== 'TAKE_PROFIT_MARKET')
      return 'closePosition only with STOP_MARKET / TAKE_PROFIT_MARKET'
    if (c.quantity || c.reduceOnly)
      return 'closePosition cannot be combined with quantity or reduceOnly (-4137/-4138)'
  } else if (!qty || notPositive(qty)) return 'quantity must be positive'
  if (c.reduceOnly && hedge) return 'reduceOnly cannot be sent in hedge mode'
  if (c.closePosition && hedge && (c.side === 'BUY') === (c.positionSide === 'LONG'))
    return 'closePosition in hedge mode: BUY closes SHORT, SELL closes LONG'
  if (c.type === 'TRAILING_STOP_MARKET') {
    if (!c.callbackRate) return 'TRAILING_STOP_MARKET needs callbackRate'
    const cb = new D(c.callbackRate)
    if (cb.lt('0.1') || cb.gt(10)) return 'callbackRate must be within 0.1..10 (%)'
  }
  if (
    c.timeInForce &&
    c.type !== 'LIMIT' &&
    c.type !== 'STOP' &&
    c.type !== 'TAKE_PROFIT' &&
    c.timeInForce !== 'GTC'
  )
    return 'timeInForce applies to limit orders only'
  return null
}

/**
 * Check and place an order. `triggerCheck: false` skips the would-trigger-now check (attached
 * TP/SL legs). With `checkOnly` every check runs (the same ones, so an amend is
 * held to exactly what a new order is held to) and the would-be order is returned without
 * touching the state.
 */
export function placeOrder(
  ctx: Ctx,
  c: PlaceOrderCommand,
  reject: Reject,
  origin: OrderState['origin'] = 'USER',
  opts?: { triggerCheck?: boolean; checkOnly?: boolean },
): OrderState | null {
  const st = ctx.s.symbols.find((x) => x.symbol === c.symbol)
  if (!st) return (reject('UNKNOWN_SYMBOL', `${c.symbol} is not part of this session`), null)
  // Last and mark as bar prices; their Decimals are made only when a check needs them exactly.
  const lastNum = lastApprox(ctx, c.symbol)
  const markNum = markApproxOrNull(ctx, c.symbol)
  if (lastNum === null || markNum === null)
    return (reject('NO_MARKET_DATA', 'no price yet for this symbol'), null)
  const last = new BarPrice(ctx, c.symbol, lastNum, false)
  const mark = new BarPrice(ctx, c.symbol, markNum, true)
  if (ctx.s.hedge === (c.positionSide === 'BOTH'))
    return (
      reject('POSITION_SIDE_MISMATCH', "Order's position side does not match user's setting"),
      null
    )
  // parsed once (as shapeError did first) and reused below
  const qty = !c.closePosition && c.quantity ? parsed(c.quantity) : null
  const shape = shapeError(c, ctx.s.hedge, qty)
  if (shape) return (reject('INVALID_PARAMETER', shape), null)
  const sp = spec(ctx, c.symbol)
  // Each price string is parsed once and the Decimal reused below (commands are the busy path).
  const tick = sp.tickSize
  const price = c.price === undefined ? null : onTick(c.price, tick)
  if (price === undefined) return offTick(reject, c.price!, tick)
  const stopPrice = c.stopPrice === undefined ? null : onTick(c.stopPrice, tick)
  if (stopPrice === undefined) return offTick(reject, c.stopPrice!, tick)
  const activationPrice = c.activationPrice === undefined ? null : onTick(c.activationPrice, tick)
  if (activationPrice === undefined) return offTick(reject, c.activationPrice!, tick)
  if (qty && !onStep(qty, sp.stepSize))
    return (
      reject(
        'QTY_OFF_LOT',
        `quantity ${c.quantity} is not a multiple of step ${sp.stepSize.toFixed()}`,
      ),
      null
    )
  if (c.type === 'LIMIT' && c.price && outOfBand(c.side, price!, mark, sp)) {
    // PERCENT_PRICE filter (§1.9): limit BUY ≤ mark × up, SELL ≥ mark × down (-4016 / -4024).
    // The message names the nearest allowed price on the tick (the band rounded inward), as
    // Binance's "Limit price can't be higher than %s" does, not the band's raw product.
    const buy = c.side === 'BUY'
    const f = buy ? sp.percentUp : sp.percentDown
    const ticks = mark.dec().times(f).div(tick)
    const edge = (buy ? ticks.floor() : ticks.ceil()).times(tick)
    return (
      reject(
        'PRICE_OUT_OF_BAND',
        `Limit price can't be ${buy ? 'higher' : 'lower'} than ${edge.toFixed()} (mark × ${f.toFixed()})`,
      ),
      null
    )
  }
  const reducing = isReducing(ctx, c.symbol, c.side, c.positionSide)
  const pos = findPosition(ctx, c.symbol, c.positionSide)
  const bad = attachedError(ctx, c, !reducing)
  if (bad) return (reject(bad.name, bad.message), null)
  if (
    (c.reduceOnly || (c.positionSide !== 'BOTH' && reducing && !c.closePosition)) &&
    (!reducing || !pos)
  )
    return (
      reject(
        'REDUCE_ONLY_REJECTED',
        'ReduceOnly Order is rejected: it would not reduce a position',
      ),
      null
    )
  const o: OrderState = {
    id: `o${ctx.s.nextOrderNo}`,
    seqNo: ctx.s.nextOrderNo,
    symbol: c.symbol,
    side: c.side,
    positionSide: c.positionSide,
    type: c.type,
    status: 'NEW',
    origin,
    qty,
    executed: ZERO,
    filledNotional: ZERO,
    price: c.price ? price : null,
    stopPrice: c.stopPrice ? stopPrice : null,
    tif: c.timeInForce ?? 'GTC',
    reduceOnly: !!c.reduceOnly,
    closePosition: !!c.closePosition,
    workingType: c.workingType ?? 'CONTRACT_PRICE',
    callbackRate: c.callbackRate ? new D(c.callbackRate) : null,
    activationPrice: c.activationPrice ? activationPrice : null,
    triggered: false,
    trailActive: false,
    trailExtreme: null,
    createdAt: ctx.s.t,
    updatedAt: ctx.s.t,
  }
  if (c.clientOrderId !== undefined) o.clientOrderId = c.clientOrderId
  if (c.attached) o.attached = c.attached
  const streamNow = () =>
    o.workingType === 'MARK_PRICE' ? mark.dec().toNearest(sp.tickSize, D.ROUND_DOWN) : last.dec()
  if (o.type === 'TRAILING_STOP_MARKET') {
    const now = streamNow()
    const act = o.activationPrice
    if (act && (o.side === 'SELL' ? act.lte(now) : act.gte(now)))
      return (
        reject(
          'ORDER_WOULD_TRIGGER_IMMEDIATELY',
          'activationPrice is on the wrong side of the price (-2021)',
        ),
        null
      )
    if (!act) Object.assign(o, { trailActive: true, trailExtreme: now, activationPrice: null })
  } else if (o.type !== 'MARKET' && o.type !== 'LIMIT' && opts?.triggerCheck !== false) {
    const lv = orderLevel(ctx, o)!
    // on the last price: decided in floats when the gap is clear (crossesLast: at or past the
    // level, BUY-like when the level is below), exactly otherwise; the mark truncated exactly
    const now =
      lv.stream === 'LAST'
        ? crossesLast(lv.dir === 'down' ? 'BUY' : 'SELL', lv.level, last)
        : crossedAt(lv, streamNow())
    if (now)
      return (
        origin === 'POSITION_TPSL'
          ? reject('TPSL_WOULD_TRIGGER_IMMEDIATELY', 'TP/SL would trigger immediately (-4142)')
          : reject('ORDER_WOULD_TRIGGER_IMMEDIATELY', 'Order would immediately trigger (-2021)'),
        null
      )
  }
  // Marketability and the price the check uses.
  const isLimit = o.type === 'LIMIT'
  const marketable = o.type === 'MARKET' || (isLimit && crossesLast(o.side, o.price!, last))
  if (isLimit && o.tif === 'GTX' && marketable)
    return (reject('POST_ONLY_WOULD_TAKE', 'Post-only order would immediately match'), null)
  if (isLimit && o.tif === 'FOK' && !marketable)
    return (reject('FOK_NOT_FILLED', 'FOK order could not be filled at once'), null)
  let fillRef: Dec | null = null
  if (marketable && qty) {
    const sl = slipped(ctx, o.symbol, last.dec(), qty, o.side)
    fillRef =
      o.type === 'MARKET'
        ? sl.price
        : o.side === 'BUY'
          ? D.min(sl.price, o.price!)
          : D.max(sl.price, o.price!)
  }
  const refPrice = o.price ?? fillRef ?? o.stopPrice ?? o.activationPrice ?? last.dec()
  if (
    qty &&
    !o.reduceOnly &&
    !reducing &&
    lessThan(qty, o.type === 'MARKET' ? mark.dec() : refPrice, sp.minNotional)
  )
    return (
      reject(
        'MIN_NOTIONAL',
        `order notional must be at least ${sp.minNotional.toFixed()} unless reduce only (-4164)`,
      ),
      null
    )
  const open = qty ? openingQty(ctx, o, qty) : ZERO
  if (positive(open) && (isLimit || o.type === 'MARKET')) {
    const assumed =
      o.type === 'MARKET' && o.side === 'SELL'
        ? D.max(last.dec().times('1.0015'), mark.dec(), fillRef!)
        : refPrice
    const held = pos && !reducing ? pos.qty : ZERO
    const cap = maxNotionalFor(brackets(ctx, o.symbol), st.leverage)
    // Rule 2: position + open orders on the same side + this order, against the cap.
    const resting = sameSideOrderNotional(ctx, o.symbol, o.positionSide, sideDir(o.side))
    if (!cap || aboveCap(held, open, assumed, resting, cap))
      return (
        reject(
          'LEVERAGE_TOO_HIGH',
          `position would exceed the max notional ${cap?.toFixed() ?? 0} at ${st.leverage}x (-2027)`,
        ),
        null
      )
    if (costExceedsAvailable(ctx, o.side, open, assumed, mark, st.leverage))
      return (reject('MARGIN_INSUFFICIENT', 'Margin is insufficient (-2019)'), null)
  }
  if (opts?.checkOnly) return o
  ctx.s.nextOrderNo++
  ctx.s.orders.push(o)
  emit(ctx, { type: 'orderAccepted', order: orderView(o, ctx) })
  if (marketable && fillRef) {
    fillOrder(ctx, o, o.type === 'MARKET' ? last.dec() : fillRef, {
      maker: false,
      slippage: o.type === 'MARKET',
      gap: false,
      checkMargin: false,
    })
  } else if (isLimit && o.tif === 'IOC') cancelOrder(ctx, o, 'IOC')
  return o
}

function offTick(reject: Reject, text: string, tick: Dec): null {
  reject('PRICE_OFF_TICK', `price ${text} is not a positive multiple of tick ${tick.toFixed()}`)
  return null
}

/** A bar price (last or mark) of the order's symbol: its double now, its Decimal when asked. */
class BarPrice implements PriceRef {
  constructor(
    private readonly ctx: Ctx,
    private readonly symbol: string,
    readonly num: number,
    private readonly isMark: boolean,
  ) {}

  dec(): Dec {
    return (this.isMark ? markOf(this.ctx, this.symbol) : lastOf(this.ctx, this.symbol))!
  }
}
