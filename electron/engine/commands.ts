/**
 * Command dispatch: each TradeCommand either changes state (with events) or produces one
 * commandRejected event with a code (shared/trading/rejections.ts). Rules: §1.9 (orders),
 * §1.11 (position mode, margin type, leverage, isolated margin), §1.12 (codes).
 */
import type { PlaceOrderCommand, TradeCommand } from '../../shared/trading/commands'
import { REJECTION_CODES, type RejectionName } from '../../shared/trading/rejections'
import { brackets, emit, lastOf, markOrZero, spec, sym, type Ctx } from './context'
import { D, type Dec, money, onStep, ZERO } from './decimal'
import { maxLeverageOf, maxNotionalFor } from './instruments'
import { availableBalance, sameSideOrderNotional } from './accounting/available'
import { closeSide, findPosition } from './accounting/positions'
import { cancelOrder, findOrder, orderView } from './matching/order-book'
import { placePositionLeg, positionLeg } from './matching/attached-tpsl'
import { placeOrder, type Reject } from './matching/place-order'
import { crossedAt, orderLevel } from './matching/triggers'
import { positionMM } from './risk/margin'
import { emitPositionChanged } from './position-event'

export function handleCommand(ctx: Ctx, c: TradeCommand): void {
  const reject: Reject = (name: RejectionName, message: string) => {
    emit(ctx, {
      type: 'commandRejected',
      command: c,
      rejection: { name, code: REJECTION_CODES[name], message },
    })
  }
  switch (c.kind) {
    case 'placeOrder':
      placeOrder(ctx, c, reject)
      return
    case 'cancelOrder': {
      const o = findOrder(ctx, c.orderId)
      if (!o) return reject('UNKNOWN_ORDER', 'Unknown order sent (-2011)')
      cancelOrder(ctx, o, 'USER')
      return
    }
    case 'amendOrder':
      return amend(ctx, c, reject)
    case 'setLeverage': {
      if (!known(ctx, c.symbol))
        return reject('UNKNOWN_SYMBOL', `${c.symbol} is not part of this session`)
      const table = brackets(ctx, c.symbol)
      if (c.leverage < 1 || c.leverage > maxLeverageOf(table))
        return reject('LEVERAGE_INVALID', `leverage must be 1..${maxLeverageOf(table)}`)
      const st = sym(ctx, c.symbol)
      const ps = ctx.s.positions.filter((p) => p.symbol === c.symbol)
      const cap = maxNotionalFor(table, c.leverage)!
      // Rule 2: each side's position (at mark) plus its open orders must fit the new cap.
      const sides = ctx.s.hedge
        ? ([
            ['LONG', 1],
            ['SHORT', -1],
          ] as const)
        : ([
            ['BOTH', 1],
            ['BOTH', -1],
          ] as const)
      for (const [positionSide, dir] of sides) {
        const p = ps.find((x) => x.positionSide === positionSide && x.dir === dir)
        const held = p ? p.qty.times(markOrZero(ctx, c.symbol)) : ZERO
        if (held.plus(sameSideOrderNotional(ctx, c.symbol, positionSide, dir)).gt(cap))
          return reject(
            'LEVERAGE_TOO_HIGH',
            `position and open orders exceed ${cap.toFixed()} at ${c.leverage}x (-2027)`,
          )
      }
      for (const p of ps) {
        if (c.leverage < st.leverage && p.marginType === 'ISOLATED')
          return reject(
            'LEVERAGE_REDUCTION_ISOLATED',
            'Leverage reduction is not supported in Isolated Margin Mode with open positions (-4161)',
          )
      }
      const prev = st.leverage
      st.leverage = c.leverage
      if (c.leverage < prev && ps.length > 0 && availableBalance(ctx).lt(0)) {
        st.leverage = prev
        return reject(
          'LEVERAGE_REDUCTION_MARGIN',
          'Leverage is smaller than permitted: insufficient margin balance (-2028)',
        )
      }
      emit(ctx, {
        type: 'leverageChanged',
        symbol: c.symbol,
        leverage: c.leverage,
        maxNotional: cap.toFixed(),
      })
      for (const p of ps) emitPositionChanged(ctx, p)
      return
    }
    case 'setMarginType': {
      if (!known(ctx, c.symbol))
        return reject('UNKNOWN_SYMBOL', `${c.symbol} is not part of this session`)
      if (ctx.s.positions.some((p) => p.symbol === c.symbol))
        return reject(
          'MARGIN_TYPE_CHANGE_WITH_POSITION',
          'Margin type cannot be changed if there exists position (-4048)',
        )
      if (ctx.s.orders.some((o) => o.symbol === c.symbol))
        return reject(
          'MARGIN_TYPE_CHANGE_WITH_ORDERS',
          'Margin type cannot be changed if there exists open orders (-4047)',
        )
      sym(ctx, c.symbol).marginType = c.marginType
      emit(ctx, { type: 'marginTypeChanged', symbol: c.symbol, marginType: c.marginType })
      return
    }
    case 'setPositionMode': {
      if (ctx.s.positions.length > 0)
        return reject(
          'MODE_CHANGE_WITH_POSITION',
          'Position side cannot be changed if there exists position (-4068)',
        )
      if (ctx.s.orders.length > 0)
        return reject(
          'MODE_CHANGE_WITH_ORDERS',
          'Position side cannot be changed if there exists open orders (-4067)',
        )
      ctx.s.hedge = c.hedge
      emit(ctx, { type: 'positionModeChanged', hedge: c.hedge })
      return
    }
    case 'adjustMargin':
      return adjustMargin(ctx, c, reject)
    case 'setPositionTpSl':
      return setTpSl(ctx, c, reject)
    case 'closePosition': {
      const p = findPosition(ctx, c.symbol, c.positionSide)
      if (!p) return reject('NO_POSITION', 'No position to close')
      const f = new D(c.fraction)
      if (f.lte(0) || f.gt(1)) return reject('INVALID_PARAMETER', 'fraction must be in (0, 1]')
      const step = spec(ctx, c.symbol).stepSize
      const qty = f.eq(1) ? p.qty : p.qty.times(f).toNearest(step, D.ROUND_DOWN)
      if (qty.lte(0)) return reject('QTY_OFF_LOT', 'fraction gives a quantity below one lot')
      placeOrder(
        ctx,
        {
          kind: 'placeOrder',
          symbol: c.symbol,
          side: closeSide(p),
          positionSide: c.positionSide,
          type: c.price ? 'LIMIT' : 'MARKET',
          quantity: qty.toFixed(),
          ...(c.price ? { price: c.price, timeInForce: 'GTC' as const } : {}),
          ...(c.positionSide === 'BOTH' ? { reduceOnly: true } : {}),
        },
        reject,
      )
      return
    }
  }
}

