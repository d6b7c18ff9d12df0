/**
 * Margin arithmetic (exchange-rules.md §1.1–§1.2): notional, unrealized PnL at mark,
 * maintenance margin from the brackets, initial margin, and the two risk scopes:
 * the cross account (cross wallet + Σ cross UPnL vs Σ cross MM) and each isolated
 * position (its isolated wallet + UPnL vs its MM). Margin ratio = MM / margin balance.
 */
import { brackets, markOrZero, sym, type Ctx } from '../context'
import { D, type Dec, ZERO } from '../decimal'
import { bracketFor, type Bracket } from '../instruments'
import type { PositionState } from '../state'

export function upnlAt(p: PositionState, mark: Dec): Dec {
  return mark.minus(p.entry).times(p.qty).times(p.dir)
}

/** MM(N) = N·MMR_k − cum_k with k the bracket of N (§1.2). */
export function maintenance(table: Bracket[], notional: Dec): Dec {
  const b = bracketFor(table, notional)
  return notional.times(b.mmr).minus(b.cum)
}

export function positionMM(ctx: Ctx, p: PositionState, mark: Dec): Dec {
  return maintenance(brackets(ctx, p.symbol), p.qty.times(mark))
}

export interface ScopeMetrics {
  wallet: Dec
  upnl: Dec
  mm: Dec
  marginBalance: Dec
}

/** Cross wallet = total wallet − Σ isolated wallets. */
export function crossWallet(ctx: Ctx): Dec {
  let w = ctx.s.wallet
  for (const p of ctx.s.positions) if (p.marginType === 'ISOLATED') w = w.minus(p.isolatedMargin)
  return w
}

/**
 * @param known one cross position's UPnL and MM at its current mark when the caller computed
 *   them already (a position view): the same values enter the same sums in the same order.
 */
export function crossMetrics(
  ctx: Ctx,
  known?: { p: PositionState; upnl: Dec; mm: Dec },
): ScopeMetrics {
  const wallet = crossWallet(ctx)
  let upnl = ZERO
  let mm = ZERO
  for (const p of ctx.s.positions) {
    if (p.marginType !== 'CROSSED') continue
    if (known && known.p === p) {
      upnl = upnl.plus(known.upnl)
      mm = mm.plus(known.mm)
      continue
    }
    const m = markOrZero(ctx, p.symbol)
    upnl = upnl.plus(upnlAt(p, m))
    mm = mm.plus(positionMM(ctx, p, m))
  }
  return { wallet, upnl, mm, marginBalance: wallet.plus(upnl) }
}

export function isolatedMetrics(ctx: Ctx, p: PositionState): ScopeMetrics {
  const m = markOrZero(ctx, p.symbol)
  const upnl = upnlAt(p, m)
  const mm = positionMM(ctx, p, m)
  return { wallet: p.isolatedMargin, upnl, mm, marginBalance: p.isolatedMargin.plus(upnl) }
}

/** MM / margin balance as a fraction; Infinity when the margin balance is ≤ 0. */
export function marginRatio(x: ScopeMetrics): Dec {
  if (x.marginBalance.lte(0)) return new D(Infinity)
  return x.mm.div(x.marginBalance)
}

/** Liquidation condition (§0.2, §1.1): margin balance ≤ maintenance margin. */
export function liquidatable(x: ScopeMetrics, hasPositions: boolean): boolean {
  return hasPositions && x.marginBalance.lte(x.mm)
}

export function hasCross(ctx: Ctx): boolean {
  for (const p of ctx.s.positions) if (p.marginType === 'CROSSED') return true
  return false
}

/** Initial margin of cross positions at mark and current leverage. */
export function crossInitialMargin(ctx: Ctx): Dec {
  let im = ZERO
  for (const p of ctx.s.positions) {
    if (p.marginType !== 'CROSSED') continue
    const lev = sym(ctx, p.symbol).leverage
    im = im.plus(p.qty.times(markOrZero(ctx, p.symbol)).div(lev))
  }
  return im
}
