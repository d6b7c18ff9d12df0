/**
 * Liquidation distance for display: how far the mark must move to reach the engine's
 * liquidation price, as a price difference and a percent of the mark. Display only (the
 * prices are the engine's; this is the same Number conversion the chart adapters make).
 */
import type { PositionView } from '../../../../shared/trading/views'

export interface LiqDistance {
  /** Absolute price distance, with the instrument's price decimals when given, else the mark's. */
  price: string
  /** Percent of the mark, 2 decimals. */
  percent: string
  /** Under 5 %: show it as a warning; under 2 %: as danger. */
  level: 'ok' | 'warn' | 'danger'
}

export function liqDistance(
  p: Pick<PositionView, 'markPrice' | 'liquidationPrice'>,
  /** The instrument's price decimals (aligned marks may carry more decimals than the tick). */
  tickDp?: number,
): LiqDistance | null {
  if (!p.liquidationPrice || !p.markPrice) return null
  const mark = Number(p.markPrice)
  const liq = Number(p.liquidationPrice)
  if (!(mark > 0) || !(liq > 0)) return null
  const dp = tickDp ?? Math.min(8, (p.markPrice.split('.')[1] ?? '').length)
  const d = Math.abs(mark - liq)
  const pct = (d / mark) * 100
  return {
    price: d.toFixed(dp),
    percent: pct.toFixed(2),
    level: pct < 2 ? 'danger' : pct < 5 ? 'warn' : 'ok',
  }
}