function known(ctx: Ctx, symbol: string): boolean {
  return ctx.s.symbols.some((x) => x.symbol === symbol)
}

/**
 * amendOrder (issue 11 item 4): the amended order must pass every check a new order passes
 * (positive price on the tick, PERCENT_PRICE band, lot step, min notional, −2027 cap, order
 * cost against the available balance), judged with the original taken off the book so its
 * own margin is not counted twice; otherwise it is rejected and nothing changes. Amending into
 * a marketable price or an immediate trigger is rejected (a documented simplification).
 */
function amend(ctx: Ctx, c: Extract<TradeCommand, { kind: 'amendOrder' }>, reject: Reject): void {
  const o = findOrder(ctx, c.orderId)
  if (!o) return reject('UNKNOWN_ORDER', 'Unknown order sent (-2011)')
  if (c.price !== undefined && !o.price)
    return reject('INVALID_PARAMETER', 'price cannot be amended on an order without one')
  if (c.stopPrice !== undefined && (!o.stopPrice || o.triggered))
    return reject('INVALID_PARAMETER', 'stopPrice cannot be amended')
  if (c.quantity !== undefined && (!o.qty || new D(c.quantity).lte(o.executed)))
    return reject('QTY_OFF_LOT', 'quantity cannot be amended to that value')
  const qty = c.quantity !== undefined ? new D(c.quantity) : o.qty
  if (qty && !onStep(qty, spec(ctx, o.symbol).stepSize))
    return reject('QTY_OFF_LOT', `quantity ${qty.toFixed()} is not a multiple of the lot step`)
  const price = c.price ?? o.price?.toFixed()
  const stopPrice = c.stopPrice ?? o.stopPrice?.toFixed()
  // A triggered STOP / TAKE_PROFIT rests as a limit; judge it as one.
  const type = o.triggered && o.price ? 'LIMIT' : o.type
  const as: PlaceOrderCommand = {
    kind: 'placeOrder',
    symbol: o.symbol,
    side: o.side,
    positionSide: o.positionSide,
    type,
    ...(qty ? { quantity: qty.minus(o.executed).toFixed() } : {}),
    ...(price !== undefined ? { price } : {}),
    ...(stopPrice !== undefined && type !== 'LIMIT' ? { stopPrice } : {}),
    ...(type === 'LIMIT' || type === 'STOP' || type === 'TAKE_PROFIT'
      ? { timeInForce: o.tif }
      : {}),
    ...(o.reduceOnly ? { reduceOnly: true } : {}),
    ...(o.closePosition ? { closePosition: true } : {}),
    ...(type !== 'LIMIT' ? { workingType: o.workingType } : {}),
    ...(o.callbackRate ? { callbackRate: o.callbackRate.toFixed() } : {}),
    ...(o.activationPrice && !o.trailActive
      ? { activationPrice: o.activationPrice.toFixed() }
      : {}),
  }
  const at = ctx.s.orders.indexOf(o)
  ctx.s.orders.splice(at, 1)
  let failed = false
  const would = placeOrder(
    ctx,
    as,
    (name, message) => {
      failed = true
      reject(name, message)
    },
    o.origin,
    { checkOnly: true },
  )
  ctx.s.orders.splice(at, 0, o)
  if (failed || !would) return
  const lv = orderLevel(ctx, would)
  const sp = spec(ctx, o.symbol)
  const now =
    would.workingType === 'MARK_PRICE' && lv?.kind !== 'limit'
      ? markOrZero(ctx, o.symbol).toNearest(sp.tickSize, D.ROUND_DOWN)
      : (lastOf(ctx, o.symbol) ?? markOrZero(ctx, o.symbol))
  if (lv && crossedAt(lv, now))
    return reject(
      'ORDER_WOULD_TRIGGER_IMMEDIATELY',
      'amended order would execute or trigger immediately',
    )
  if (c.price !== undefined) o.price = new D(c.price)
  if (c.stopPrice !== undefined) o.stopPrice = new D(c.stopPrice)
  if (c.quantity !== undefined) o.qty = new D(c.quantity)
  o.updatedAt = ctx.s.t
  emit(ctx, { type: 'orderAmended', order: orderView(o, ctx) })
}

