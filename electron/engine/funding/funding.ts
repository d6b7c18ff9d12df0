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
import { chargeUp, creditDown, decFromInt, money, MONEY_DP, plus, str, times } from '../decimal'
import { POW10, readScaled, SC, scaledText, TWO52 } from '../decimal-words'
import { type Ctx } from '../context'
import { scopeKey } from '../risk/check'
import type { Scope } from '../risk/liquidation'

const CROSSED: Scope = { kind: 'CROSSED' }

export interface FundingDelta {
  key: string
  delta: Dec
  clamped: boolean
}

export function settleFunding(
  ctx: Ctx,
  symbol: string,
  rate: Dec,
  mark: Dec,
  origin: 'recorded' | 'default',
): FundingDelta[] {
  const deltas: FundingDelta[] = []
  // the event texts once per settlement (str: toFixed()'s text), not once per position
  let rateText: string | null = null
  let markText = ''
  for (const p of ctx.s.positions) {
    if (p.symbol !== symbol) continue
    const settled = fundingAmount(p.qty, mark, rate, p.dir > 0)
    if (settled === null) continue
    const amount = settled.amount
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
      key: scopeKey(iso ? { kind: 'ISOLATED', pos: p } : CROSSED),
      delta: amount,
      clamped,
    })
    ctx.s.wallet = plus(ctx.s.wallet, amount)
    ctx.s.totals.funding = plus(ctx.s.totals.funding, amount)
    if (rateText === null) {
      rateText = rateStr(rate)
      markText = str(mark)
    }
    // emit()'s event, built in place (the same keys in the same order: seq, t, then the body)
    ctx.out.push({
      seq: ++ctx.s.seq,
      t: ctx.s.t,
      type: 'fundingSettled',
      symbol,
      positionSide: p.positionSide,
      rate: rateText,
      markPrice: markText,
      amount: settled.text,
      rateOrigin: origin,
    })
  }
  return deltas
}

/**
 * One position's settlement −dir·Q·mark·rate rounded to 8 dp (a payment away from zero, a
 * receipt toward zero) and its money() text; null when it rounds to zero (nothing settles).
 */
export function fundingAmount(
  qty: Dec,
  mark: Dec,
  rate: Dec,
  long: boolean,
): { amount: Dec; text: string } | null {
  if (amountScaled(qty, mark, rate, long)) {
    const m = AMT.m
    if (m === 0) return null
    // money()'s text of a value on the 8 dp grid: its own digits, trailing zeros trimmed
    return { amount: decFromInt(m < 0, m < 0 ? -m : m, -AMT.dp), text: scaledText(m, AMT.dp) }
  }
  // the sign applied by neg() alone (times(±1) of a 40-digit product is exact, so it is the
  // same value; a zero amount is skipped whatever its sign)
  const x = times(times(qty, mark), rate)
  const raw = long ? x.neg() : x
  const amount = raw.isNeg() && !raw.isZero() ? chargeUp(raw.abs()).neg() : creditDown(raw)
  return amount.isZero() ? null : { amount, text: money(amount) }
}

/** The settled amount found by amountScaled: AMT.m · 10^−AMT.dp (0: nothing to settle). */
const AMT = { m: 0, dp: 0 }

/**
 * −dir·Q·mark·rate rounded to 8 dp (a payment away from zero, a receipt toward zero) on
 * integers held exactly in doubles: Q, mark and rate as m·10^−dp of at most 15 digits and
 * every product below 2^52, so each is the exact product, which decimal.js's 40 digits hold
 * unrounded too; the rounding divides by 10^k with the quotient corrected on the exact
 * remainder. The same value as the Decimal computation, hence the same Decimal and text
 * (test/engine/funding-amount.test.ts). False (nothing written) when a factor is zero or
 * longer, or a product reaches 2^52: the caller takes the Decimal computation.
 */
function amountScaled(qty: Dec, mark: Dec, rate: Dec, long: boolean): boolean {
  if (qty.isZero() || mark.isZero() || rate.isZero()) return false
  if (!readScaled(qty.d, qty.e, qty.s)) return false
  let m = SC.m
  let dp = SC.dp
  if (!readScaled(mark.d, mark.e, mark.s)) return false
  m *= SC.m
  dp += SC.dp
  if (!(m < TWO52 && m > -TWO52) || !readScaled(rate.d, rate.e, rate.s)) return false
  m *= SC.m
  dp += SC.dp
  if (!(m < TWO52 && m > -TWO52)) return false
  if (long) m = -m
  if (dp > MONEY_DP) {
    const k = dp - MONEY_DP
    if (k > 22) return false
    const p = POW10[k]!
    const a = m < 0 ? -m : m
    // the rounded quotient is at least ⌊a/p⌋ and below it + 1: one correction on the remainder
    let q = Math.floor(a / p)
    if (q * p > a) q--
    if (m < 0 && a - q * p > 0) q++
    m = m < 0 ? -q : q
    dp = MONEY_DP
  }
  AMT.m = m
  AMT.dp = dp
  return true
}

/** The rate's text, kept for the last rate Decimal (the engine reuses one per rate text). */
let lastRate: Dec | null = null
let lastRateText = ''
function rateStr(rate: Dec): string {
  if (rate !== lastRate) {
    lastRateText = str(rate)
    lastRate = rate
  }
  return lastRateText
}
