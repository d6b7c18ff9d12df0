/**
 * Liquidation and bankruptcy prices in closed form (exchange-rules.md §1.3, Binance [S1][S2]).
 *
 *        W + Σ cum_i − Σ s_i·Q_i·EP_i
 *  LP = ─────────────────────────────        W = WB − TMM₁ + UPNL₁ (cross)
 *        Σ Q_i·MMR_i − Σ s_i·Q_i                 = isolated wallet (isolated)
 *
 * One side in one-way mode (B terms) or isolated; two sides (L and S) for a cross hedge
 * pair, which then shares one LP. The bracket of each side is chosen *at the LP*: every
 * combination of brackets is tried and the one whose notionals Q_i·LP fall inside the
 * brackets is kept ([S2] "Important Note"). Bankruptcy price: the same with MMR = cum = 0.
 */
import { D, type Dec, ZERO } from '../decimal'
import type { Bracket } from '../instruments'

export interface LpSide {
  /** +1 long, −1 short. */
  dir: 1 | -1
  qty: Dec
  entry: Dec
  brackets: Bracket[]
}

function formula(W: Dec, sides: LpSide[], picks: Bracket[] | null): Dec | null {
  let num = W
  let den = ZERO
  sides.forEach((s, i) => {
    const b = picks?.[i]
    if (b) num = num.plus(b.cum)
    num = num.minus(s.qty.times(s.entry).times(s.dir))
    if (b) den = den.plus(s.qty.times(b.mmr))
    den = den.minus(s.qty.times(s.dir))
  })
  if (den.isZero()) return null
  return num.div(den)
}

/**
 * Raw (unrounded) liquidation price, or null when there is none (LP ≤ 0, or the
 * positions cannot be liquidated by price, e.g. a perfectly hedged pair).
 */
export function solveLiquidationPrice(W: Dec, sides: LpSide[]): Dec | null {
  const active = sides.filter((s) => s.qty.gt(0))
  if (active.length === 0) return null
  const idx = active.map(() => 0)
  // Closest candidate by residual, for LPs that sit exactly on a bracket boundary where
  // rounding makes no combination "fit"; rejected when it is not a real root (e.g. a hedge
  // pair that is liquidatable at every price has none).
  let best: { lp: Dec; r: Dec } | null = null
  for (;;) {
    const picks = active.map((s, i) => s.brackets[idx[i]!]!)
    const lp = formula(W, active, picks)
    if (lp !== null && lp.gt(0)) {
      const fits = active.every((s, i) => {
        const n = s.qty.times(lp)
        const b = picks[i]!
        const last = idx[i] === s.brackets.length - 1
        return b.floor.lte(n) && (last || n.lt(b.cap))
      })
      if (fits) return lp
      const r = residual(W, active, lp).abs()
      if (!best || r.lt(best.r)) best = { lp, r }
    }
    // next combination (odometer)
    let k = 0
    while (k < active.length) {
      idx[k]!++
      if (idx[k]! < active[k]!.brackets.length) break
      idx[k] = 0
      k++
    }
    if (k === active.length) break
  }
  if (!best) return null
  const scale = active.reduce((a, s) => a.plus(s.qty.times(best!.lp)), W.abs()).plus(1)
  return best.r.lte(scale.times('1e-20')) ? best.lp : null
}

/** Margin balance − maintenance margin at price P, with each side's true bracket at P. */
function residual(W: Dec, sides: LpSide[], P: Dec): Dec {
  let x = W
  for (const s of sides) {
    const n = s.qty.times(P)
    let b = s.brackets[0]!
    for (const c of s.brackets) if (c.floor.lte(n)) b = c
    x = x.plus(P.minus(s.entry).times(s.qty).times(s.dir)).minus(n.times(b.mmr).minus(b.cum))
  }
  return x
}

/** Bankruptcy price: margin balance reaches 0 (MMR = cum = 0). */
export function solveBankruptcyPrice(W: Dec, sides: LpSide[]): Dec | null {
  const active = sides.filter((s) => s.qty.gt(0))
  if (active.length === 0) return null
  const bp = formula(W, active, null)
  return bp === null ? null : bp.gt(0) ? bp : new D(0)
}

/**
 * Bybit's isolated USDT-contract liquidation price (exchange-rules.md §2, [S19]), for
 * comparisons in the coach: long LP = EP − (IM − MM)/Q − extra/Q, short LP = EP + (IM − MM)/Q +
 * extra/Q, with IM = Q·EP/L and MM = Q·EP·MMR − deduction.
 */
export function bybitIsolatedLiquidationPrice(a: {
  dir: 1 | -1
  qty: Dec
  entry: Dec
  leverage: Dec
  mmr: Dec
  deduction?: Dec
  extraMargin?: Dec
}): Dec {
  const value = a.qty.times(a.entry)
  const im = value.div(a.leverage)
  const mm = value.times(a.mmr).minus(a.deduction ?? 0)
  const move = im
    .minus(mm)
    .plus(a.extraMargin ?? 0)
    .div(a.qty)
  return a.dir === 1 ? a.entry.minus(move) : a.entry.plus(move)
}