function adjustMargin(
  ctx: Ctx,
  c: Extract<TradeCommand, { kind: 'adjustMargin' }>,
  reject: Reject,
): void {
  const p = findPosition(ctx, c.symbol, c.positionSide)
  if (!p) return reject('MARGIN_NO_POSITION', 'Cannot add position margin: position is 0 (-4054)')
  if (p.marginType !== 'ISOLATED')
    return reject('NOT_ISOLATED', 'Margin can only be adjusted on isolated positions (-4046)')
  const amt = new D(c.amount)
  if (amt.lte(0)) return reject('MARGIN_AMOUNT_NOT_POSITIVE', 'Amount must be positive (-4055)')
  if (amt.decimalPlaces() > 8) return reject('INVALID_PARAMETER', 'amount has more than 8 decimals')
  if (c.action === 'ADD') {
    if (amt.gt(availableBalance(ctx)))
      return reject('MARGIN_INSUFFICIENT', 'Margin is insufficient (-2019)')
    p.isolatedMargin = p.isolatedMargin.plus(amt)
  } else {
    if (amt.gt(maxRemovable(ctx, p)))
      return reject('ISOLATED_MARGIN_REMOVE_TOO_MUCH', 'More than the removable margin (-4051)')
    p.isolatedMargin = p.isolatedMargin.minus(amt)
  }
  emit(ctx, {
    type: 'marginAdjusted',
    symbol: c.symbol,
    positionSide: c.positionSide,
    action: c.action,
    amount: money(amt),
  })
  emitPositionChanged(ctx, p)
}

/** §1.11 [S14]: max(0, min(isoW − MM, isoW + s·Q·(mark − EP) − mark·Q·IMR)). */
export function maxRemovable(ctx: Ctx, p: Parameters<typeof positionMM>[1]): Dec {
  const m = markOrZero(ctx, p.symbol)
  const lev = sym(ctx, p.symbol).leverage
  const a = p.isolatedMargin.minus(positionMM(ctx, p, m))
  const b = p.isolatedMargin
    .plus(m.minus(p.entry).times(p.qty).times(p.dir))
    .minus(m.times(p.qty).div(lev))
  return D.max(ZERO, D.min(a, b))
}

function setTpSl(
  ctx: Ctx,
  c: Extract<TradeCommand, { kind: 'setPositionTpSl' }>,
  reject: Reject,
): void {
  const p = findPosition(ctx, c.symbol, c.positionSide)
  if (!p) return reject('NO_POSITION', 'No position to attach TP/SL to')
  const legs = [
    { spec: c.takeProfit, type: 'TAKE_PROFIT_MARKET' as const },
    { spec: c.stopLoss, type: 'STOP_MARKET' as const },
  ]
  // All or nothing: every new leg is checked before any is placed, so a pair with one bad leg
  // is one commandRejected and changes nothing (it used to place the good leg, then reject).
  for (const leg of legs)
    if (leg.spec && !placePositionLeg(ctx, p, leg.type, leg.spec, reject, true, true)) return
  for (const leg of legs) {
    if (leg.spec === undefined) continue
    if (leg.spec === null) {
      const old = positionLeg(ctx, p, leg.type)
      if (old) cancelOrder(ctx, old, 'USER')
      continue
    }
    placePositionLeg(ctx, p, leg.type, leg.spec, reject, true)
  }
  emitPositionChanged(ctx, p)
}
