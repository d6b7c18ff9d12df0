/**
 * Read models (shared/trading/views.ts): every money field a DecimalString.
 *
 * Break-even price: the price at which closing the whole position with a taker fee
 * returns exactly the opening fees and net funding paid so far:
 *   long  BE = (Q·EP + openFees − funding) / (Q·(1 − taker))
 *   short BE = (Q·EP − openFees + funding) / (Q·(1 + taker))
 * ADL rank (1..5, 0 when not in profit): score = PnL% × effective leverage (§1.7, current
 * Binance ranking, L confidence) bucketed at 0.5 / 1 / 2 / 4, since a one-trader simulator
 * has no population to take quantiles over.
 */
import type { AccountView, PositionView } from '../../shared/trading/views'
import { brackets, markOrZero, spec, sym, type Ctx } from './context'
import { D, type Dec, money, str, ZERO } from './decimal'
import { availableBalance, totalOrderMargin } from './accounting/available'
import { openOrderView } from './matching/order-book'
import {
  crossInitialMargin,
  crossMetrics,
  hasCross,
  isolatedMetrics,
  maintenance,
  marginRatio,
  positionMM,
  type ScopeMetrics,
  upnlAt,
} from './risk/margin'
import { liquidationPriceOf } from './risk/scope-prices'
import type { PositionState } from './state'

function pct(x: Dec): string {
  return x.isFinite() ? x.times(100).toDecimalPlaces(4).toFixed() : '999999'
}

export function breakEven(ctx: Ctx, p: PositionState): Dec {
  const taker = spec(ctx, p.symbol).takerFee
  const base = p.qty.times(p.entry)
  if (p.dir === 1)
    return base
      .plus(p.openFees)
      .minus(p.funding)
      .div(p.qty.times(D.sub(1, taker)))
  return base
    .minus(p.openFees)
    .plus(p.funding)
    .div(p.qty.times(D.add(1, taker)))
}

/**
 * The arguments after p are values the caller already holds at the current mark (a position
 * view computes them anyway); they are the very values this function would compute.
 */
export function adlScore(
  ctx: Ctx,
  p: PositionState,
  m: Dec = markOrZero(ctx, p.symbol),
  upnl: Dec = upnlAt(p, m),
  known?: { im: Dec; notional: Dec },
): Dec {
  // Not in profit: rank 0 without the divisions (the busy path's common case).
  if (upnl.lte(0)) return ZERO
  const lev = sym(ctx, p.symbol).leverage
  const im = known ? known.im : p.qty.times(p.entry).div(lev)
  if (im.isZero()) return ZERO
  const margin = p.marginType === 'ISOLATED' ? p.isolatedMargin : im
  const mb = margin.plus(upnl)
  const effLev = mb.gt(0) ? (known ? known.notional : p.qty.times(m)).div(mb) : new D(lev)
  return upnl.div(im).times(effLev)
}

export function adlRank(
  ctx: Ctx,
  p: PositionState,
  m?: Dec,
  upnl?: Dec,
  known?: { im: Dec; notional: Dec },
): number {
  const s = adlScore(ctx, p, m, upnl, known)
  if (s.lte(0)) return 0
  return s.lt(0.5) ? 1 : s.lt(1) ? 2 : s.lt(2) ? 3 : s.lt(4) ? 4 : 5
}

/**
 * @param cross the cross scope's metrics when the caller already has them (accountView reads
 *   every position at the same marks: one crossMetrics for all of them).
 */
