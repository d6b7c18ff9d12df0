/**
 * Losses past bankruptcy outside the liquidation's own deficit (docs/engine.md "Liquidation and
 * beyond"). With negative-balance protection a negative wallet is reset to zero by the insurance
 * fund (exchange-rules.md §1.7); what the fund cannot pay is socialized. Two cases reach here:
 * - a trader's fill that closes part of an isolated position for more than the margin that part
 *   releases (a stop-market slipping past the bankruptcy price): the excess is covered, so the
 *   position never costs more than its margin (rule 1, issue 12);
 * - a wallet left below zero once positions are gone (e.g. opening fees paid out of money that
 *   was all committed as isolated margin, then those positions liquidated).
 * Without protection a loss past bankruptcy is the trader's debt (rule 3): the cross wallet
 * pays, and `walletNegative` reports a negative balance.
 */
import { emit, type Ctx } from '../context'
import { D, type Dec, money, ZERO } from '../decimal'

/** After a trader's fill: `shortfall` is the isolated excess past bankruptcy (0 if none). */
export function settleFillShortfall(ctx: Ctx, shortfall: Dec, orderId: string): void {
  if (!ctx.s.settings.negativeBalanceProtection) {
    if (positive(shortfall) && negative(ctx.s.wallet))
      emit(ctx, {
        type: 'walletNegative',
        walletBalance: money(ctx.s.wallet),
        deficit: money(shortfall),
      })
    return
  }
  if (positive(shortfall)) protect(ctx, shortfall, { cause: 'fillPastBankruptcy', orderId })
  resetNegativeWallet(ctx)
}

/** A wallet still below zero after a liquidation or a fill is reset to zero (protection on). */
export function resetNegativeWallet(ctx: Ctx): void {
  if (ctx.s.settings.negativeBalanceProtection && negative(ctx.s.wallet))
    protect(ctx, ctx.s.wallet.neg(), { cause: 'negativeWallet' })
}

/** x > 0 and x < 0 from the sign (every fill asks; `gt(0)` would build a Decimal 0 each time). */
const positive = (x: Dec): boolean => x.isPos() && !x.isZero()
const negative = (x: Dec): boolean => x.isNeg() && !x.isZero()

function protect(
  ctx: Ctx,
  owed: Dec,
  why: { cause: 'fillPastBankruptcy'; orderId: string } | { cause: 'negativeWallet' },
): void {
  const cover = D.min(owed, D.max(ZERO, ctx.s.insuranceFund))
  const rest = owed.minus(cover)
  ctx.s.insuranceFund = ctx.s.insuranceFund.minus(cover)
  ctx.s.wallet = ctx.s.wallet.plus(owed)
  ctx.s.totals.insuranceCoverage = ctx.s.totals.insuranceCoverage.plus(cover)
  ctx.s.totals.socializedLoss = ctx.s.totals.socializedLoss.plus(rest)
  emit(ctx, {
    type: 'balanceProtected',
    insurance: money(cover),
    socialized: money(rest),
    ownLeg: '0',
    ...why,
  })
}
