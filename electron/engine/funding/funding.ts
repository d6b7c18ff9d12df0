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
import { chargeUp, creditDown, D, decFromInt, money, MONEY_DP, plus, times } from '../decimal'
import { POW10, readScaled, SC, scaledText, sumScaled, TWO52 } from '../decimal-words'
import { type Ctx } from '../context'
import { numOf } from '../risk/approx'
import { isoKey } from '../risk/check'
import { markFactor, rateFactor } from './factor'
import { keepScaled, scaledOf } from './scaled-memo'

export interface FundingDelta {
  key: string
  /** The scope's wallet change as a double within 1e-14 relative (absorb.ts absorbFunding). */
  delta: number
  clamped: boolean
}

/** Settles `symbol`'s positions at the input's rate and mark texts. */
export function settleFunding(
  ctx: Ctx,
  symbol: string,
  rateText: string,
  markText: string,
  origin: 'recorded' | 'default',
): FundingDelta[] {
  const deltas: FundingDelta[] = []
  // each text read once per distinct text (a recorded series repeats its rate); read even
  // with nothing to settle, so a text new D refuses throws whatever the positions
  const rate = rateFactor(rateText)
  const mark = markFactor(markText)
  const s = ctx.s
  for (const p of s.positions) {
    if (p.symbol !== symbol) continue
    const long = p.dir > 0
    let amount: Dec
    let text: string
    let delta: number
    // (a factor's dp is −1 when it is zero or too long for the integers)
    if (
      mark.dp >= 0 &&
      rate.dp >= 0 &&
      scaledAmount(p.qty, mark.m, mark.dp, rate.m, rate.dp, long)
    ) {
      const m = AMT.m
      const dp = AMT.dp
      if (m === 0) continue
      amount = decFromInt(m < 0, m < 0 ? -m : m, -dp)
      keepScaled(amount, m, dp)
      text = scaledText(m, dp)
      delta = m / POW10[dp]!
      // the balances on the same integers when the sums stay exact (`plus` otherwise)
      p.funding = plusScaled(p.funding, amount, m, dp)
      if (p.marginType === 'ISOLATED')
        p.isolatedMargin = plusScaled(p.isolatedMargin, amount, m, dp)
      s.wallet = plusScaled(s.wallet, amount, m, dp)
      s.totals.funding = plusScaled(s.totals.funding, amount, m, dp)
    } else {
      const settled = fundingAmount(p.qty, mark.dec, rate.dec, long)
      if (settled === null) continue
      amount = settled.amount
      text = settled.text
      delta = numOf(amount)
      p.funding = plus(p.funding, amount)
      if (p.marginType === 'ISOLATED') p.isolatedMargin = plus(p.isolatedMargin, amount)
      s.wallet = plus(s.wallet, amount)
      s.totals.funding = plus(s.totals.funding, amount)
    }
    ;(p.fundingHistory ??= []).push({ t: s.t, rate: rate.dec, mark: mark.dec, amount })
    // Rule 1 (issue 12): funding is charged to the isolated margin even past zero; the risk
    // pass then liquidates the position and the shortfall takes the gap-past-bankruptcy path
    // (insurance fund), so the cross wallet never pays an isolated position's funding.
    const iso = p.marginType === 'ISOLATED'
    deltas.push({
      key: iso ? isoKey(p.symbol, p.positionSide) : 'CROSS',
      delta,
      clamped: iso && p.isolatedMargin.isNeg() && !p.isolatedMargin.isZero(),
    })
    // emit()'s event, built in place (the same keys in the same order: seq, t, then the body)
    ctx.out.push({
      seq: ++s.seq,
      t: s.t,
      type: 'fundingSettled',
      symbol,
      positionSide: p.positionSide,
      rate: rate.out,
      markPrice: mark.out,
      amount: text,
      rateOrigin: origin,
    })
  }
  return deltas
}

/**
 * `plus(a, b)` for b = bm·10^−bdp ≠ 0 (b's Decimal and its integers): the exact sum on
 * integers (a's from scaled-memo.ts) when `sumScaled` can hold it, else `plus` (the same
 * value, hence the same Decimal: decimal.js keeps one representation per value, and a zero
 * sum is +0 either way; a zero a is `plus`'s shortcut, which returns b). The sum is kept
 * with its integers for the next settlement.
 */
function plusScaled(a: Dec, b: Dec, bm: number, bdp: number): Dec {
  if (scaledOf(a) && sumScaled(SC.m, SC.dp, bm, bdp)) {
    const m = SC.m
    if (m === 0) return new D(0)
    const sum = decFromInt(m < 0, m < 0 ? -m : m, -SC.dp)
    keepScaled(sum, m, SC.dp)
    return sum
  }
  return plus(a, b)
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
  if (!mark.isZero() && !rate.isZero() && readScaled(mark.d, mark.e, mark.s)) {
    const mm = SC.m
    const mdp = SC.dp
    if (readScaled(rate.d, rate.e, rate.s) && scaledAmount(qty, mm, mdp, SC.m, SC.dp, long)) {
      const m = AMT.m
      if (m === 0) return null
      // money()'s text of a value on the 8 dp grid: its own digits, trailing zeros trimmed
      return { amount: decFromInt(m < 0, m < 0 ? -m : m, -AMT.dp), text: scaledText(m, AMT.dp) }
    }
  }
  // the sign applied by neg() alone (times(±1) of a 40-digit product is exact, so it is the
  // same value; a zero amount is skipped whatever its sign)
  const x = times(times(qty, mark), rate)
  const raw = long ? x.neg() : x
  const amount = raw.isNeg() && !raw.isZero() ? chargeUp(raw.abs()).neg() : creditDown(raw)
  return amount.isZero() ? null : { amount, text: money(amount) }
}

/** The settled amount found by scaledAmount: AMT.m · 10^−AMT.dp (0: nothing to settle). */
const AMT = { m: 0, dp: 0 }

/**
 * −dir·Q·mark·rate rounded to 8 dp (a payment away from zero, a receipt toward zero) on
 * integers held exactly in doubles: Q, mark (mm·10^−mdp) and rate (rm·10^−rdp, both non-zero)
 * as m·10^−dp of at most 15 digits and every product below 2^52, so each is the exact
 * product, which decimal.js's 40 digits hold unrounded too; the rounding divides by 10^k with
 * the quotient corrected on the exact remainder. The same value as the Decimal computation,
 * hence the same Decimal and text (test/engine/funding-amount.test.ts). False (nothing
 * written) when Q is zero or longer, or a product reaches 2^52: the caller takes the Decimal
 * computation.
 */
function scaledAmount(
  qty: Dec,
  mm: number,
  mdp: number,
  rm: number,
  rdp: number,
  long: boolean,
): boolean {
  if (!scaledOf(qty)) return false
  let m = SC.m * mm
  if (!(m < TWO52 && m > -TWO52)) return false
  m *= rm
  if (!(m < TWO52 && m > -TWO52)) return false
  let dp = SC.dp + mdp + rdp
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
