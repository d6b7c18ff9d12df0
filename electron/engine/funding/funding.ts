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
import { chargeUp, creditDown, money, plus, str, times } from '../decimal'
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
  // the event texts once per settlement (str: toFixed()'s text), not once per position
  let rateText: string | null = null
  let markText = ''
  for (const p of ctx.s.positions) {
    if (p.symbol !== symbol) continue
    // −dir·Q·mark·rate: the sign applied by neg() alone (times(±1) of a 40-digit product is
    // exact, so it is the same value; a zero amount is skipped below whatever its sign)
    const x = times(times(p.qty, mark), rate)
    const raw = p.dir > 0 ? x.neg() : x
    const amount = raw.isNeg() && !raw.isZero() ? chargeUp(raw.abs()).neg() : creditDown(raw)
    if (amount.isZero()) continue
    p.funding = plus(p.funding, amount)
    ;(p.fundingHistory ??= []).push({ t: ctx.s.t, rate, mark, amount })
    const iso = p.marginType === 'ISOLATED'
    // Rule 1 (issue 12): funding is charged to the isolated margin even past zero; the risk
    // pass then liquidates the position and the shortfall takes the gap-past-bankruptcy path
    // (insurance fund), so the cross wallet never pays an isolated position's funding.
    let clamped = false
    if (iso) {
      p.isolatedMargin = plus(p.isolatedMargin, amount)
      clamped = p.isolatedMargin.isNeg() && !p.isolatedMargin.isZero()
    }
    deltas.push({
      key: scopeKey(iso ? { kind: 'ISOLATED', pos: p } : { kind: 'CROSSED' }),
      delta: amount,
      clamped,
    })
    ctx.s.wallet = plus(ctx.s.wallet, amount)
    ctx.s.totals.funding = plus(ctx.s.totals.funding, amount)
    if (rateText === null) {
      rateText = str(rate)
      markText = str(mark)
    }
    emit(ctx, {
      type: 'fundingSettled',
      symbol,
      positionSide: p.positionSide,
      rate: rateText,
      markPrice: markText,
      amount: money(amount),
      rateOrigin: origin,
    })
  }
  return deltas
}
