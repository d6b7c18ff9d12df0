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
import { brackets, markOrZero, spec, type Ctx } from './context'
import { type Dec, money, MONEY_DP, str, toNum, ZERO } from './decimal'
import { availableBalance, totalOrderMargin } from './accounting/available'
import { openOrderView } from './matching/order-book'
import {
  crossInitialMargin,
  crossMetrics,
  hasCross,
  marginRatio,
  positionMM,
  type ScopeMetrics,
  upnlAt,
} from './risk/margin'
import { liquidationPriceTicksOf } from './risk/scope-prices'
import type { PositionState } from './state'
import { add, cmp, EX_ZERO, exOf, exStr, fromDec, isZero, RM, sub, type Ex } from './exact'
import {
  adlRank,
  adlScore,
  divToDp,
  fixedText,
  levEx,
  maintenanceEx,
  moneyEx,
  pctOf,
  positionNumbers,
  ratioPct,
} from './position-numbers'

export { adlScore }

function pct(x: Dec): string {
  return x.isFinite() ? x.times(100).toDecimalPlaces(4).toFixed() : '999999'
}

/**
 * The position's read model. Every number is computed in exact scaled integers that round
 * exactly as the engine's Decimals (exact.ts; issue 16: this view is built on every fill),
 * each value once and shared by the fields, the scope metrics and the ADL rank.
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
  const sp = spec(ctx, p.symbol)
  const { f, lev, upnl, notional, im } = positionNumbers(ctx, p, m)
  const text = fixedText(f, p, sp.takerFee)
  const mm = maintenanceEx(brackets(ctx, p.symbol), notional)
  const lp = liquidationPriceTicksOf(ctx, p, exOf(sp.tickSize), toNum(sp.tickSize))
  const iso = p.marginType === 'ISOLATED'
  const isoW = iso ? fromDec(p.isolatedMargin) : EX_ZERO
  // margin ratio of the position's scope: MM / margin balance (risk/margin.ts marginRatio)
  let scopeMm: Ex
  let scopeMb: Ex
  if (iso) {
    scopeMm = mm
    scopeMb = add(isoW, upnl)
  } else if (cross) {
    scopeMm = fromDec(cross.mm)
    scopeMb = fromDec(cross.marginBalance)
  } else ({ mm: scopeMm, marginBalance: scopeMb } = crossMetricsEx(ctx, p, upnl, mm))
  // UPnL / IM: the ROE and the ADL score's PnL% (divided from doubles unless too close to call)
  const roe = !isZero(im)
  const v: PositionView = {
    symbol: p.symbol,
    positionSide: p.positionSide,
    size: text.size,
    entryPrice: text.entryPrice,
    breakEvenPrice: text.breakEvenPrice,
    markPrice: str(m),
    liquidationPrice: lp ? exStr(lp) : '',
    marginType: p.marginType,
    leverage: lev,
    notional: exStr(notional),
    margin: iso ? moneyEx(isoW) : exStr(divToDp(notional, levEx(lev), 0, MONEY_DP, RM.HALF_UP)),
    maintenanceMargin: moneyEx(mm),
    unrealizedPnl: moneyEx(upnl),
    roe: roe ? pctOf(upnl, im) : '0',
    marginRatio: exStr(ratioPct({ mm: scopeMm, marginBalance: scopeMb })),
    adlRank: roe ? adlRank({ p, lev, upnl, im, notional }) : 0,
    realizedPnl: text.realizedPnl,
    fundingPaid: text.fundingPaid,
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

/**
 * The cross scope's MM and margin balance (risk/margin.ts crossMetrics) in exact scaled
 * integers: the same sums in the same order; `p`'s UPnL and MM are the ones already computed.
 */
function crossMetricsEx(
  ctx: Ctx,
  p?: PositionState,
  pUpnl: Ex = EX_ZERO,
  pMm: Ex = EX_ZERO,
): { mm: Ex; marginBalance: Ex } {
  let wallet = fromDec(ctx.s.wallet)
  for (const q of ctx.s.positions)
    if (q.marginType === 'ISOLATED') wallet = sub(wallet, fromDec(q.isolatedMargin))
  let upnl = EX_ZERO
  let mm = EX_ZERO
  for (const q of ctx.s.positions) {
    if (q.marginType !== 'CROSSED') continue
    if (q === p) {
      upnl = add(upnl, pUpnl)
      mm = add(mm, pMm)
      continue
    }
    const x = positionNumbers(ctx, q, markOrZero(ctx, q.symbol))
    upnl = add(upnl, x.upnl)
    mm = add(mm, maintenanceEx(brackets(ctx, q.symbol), x.notional))
  }
  return { mm, marginBalance: add(wallet, upnl) }
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
  // compared as the printed percentages, as a reader of the views would compare them; the
  // numbers in exact scaled integers rounding like D (exact.ts: the coach samples this per step)
  let worst = hasCross(ctx) ? ratioPct(crossMetricsEx(ctx)) : EX_ZERO
  let upnl = EX_ZERO
  let exposed = ctx.s.orders.length > 0
  for (const p of ctx.s.positions) {
    const x = positionNumbers(ctx, p, markOrZero(ctx, p.symbol))
    upnl = add(upnl, x.upnl)
    if (!p.qty.isZero()) exposed = true
    // a cross position's ratio is the account's (positionView); an isolated one has its own
    if (p.marginType === 'ISOLATED') {
      const mm = maintenanceEx(brackets(ctx, p.symbol), x.notional)
      const r = ratioPct({ mm, marginBalance: add(fromDec(p.isolatedMargin), x.upnl) })
      if (cmp(r, worst) > 0) worst = r
    }
  }
  return {
    marginBalance: moneyEx(add(fromDec(ctx.s.wallet), upnl)),
    worstMarginRatio: exStr(worst),
    exposed,
  }
}
