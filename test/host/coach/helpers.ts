/** Coach test fixtures: a real engine driven to a known portfolio, and its session port. */
import type { Bar } from '../../../shared/market'
import type { TradeCommand } from '../../../shared/trading/commands'
import type { EngineEvent } from '../../../shared/trading/events'
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../../../shared/trading/settings'
import { engines } from '../../../electron/host/engine-binding'
import type { EnginePort } from '../../../electron/host/coach/ports'
import { COACH_PROFILE } from '../../../electron/host/coach/profile'
import { buildReport, type ReportInput } from '../../../electron/host/coach/report'

export const T0 = Date.UTC(2022, 10, 8)
export const MIN = 60_000

export const SETTINGS: EngineSettings = {
  ...DEFAULT_ENGINE_SETTINGS,
  slippage: false,
  marginCallRatios: [],
}

export function flatBar(t: number, p: number): Bar {
  return { t, o: p, h: p, l: p, c: p, v: 1e6 }
}

/** A live engine with a driver: bars advance one minute each, commands stamp the current time. */
export class Desk {
  t = T0
  log: EngineEvent[] = []
  prices: Record<string, { last: number; mark: number }> = {}
  readonly eng: EnginePort
  constructor(
    readonly symbols = ['BTCUSDT', 'ETHUSDT'],
    readonly settings: EngineSettings = SETTINGS,
  ) {
    this.eng = engines.create(symbols, settings)
  }
  bars(
    prices: Record<string, number>,
    marks: Record<string, number> = prices,
  ): readonly EngineEvent[] {
    this.t += MIN
    const bars = Object.keys(prices).map((symbol) => {
      this.prices[symbol] = { last: prices[symbol]!, mark: marks[symbol]! }
      return {
        symbol,
        last: flatBar(this.t, prices[symbol]!),
        mark: flatBar(this.t, marks[symbol]!),
      }
    })
    const ev = this.eng.apply({ kind: 'bars', t: this.t, bars })
    this.log.push(...ev)
    return ev
  }
  cmd(command: TradeCommand): readonly EngineEvent[] {
    const ev = this.eng.apply({ kind: 'command', t: this.t, command })
    this.log.push(...ev)
    const rej = ev.find((e) => e.type === 'commandRejected')
    if (rej && rej.type === 'commandRejected') throw new Error(`rejected: ${rej.rejection.message}`)
    return ev
  }
  market(symbol: string, side: 'BUY' | 'SELL', quantity: string): readonly EngineEvent[] {
    return this.cmd({
      kind: 'placeOrder',
      symbol,
      side,
      positionSide: 'BOTH',
      type: 'MARKET',
      quantity,
    })
  }
  leverage(symbol: string, leverage: number): readonly EngineEvent[] {
    return this.cmd({ kind: 'setLeverage', symbol, leverage })
  }
  /** An isolated long of `quantity` at `leverage` (margin type, leverage, market buy). */
  isolatedLong(symbol: string, leverage: number, quantity: string): readonly EngineEvent[] {
    this.cmd({ kind: 'setMarginType', symbol, marginType: 'ISOLATED' })
    this.leverage(symbol, leverage)
    return this.market(symbol, 'BUY', quantity)
  }
  view() {
    return this.eng.view()
  }
  snapshot() {
    return this.eng.snapshot()
  }
}

/** The session report of a desk's log (start 10,000, the default coach profile, no journal). */
export function reportOf(d: Desk, more: Partial<ReportInput> = {}) {
  return buildReport({
    sessionId: 's-1',
    scenarioId: 'ftx-2022-11',
    t: d.t,
    startEquity: '10000',
    startingBalance: '10000',
    view: d.view(),
    events: d.log,
    equity: [],
    hits: [],
    journal: [],
    profile: COACH_PROFILE,
    ...more,
  })
}
