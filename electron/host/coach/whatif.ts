/**
 * What-if table: for each symbol with a position, and for the whole account, move the
 * price by ±5/10/20/30 % (and custom moves) and read what the engine says: PnL, equity,
 * margin ratio, liquidated or not. Each row is its own restored engine copy fed one
 * synthetic bar that moves last and mark together (mark-price semantics: the engine
 * liquidates on mark). By default open orders are cancelled on the copy first, so the
 * table shows the bare exposure; `keepOrders` lets stops and take-profits act.
 */
import type { WhatIfResult, WhatIfRow, WhatIfTable } from '../../../shared/contract/coach'
import type { SymbolId } from '../../../shared/market'
import type { AccountView, PositionView } from '../../../shared/trading/views'
import { c, pctTxt, txt, type Cd } from './dec'
import type { EngineFactory } from './ports'
import { cancelAll, liquidationsIn, MINUTE, movedBars, worstRatio } from './engine-copy'

const DEFAULT_MOVES = ['-30', '-20', '-10', '-5', '5', '10', '20', '30']

export interface WhatIfInput {
  factory: EngineFactory
  snapshot: unknown
  view: AccountView
  prices: Record<SymbolId, { last: number; mark: number }>
  moves?: string[]
  keepOrders?: boolean
}

export function whatIf(input: WhatIfInput): WhatIfResult {
  const moves = sortMoves([...DEFAULT_MOVES, ...(input.moves ?? [])])
  const open = input.view.positions.filter((p) => !c(p.size).isZero())
  const symbols = [...new Set(open.map((p) => p.symbol))]
  const tables: WhatIfTable[] = []
  for (const symbol of symbols) {
    const ps = open.filter((p) => p.symbol === symbol)
    const first = ps[0]!
    tables.push({
      scope: ps.length === 1 ? `${symbol}:${first.positionSide}` : symbol,
      symbol,
      positionSide: ps.length === 1 ? first.positionSide : undefined,
      markPrice: first.markPrice,
      liquidationPrice: first.liquidationPrice,
      rows: moves.map((m) => row(input, [symbol], c(m), (v) => pick(v, symbol, ps))),
    })
  }
  if (symbols.length > 0) {
    tables.push({
      scope: 'account',
      rows: moves.map((m) => row(input, symbols, c(m), () => undefined)),
    })
  }
  return { t: input.view.t, keptOrders: !!input.keepOrders, tables }
}

function pick(v: AccountView, symbol: SymbolId, before: PositionView[]): PositionView | undefined {
  return v.positions.find(
    (p) =>
      p.symbol === symbol &&
      before.some((b) => b.positionSide === p.positionSide) &&
      !c(p.size).isZero(),
  )
}

function row(
  input: WhatIfInput,
  symbols: SymbolId[],
  movePct: Cd,
  position: (v: AccountView) => PositionView | undefined,
): WhatIfRow {
  const engine = input.factory.restore(input.snapshot)
  const t0 = input.view.t
  if (!input.keepOrders) cancelAll(engine, t0)
  const before = engine.view()
  const ratio = c(1).plus(movePct.div(100))
  const moves: Record<SymbolId, Cd> = {}
  for (const s of symbols) moves[s] = ratio
  const t = t0 + MINUTE
  const events = engine.apply({ kind: 'bars', t, bars: movedBars(t, moves, input.prices) })
  const after = engine.view()
  const pos = position(after)
  const mark = input.prices[symbols[0]!]?.mark ?? 0
  const ordersFilled = events.filter(
    (e) => e.type === 'orderFilled' && e.order.origin !== 'LIQUIDATION' && e.order.origin !== 'ADL',
  ).length
  let unrealized = c(0)
  for (const p of after.positions)
    if (symbols.includes(p.symbol)) unrealized = unrealized.plus(c(p.unrealizedPnl))
  const ratioNow =
    pos && pos.marginType === 'ISOLATED'
      ? c(pos.marginRatio || '0')
      : symbols.length > 1
        ? worstRatio(after)
        : c(after.marginRatio || '0')
  return {
    move: movePct.toFixed(),
    price: txt(c(String(mark)).times(ratio), 8),
    pnl: txt(c(after.marginBalance).minus(c(before.marginBalance)), 2),
    unrealizedPnl: txt(unrealized, 2),
    equity: txt(c(after.marginBalance), 2),
    marginRatio: pctTxt(ratioNow),
    liquidated: liquidationsIn(events).length > 0,
    ordersFilled,
  }
}

function sortMoves(ms: string[]): string[] {
  const seen = new Map<string, Cd>()
  for (const m of ms) {
    const d = c(m)
    if (d.lte(-100) || d.isZero()) continue
    seen.set(d.toFixed(), d)
  }
  return [...seen.values()].sort((a, b) => a.cmp(b)).map((d) => d.toFixed())
}
