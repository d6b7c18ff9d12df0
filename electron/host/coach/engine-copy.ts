/**
 * Engine-copy helpers shared by the sizer, the what-if table, the guardrails and the
 * stress test. Everything here feeds inputs to a *restored copy* of the session engine and
 * reads its view: the live session is never touched, and no risk formula is duplicated.
 *
 * Synthetic bars move a symbol's last and mark prices by the same relative amount in one
 * bar (open = current price, close = target, high/low the two ends), so the engine's own
 * intrabar path (open → nearer extreme → farther extreme → close) decides what triggers.
 */
import { TIMEFRAME_MS, type Bar, type SymbolId } from '../../../shared/market'
import type { EngineEvent } from '../../../shared/trading/events'
import type { TradeCommand } from '../../../shared/trading/commands'
import type { AccountView, PositionView } from '../../../shared/trading/views'
import type { LoadedScenario } from '../data/types'
import { c, type Cd } from './dec'
import type { EnginePort } from './ports'

export const MINUTE = 60_000
export const HOUR = 3_600_000
export const DAY = 86_400_000

/**
 * Last and mark close per symbol known at replay time t (the latest row closed by then).
 * Replay time is the close of the latest revealed step (ReplayStatus.t, issue 13.8); with
 * mixed resolutions a coarser symbol's bar is known only once it completes.
 */
export function pricesAt(
  scenario: Pick<LoadedScenario, 'series' | 'info'>,
  t: number,
): Record<SymbolId, { last: number; mark: number }> {
  const out: Record<SymbolId, { last: number; mark: number }> = {}
  for (const s of scenario.series) {
    const n = s.time.length
    if (n === 0) continue
    const open = t - TIMEFRAME_MS[s.step] // latest open whose bar has closed
    let lo = 0
    let hi = n
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (s.time[mid]! <= open) lo = mid + 1
      else hi = mid
    }
    const row = Math.max(0, lo - 1)
    out[s.symbol] = { last: s.close[row]!, mark: s.markClose[row]! }
  }
  return out
}

/** A price scaled by a Decimal ratio, back to a float64 bar price (8 decimals). */
function scaled(price: number, ratio: Cd): number {
  return Number(c(String(price)).times(ratio).toDecimalPlaces(8).toFixed())
}

function bar(t: number, o: number, c2: number, h?: number, l?: number, v = 0): Bar {
  return { t, o, h: h ?? Math.max(o, c2), l: l ?? Math.min(o, c2), c: c2, v }
}

/** One synthetic bar per symbol: last and mark both move by `ratio` (1.1 = +10 %). */
export function movedBars(
  t: number,
  moves: Record<SymbolId, Cd>,
  prices: Record<SymbolId, { last: number; mark: number }>,
): { symbol: SymbolId; last: Bar; mark: Bar }[] {
  const out: { symbol: SymbolId; last: Bar; mark: Bar }[] = []
  for (const [symbol, ratio] of Object.entries(moves)) {
    const p = prices[symbol]
    if (!p) continue
    const lc = scaled(p.last, ratio)
    const mc = scaled(p.mark, ratio)
    // A little volume so the slippage model has something to divide by.
    out.push({
      symbol,
      last: bar(t, p.last, lc, undefined, undefined, 1e9),
      mark: bar(t, p.mark, mc),
    })
  }
  return out
}

/** Cancel every open order on a copy (user orders and position TP/SL alike). */
export function cancelAll(engine: EnginePort, t: number): EngineEvent[] {
  const out: EngineEvent[] = []
  for (const o of engine.view().openOrders) {
    out.push(
      ...engine.apply({ kind: 'command', t, command: { kind: 'cancelOrder', orderId: o.orderId } }),
    )
  }
  return out
}

/** The commands that close everything: cancel every open order, then close each position at market. */
export function closeAllCommands(view: AccountView): TradeCommand[] {
  const cmds: TradeCommand[] = view.openOrders.map((o) => ({
    kind: 'cancelOrder',
    orderId: o.orderId,
  }))
  for (const p of view.positions) {
    if (c(p.size).isZero()) continue
    cmds.push({
      kind: 'closePosition',
      symbol: p.symbol,
      positionSide: p.positionSide,
      fraction: '1',
    })
  }
  return cmds
}

export function positionOf(
  view: AccountView,
  symbol: SymbolId,
  positionSide: string,
): PositionView | undefined {
  return view.positions.find(
    (p) => p.symbol === symbol && p.positionSide === positionSide && !c(p.size).isZero(),
  )
}

/** +1 long, −1 short, 0 flat (hedge-mode sizes are positive; the side says the direction). */
export function direction(p: PositionView | undefined): -1 | 0 | 1 {
  if (!p) return 0
  const s = c(p.size)
  if (s.isZero()) return 0
  if (p.positionSide === 'LONG') return 1
  if (p.positionSide === 'SHORT') return -1
  return s.isNegative() ? -1 : 1
}

/** Σ |notional| / margin balance: the account's effective leverage. */
export function effectiveLeverage(view: AccountView): Cd {
  const eq = c(view.marginBalance)
  let n = c(0)
  for (const p of view.positions) n = n.plus(c(p.notional).abs())
  if (eq.lte(0)) return n.isZero() ? c(0) : c(1e9)
  return n.div(eq)
}

/** Highest margin ratio in a view: the account's (cross) or any isolated position's. */
export function worstRatio(view: AccountView): Cd {
  let w = c(view.marginRatio || '0')
  for (const p of view.positions) {
    const r = c(p.marginRatio || '0')
    if (r.gt(w)) w = r
  }
  return w
}

export function hasExposure(view: AccountView): boolean {
  return view.openOrders.length > 0 || view.positions.some((p) => !c(p.size).isZero())
}

export function liquidationsIn(events: readonly EngineEvent[]) {
  return events.filter(
    (e): e is Extract<EngineEvent, { type: 'liquidation' }> => e.type === 'liquidation',
  )
}
