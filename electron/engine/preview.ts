/**
 * What-if helpers for the desk and the coach: order cost / margin / fee / resulting
 * liquidation price of a prospective order (computed on a throw-away copy of the engine,
 * so the live state never changes), and a pure liquidation-price calculator.
 */
import type { PlaceOrderCommand, PositionSide } from '../../shared/trading/commands'
import type { OrderCostPreview } from '../../shared/trading/preview'
import type { BracketSpec } from '../../shared/trading/settings'
import { lastOf, markOf, spec, sym, type Ctx } from './context'
import { D, money, str } from './decimal'
import { tradingFee } from './accounting/fees'
import { applyTrade, findPosition } from './accounting/positions'
import { restoreCore, type EngineCore } from './engine'
import { bracketsFromSpec } from './instruments'
import { orderCost } from './matching/order-checks'
import { slipped } from './matching/slippage'
import { bybitIsolatedLiquidationPrice, solveLiquidationPrice } from './risk/liquidation-price'
import { liquidationPriceOf } from './risk/scope-prices'

export function previewOnCore(core: EngineCore, c: PlaceOrderCommand): OrderCostPreview {
  const clone = restoreCore(core.snapshot(), false)
  const events = clone.apply({ kind: 'command', t: core.s.t, command: c })
  const rej = events.find((e) => e.type === 'commandRejected')
  const ctx = clone.ctx()
  const qty = c.quantity
    ? new D(c.quantity)
    : (findPosition(ctx, c.symbol, c.positionSide)?.qty ?? new D(0))
  const last = lastOf(ctx, c.symbol) ?? new D(0)
  const mark = markOf(ctx, c.symbol) ?? last
  // §1.4 assumed price: the order's price; for a market order the fill it would get (last +
  // slippage), and for a market SELL max(last × 1.0015, mark, that fill) (mirror rule).
  let price = c.price ? new D(c.price) : c.stopPrice ? new D(c.stopPrice) : last
  if (c.type === 'MARKET' && qty.gt(0)) {
    const fill = slipped(ctx, c.symbol, last, qty, c.side).price
    price = c.side === 'BUY' ? fill : D.max(last.times('1.0015'), mark, fill)
  }
  const lev = sym(ctx, c.symbol).leverage
  const cost = orderCost(c.side, qty, price, mark, lev)
  const fills = events.filter((e) => e.type === 'orderFilled')
  let fee = fills.reduce((a, e) => (e.type === 'orderFilled' ? a.plus(e.fill.fee) : a), new D(0))
  if (!rej && fills.length === 0 && qty.gt(0)) {
    // Resting order: book it as if filled at its price on the throw-away copy.
    fee = tradingFee(spec(ctx, c.symbol), qty, price, c.type === 'LIMIT')
    applyTrade(ctx, {
      symbol: c.symbol,
      positionSide: c.positionSide,
      side: c.side,
      qty,
      price,
      fee,
    })
  }
  const out: OrderCostPreview = {
    cost: money(cost.cost),
    initialMargin: money(cost.initialMargin),
    openLoss: money(cost.openLoss),
    fee: money(fee),
    liquidationPrice: displayedLiquidationPrice(ctx, c.symbol, c.positionSide),
  }
  if (rej && rej.type === 'commandRejected') out.rejection = rej.rejection
  return out
}

/** Liquidation price of the position on (symbol, positionSide), on the tick half-up ('' when none). */
export function displayedLiquidationPrice(
  ctx: Ctx,
  symbol: string,
  positionSide: PositionSide,
): string {
  const p = findPosition(ctx, symbol, positionSide)
  const lp = p ? liquidationPriceOf(ctx, p) : null
  return lp ? str(lp.toNearest(spec(ctx, symbol).tickSize, D.ROUND_HALF_UP)) : ''
}

export interface LiquidationPriceArgs {
  /** Wallet balance: cross wallet, or the isolated wallet of the position. */
  walletBalance: string
  side: 'LONG' | 'SHORT'
  quantity: string
  entryPrice: string
  /** Cross only: maintenance margin and unrealized PnL of all other contracts. */
  otherMaintenance?: string
  otherUnrealizedPnl?: string
  /** Either a bracket table (chosen at the LP) or one fixed MMR + maintenance amount. */
  brackets?: BracketSpec[]
  mmr?: string
  maintAmount?: string
  /** Round to this many decimals (half-up); raw when omitted. */
  decimals?: number
}

/** §1.3 closed form, one-way mode: returns '' when there is no positive liquidation price. */
export function liquidationPriceFor(a: LiquidationPriceArgs): string {
  const W = new D(a.walletBalance).minus(a.otherMaintenance ?? 0).plus(a.otherUnrealizedPnl ?? 0)
  const table = a.brackets
    ? bracketsFromSpec(a.brackets)
    : [
        {
          floor: new D(0),
          cap: new D('1e30'),
          maxLeverage: 125,
          mmr: new D(a.mmr ?? 0),
          cum: new D(a.maintAmount ?? 0),
        },
      ]
  const lp = solveLiquidationPrice(W, [
    {
      dir: a.side === 'LONG' ? 1 : -1,
      qty: new D(a.quantity),
      entry: new D(a.entryPrice),
      brackets: table,
    },
  ])
  if (!lp) return ''
  return a.decimals === undefined
    ? lp.toFixed()
    : lp.toDecimalPlaces(a.decimals, D.ROUND_HALF_UP).toFixed()
}

/** §1.4 cost of an order from plain strings (the FAQ example: 462.66 long, 469.20 short). */
export function orderCostFor(a: {
  side: 'BUY' | 'SELL'
  quantity: string
  price: string
  markPrice: string
  leverage: number
}): { initialMargin: string; openLoss: string; cost: string } {
  const c = orderCost(a.side, new D(a.quantity), new D(a.price), new D(a.markPrice), a.leverage)
  return {
    initialMargin: c.initialMargin.toFixed(),
    openLoss: c.openLoss.toFixed(),
    cost: c.cost.toFixed(),
  }
}

/** Bybit's isolated LP from plain strings (§2: long 1 BTC @ 20,000, 50x, MMR 0.5 % → 19,700). */
export function bybitLiquidationPriceFor(a: {
  side: 'LONG' | 'SHORT'
  quantity: string
  entryPrice: string
  leverage: string
  mmr: string
  deduction?: string
  extraMargin?: string
}): string {
  return bybitIsolatedLiquidationPrice({
    dir: a.side === 'LONG' ? 1 : -1,
    qty: new D(a.quantity),
    entry: new D(a.entryPrice),
    leverage: new D(a.leverage),
    mmr: new D(a.mmr),
    deduction: new D(a.deduction ?? 0),
    extraMargin: new D(a.extraMargin ?? 0),
  }).toFixed()
}
