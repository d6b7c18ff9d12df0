/**
 * Funding settlement (exchange-rules.md §1.6): at each recorded (or defaulted) funding
 * time every open position of the symbol pays s·Q·markPrice·rate; a positive rate means
 * longs pay and shorts receive. Payments round away from zero, receipts toward zero
 * (8 dp). Isolated positions settle against their isolated wallet, which moves the LP (and
 * may go below zero: the risk pass then liquidates, the fund takes the shortfall).
 * Returns the margin-buffer change per risk scope, so the fast path can skip the
 * post-funding risk pass when every scope keeps a positive buffer.
 */
import type { Dec } from '../decimal'
import { chargeUp, creditDown, money } from '../decimal'
import { emit, type Ctx } from '../context'
import { scopeKey } from '../risk/check'

export function settleFunding(
  ctx: Ctx,
  symbol: string,
  rate: Dec,
  mark: Dec,
  origin: 'recorded' | 'default',
): { key: string; delta: Dec; clamped: boolean }[] {
  const deltas: { key: string; delta: Dec; clamped: boolean }[] = []
  for (const p of ctx.s.positions) {
    if (p.symbol !== symbol) continue
    const raw = p.qty.times(mark).times(rate).times(p.dir).neg()
    const amount = raw.lt(0) ? chargeUp(raw.abs()).neg() : creditDown(raw)
    if (amount.isZero()) continue
    p.funding = p.funding.plus(amount)
    ;(p.fundingHistory ??= []).push({ t: ctx.s.t, rate, mark, amount })
    const iso = p.marginType === 'ISOLATED'
    // Rule 1 (issue 12): funding is charged to the isolated margin even past zero; the risk
    // pass then liquidates the position and the shortfall takes the gap-past-bankruptcy path
    // (insurance fund), so the cross wallet never pays an isolated position's funding.
    const clamped = iso && p.isolatedMargin.plus(amount).lt(0)
    if (iso) p.isolatedMargin = p.isolatedMargin.plus(amount)
    deltas.push({
      key: scopeKey(iso ? { kind: 'ISOLATED', pos: p } : { kind: 'CROSSED' }),
      delta: amount,
      clamped,
    })
    ctx.s.wallet = ctx.s.wallet.plus(amount)
    ctx.s.totals.funding = ctx.s.totals.funding.plus(amount)
    emit(ctx, {
      type: 'fundingSettled',
      symbol,
      positionSide: p.positionSide,
      rate: rate.toFixed(),
      markPrice: mark.toFixed(),
      amount: money(amount),
      rateOrigin: origin,
    })
  }
  return deltas
}
