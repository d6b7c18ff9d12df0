/**
 * Liquidation / bankruptcy price of a live position, fed from the engine state:
 * isolated → the position's own wallet; cross → cross wallet − TMM₁ + UPNL₁ over the
 * cross positions of the *other* symbols at their current marks (§1.3), with the long
 * and short of a hedge-mode symbol sharing one price. The bankruptcy price is the same
 * formula with every maintenance term zero (MMR = cum = 0, and TMM₁ = 0 too): the price
 * where wallet + other UPnL + this position's PnL = 0 (rule 4, issue 12).
 */
import { brackets, markOrZero, type Ctx } from '../context'
import { type Dec } from '../decimal'
import type { PositionState } from '../state'
import { crossWallet, positionMM, upnlAt } from './margin'
import type { Ex } from '../exact'
import {
  solveBankruptcyPrice,
  solveLiquidationPrice,
  solveLiquidationPriceNum,
  solveLiquidationPriceTicks,
  type LpSide,
} from './liquidation-price'

/** The margin W and the sides the §1.3 solver takes for p's scope (withMM: the LP's W). */
export function scopeInputs(
  ctx: Ctx,
  p: PositionState,
  withMM: boolean,
): { W: Dec; sides: LpSide[] } {
  const table = brackets(ctx, p.symbol)
  const side = (q: PositionState): LpSide => ({
    dir: q.dir,
    qty: q.qty,
    entry: q.entry,
    brackets: table,
  })
  if (p.marginType === 'ISOLATED') return { W: p.isolatedMargin, sides: [side(p)] }
  let W = crossWallet(ctx)
  const sides: LpSide[] = []
  for (const q of ctx.s.positions) {
    if (q.marginType !== 'CROSSED') continue
    if (q.symbol === p.symbol) {
      sides.push(side(q))
      continue
    }
    const m = markOrZero(ctx, q.symbol)
    // same operation order as before for the LP (Decimal rounding stays byte-identical)
    W = (withMM ? W.minus(positionMM(ctx, q, m)) : W).plus(upnlAt(q, m))
  }
  return { W, sides }
}

export function liquidationPriceOf(ctx: Ctx, p: PositionState): Dec | null {
  const { W, sides } = scopeInputs(ctx, p, true)
  return solveLiquidationPrice(W, sides)
}

/** toNum(liquidationPriceOf), NaN when there is none (the bar path compares it with bar prices). */
export function liquidationPriceNumOf(ctx: Ctx, p: PositionState): number {
  const { W, sides } = scopeInputs(ctx, p, true)
  return solveLiquidationPriceNum(W, sides)
}

/** liquidationPriceOf to the nearest tick (HALF_UP), exact, as the position view prints it. */
export function liquidationPriceTicksOf(
  ctx: Ctx,
  p: PositionState,
  tick: Ex,
  tickNum: number,
): Ex | null {
  const { W, sides } = scopeInputs(ctx, p, true)
  return solveLiquidationPriceTicks(W, sides, tick, tickNum)
}

export function bankruptcyPriceOf(ctx: Ctx, p: PositionState): Dec | null {
  const { W, sides } = scopeInputs(ctx, p, false)
  return solveBankruptcyPrice(W, sides)
}
