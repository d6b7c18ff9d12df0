/**
 * What would have saved a position from its liquidation (issue 13.3's liquidation card),
 * computed on the engine's state *before* the liquidating bar and the worst mark the host saw
 * up to the liquidation's stamp (no look-ahead: the caller passes only marks revealed by then).
 *
 * "Saved" = the position's liquidation price (§1.3 closed form, the same solver the engine
 * liquidates by) lies strictly beyond the worst mark, so no mark seen would have liquidated it.
 * Three answers, each the least change that does it:
 *  - extra margin N, to the cent: isolated → the position's wallet + N; cross → the cross
 *    wallet + N (other cross positions' MM and PnL held at their marks before the bar);
 *  - isolated only: the highest leverage L whose initial margin (size × entry ÷ L) alone keeps
 *    the price beyond the worst mark (cross margin: leverage does not move the price);
 *  - a stop: a mark-price stop-market halfway between the entry and the liquidation price,
 *    and what it would have realized at that price (PnL + taker fee; slippage and gaps could
 *    make a real fill worse — the card says so).
 */
import type { PositionSide } from '../../shared/trading/commands'
import type { LiquidationRescue } from '../../shared/trading/preview'
import { brackets, spec, sym, type Ctx } from './context'
import { findPosition } from './accounting/positions'
import { D, type Dec, money, str, ZERO } from './decimal'
import { closePnl } from './accounting/pnl'
import { bracketFor } from './instruments'
import { liquidationPriceOf, scopeInputs } from './risk/scope-prices'
import { solveLiquidationPrice, type LpSide } from './risk/liquidation-price'

const CENT = new D('0.01')

export function rescueOf(
  ctx: Ctx,
  symbol: string,
  positionSide: PositionSide,
  worstMarkSince: (openedAt: number) => Dec,
): LiquidationRescue | null {
  const p = findPosition(ctx, symbol, positionSide)
  if (!p || p.qty.isZero()) return null
  const worstMark = worstMarkSince(p.openedAt)
  const sp = spec(ctx, symbol)
  const { W, sides } = scopeInputs(ctx, p, true)
  const survives = (lp: Dec | null) =>
    lp === null || (p.dir === 1 ? lp.lt(worstMark) : lp.gt(worstMark))
  const lpWith = (w: Dec, ss: LpSide[] = sides) => solveLiquidationPrice(w, ss)

  // least N (cents) with the price beyond the worst mark: double, then bisect
  let extra = ZERO
  if (!survives(lpWith(W))) {
    let lo = ZERO
    let hi = CENT
    for (let i = 0; i < 80 && !survives(lpWith(W.plus(hi))); i++) hi = hi.times(2)
    while (hi.minus(lo).gt(CENT)) {
      const mid = lo.plus(hi).div(2).toNearest(CENT, D.ROUND_DOWN)
      if (survives(lpWith(W.plus(mid)))) hi = mid
      else lo = mid
    }
    extra = hi
  }

  const lev = sym(ctx, symbol).leverage
  let maxLeverage: number | undefined
  if (p.marginType === 'ISOLATED') {
    const table = brackets(ctx, symbol)
    const cap = Math.min(lev, bracketFor(table, p.qty.times(p.entry)).maxLeverage)
    const one: LpSide[] = [{ dir: p.dir, qty: p.qty, entry: p.entry, brackets: table }]
    maxLeverage = 0
    for (let L = cap; L >= 1; L--) {
      if (survives(lpWith(p.qty.times(p.entry).div(L), one))) {
        maxLeverage = L
        break
      }
    }
  }

  const lp = liquidationPriceOf(ctx, p)
  const tick = sp.tickSize
  const half = lp ? p.entry.plus(lp).div(2) : p.entry
  // toward the entry, so the stop sits inside the half-way point
  const stop = half.toNearest(tick, p.dir === 1 ? D.ROUND_UP : D.ROUND_DOWN)
  const pnl = closePnl(p.entry, stop, p.qty, p.dir)
  const fee = p.qty.times(stop).times(sp.takerFee)
  return {
    symbol,
    positionSide,
    marginType: p.marginType,
    direction: p.dir,
    quantity: str(p.qty),
    entryPrice: str(p.entry),
    leverage: lev,
    margin: money(W),
    liquidationPrice: lp ? str(lp.toNearest(tick, D.ROUND_HALF_UP)) : '',
    openedAt: p.openedAt,
    worstMark: str(worstMark),
    extraMargin: money(extra),
    ...(maxLeverage !== undefined ? { maxLeverage } : {}),
    stopPrice: str(stop),
    stopLoss: money(fee.minus(pnl)),
  }
}