export function positionView(
  ctx: Ctx,
  p: PositionState,
  withHistory = false,
  cross?: ScopeMetrics,
): PositionView {
  const m = markOrZero(ctx, p.symbol)
  const st = sym(ctx, p.symbol)
  const sp = spec(ctx, p.symbol)
  // Each value is computed once and shared by the fields, the scope metrics and the ADL rank
  // (the same expressions the helpers evaluate, so the same Decimals: issue 16).
  const upnl = upnlAt(p, m)
  const notional = p.qty.times(m)
  const mm = maintenance(brackets(ctx, p.symbol), notional)
  const im = p.qty.times(p.entry).div(st.leverage)
  const lp = liquidationPriceOf(ctx, p)
  const ratio = marginRatio(
    p.marginType === 'ISOLATED'
      ? { wallet: p.isolatedMargin, upnl, mm, marginBalance: p.isolatedMargin.plus(upnl) }
      : (cross ?? crossMetrics(ctx, { p, upnl, mm })),
  )
  const v: PositionView = {
    symbol: p.symbol,
    positionSide: p.positionSide,
    size: str(p.positionSide === 'BOTH' ? p.qty.times(p.dir) : p.qty),
    entryPrice: str(p.entry.toDecimalPlaces(8)),
    breakEvenPrice: str(breakEven(ctx, p).toDecimalPlaces(8)),
    markPrice: str(m),
    liquidationPrice: lp ? str(lp.toNearest(sp.tickSize, D.ROUND_HALF_UP)) : '',
    marginType: p.marginType,
    leverage: st.leverage,
    notional: str(notional),
    margin: money(p.marginType === 'ISOLATED' ? p.isolatedMargin : notional.div(st.leverage)),
    maintenanceMargin: money(mm),
    unrealizedPnl: money(upnl),
    roe: im.isZero() ? '0' : pct(upnl.div(im)),
    marginRatio: pct(ratio),
    adlRank: adlRank(ctx, p, m, upnl, { im, notional }),
    realizedPnl: money(p.realizedPnl),
    fundingPaid: money(p.funding.neg()),
  }
  if (withHistory)
    v.fundingHistory = (p.fundingHistory ?? []).map((h) => ({
      t: h.t,
      rate: h.rate.toFixed(),
      markPrice: h.mark.toFixed(),
      amount: money(h.amount),
    }))
  for (const o of ctx.s.orders) {
    if (o.symbol !== p.symbol || o.positionSide !== p.positionSide || o.origin !== 'POSITION_TPSL')
      continue
    const tp = { orderId: o.id, stopPrice: str(o.stopPrice!), workingType: o.workingType }
    if (o.type === 'TAKE_PROFIT_MARKET') v.takeProfit = tp
    else v.stopLoss = tp
  }
  return v
}

export function accountView(ctx: Ctx): AccountView {
  const c = crossMetrics(ctx)
  let isoMargin = ZERO
  for (const p of ctx.s.positions)
    if (p.marginType === 'ISOLATED') isoMargin = isoMargin.plus(p.isolatedMargin)
  let upnl = ZERO
  for (const p of ctx.s.positions) upnl = upnl.plus(upnlAt(p, markOrZero(ctx, p.symbol)))
  const marks: Record<string, string> = {}
  for (const s of ctx.s.symbols) if (s.mark) marks[s.symbol] = String(s.mark.c)
  return {
    t: ctx.s.t,
    positionMode: ctx.s.hedge ? 'HEDGE' : 'ONE_WAY',
    walletBalance: money(ctx.s.wallet),
    unrealizedPnl: money(upnl),
    marginBalance: money(ctx.s.wallet.plus(upnl)),
    maintenanceMargin: money(
      ctx.s.positions.reduce((a, p) => a.plus(positionMM(ctx, p, markOrZero(ctx, p.symbol))), ZERO),
    ),
    initialMargin: money(crossInitialMargin(ctx).plus(isoMargin).plus(totalOrderMargin(ctx))),
    availableBalance: money(availableBalance(ctx, c)),
    marginRatio: hasCross(ctx) ? pct(marginRatio(c)) : '0',
    insuranceFund: money(ctx.s.insuranceFund),
    positions: ctx.s.positions.map((p) => positionView(ctx, p, true, c)),
    openOrders: ctx.s.orders.map((o) => openOrderView(o, ctx)),
    symbols: ctx.s.symbols.map((s) => ({
      symbol: s.symbol,
      leverage: s.leverage,
      marginType: s.marginType,
    })),
    totals: {
      fees: money(ctx.s.totals.fees),
      funding: money(ctx.s.totals.funding),
      realizedPnl: money(ctx.s.totals.realizedPnl),
    },
    marks,
  }
}

/**
 * The account's risk in three figures, for callers that sample it on many steps (the coach's
 * stress test and equity re-folds): exactly what accountView() would print, without building
 * the view (no liquidation-price solve, ADL rank, break-even or order views per read).
 */
export interface RiskRead {
  /** = accountView().marginBalance */
  marginBalance: string
  /** = the highest of accountView().marginRatio and every position's marginRatio (same strings). */
  worstMarginRatio: string
  /** An open order, or a position of non-zero size. */
  exposed: boolean
}

export function riskRead(ctx: Ctx): RiskRead {
  let upnl = ZERO
  // compared as the printed percentages, as a reader of the views would compare them
  let worst = hasCross(ctx) ? pct(marginRatio(crossMetrics(ctx))) : '0'
  let worstD = new D(worst)
  let exposed = ctx.s.orders.length > 0
  for (const p of ctx.s.positions) {
    upnl = upnl.plus(upnlAt(p, markOrZero(ctx, p.symbol)))
    if (!p.qty.isZero()) exposed = true
    // a cross position's ratio is the account's (positionView); an isolated one has its own
    if (p.marginType === 'ISOLATED') {
      const r = pct(marginRatio(isolatedMetrics(ctx, p)))
      const rD = new D(r)
      if (rD.gt(worstD)) [worst, worstD] = [r, rD]
    }
  }
  return { marginBalance: money(ctx.s.wallet.plus(upnl)), worstMarginRatio: worst, exposed }
}
