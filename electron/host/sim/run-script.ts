/**
 * Headless script runner: drives the engine over a loaded scenario (all symbols in
 * lockstep on the base step) with a parsed script, yielding one line per engine event and
 * a final summary. Used by `perpdojo sim` (the CLI wiring lives in electron/host/cli), the
 * golden drills and outside checks.
 *
 * Input order at equal times: bars (stamped at their *close*, open time + step, so no bar
 * is seen before it is complete), then funding settlements, then script commands. A
 * command at 08:00 therefore acts on the bar that closed at 08:00, after that funding.
 * Commands timed before the first bar's close wait for it (an order needs a price).
 */
import { TIMEFRAME_MS } from '../../../shared/market'
import type { EngineEvent } from '../../../shared/trading/events'
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../../../shared/trading/settings'
import type { AccountView } from '../../../shared/trading/views'
import { createEngine, type Engine, type EngineInput } from '../../engine'
import type { LoadedScenario } from '../data/types'
import type { SimScript } from './script'

export interface SimSummary {
  kind: 'summary'
  scenario: string
  from: number
  to: number
  bars: number
  events: number
  walletBalance: string
  availableBalance: string
  marginBalance: string
  insuranceFund: string
  positions: {
    symbol: string
    positionSide: string
    size: string
    entryPrice: string
    markPrice: string
    liquidationPrice: string
    unrealizedPnl: string
    marginType: string
    leverage: number
  }[]
  openOrders: number
  totals: AccountView['totals']
  stateHash: string
}

export type SimLine = { kind: 'event'; event: EngineEvent } | SimSummary

/** Build engine inputs in time order (see the header for tie rules). */
export function* scenarioInputs(scn: LoadedScenario, script: SimScript): Generator<EngineInput> {
  const series = scn.series
  const from = script.from ?? scn.info.start
  const to = script.to ?? scn.info.end
  const pos = series.map((s) => {
    let i = 0
    while (i < s.time.length && s.time[i]! < from) i++
    return i
  })
  const fundings = series
    .flatMap((s) => s.funding.map((f) => ({ symbol: s.symbol, f, origin: s.fundingOrigin })))
    .filter((x) => x.f.t >= from && x.f.t < to)
    .sort((a, b) => a.f.t - b.f.t || a.symbol.localeCompare(b.symbol))
  let fi = 0
  let ci = 0
  let lastT = -Infinity
  const cmds = script.commands
  for (;;) {
    // next bar-close time over all symbols
    let next = Infinity
    series.forEach((s, k) => {
      const i = pos[k]!
      if (i < s.time.length && s.time[i]! < to)
        next = Math.min(next, s.time[i]! + TIMEFRAME_MS[s.step])
    })
    const nextOther = Math.min(fundings[fi]?.f.t ?? Infinity, cmds[ci]?.t ?? Infinity)
    if (next === Infinity && nextOther === Infinity) return
    // Commands wait for the first bar (an order needs a price); they then act at its close.
    if (next <= nextOther || (lastT === -Infinity && next !== Infinity)) {
      lastT = next
      const bars: Extract<EngineInput, { kind: 'bars' }>['bars'] = []
      series.forEach((s, k) => {
        const i = pos[k]!
        if (i < s.time.length && s.time[i]! + TIMEFRAME_MS[s.step] === next) {
          const t = s.time[i]!
          bars.push({
            symbol: s.symbol,
            last: {
              t,
              o: s.open[i]!,
              h: s.high[i]!,
              l: s.low[i]!,
              c: s.close[i]!,
              v: s.volume[i]!,
            },
            mark: {
              t,
              o: s.markOpen[i]!,
              h: s.markHigh[i]!,
              l: s.markLow[i]!,
              c: s.markClose[i]!,
              v: 0,
            },
          })
          pos[k] = i + 1
        }
      })
      yield { kind: 'bars', t: next, bars }
      continue
    }
    const fu = fundings[fi]
    if (fu && fu.f.t <= (cmds[ci]?.t ?? Infinity)) {
      fi++
      lastT = Math.max(lastT, fu.f.t)
      yield {
        kind: 'funding',
        t: lastT,
        symbol: fu.symbol,
        rate: fu.f.rate,
        markPrice: fu.f.markPrice,
        origin: fu.origin === 'recorded' ? 'recorded' : 'default',
      }
      continue
    }
    const c = cmds[ci++]!
    lastT = Math.max(lastT, c.t)
    yield { kind: 'command', t: lastT, command: c.command }
  }
}

export function settingsFor(script: SimScript): EngineSettings {
  return { ...DEFAULT_ENGINE_SETTINGS, ...script.settings }
}

export function summarize(
  scn: LoadedScenario,
  script: SimScript,
  engine: Engine,
  bars: number,
  events: number,
): SimSummary {
  const v = engine.view()
  return {
    kind: 'summary',
    scenario: scn.info.id,
    from: script.from ?? scn.info.start,
    to: script.to ?? scn.info.end,
    bars,
    events,
    walletBalance: v.walletBalance,
    availableBalance: v.availableBalance,
    marginBalance: v.marginBalance,
    insuranceFund: v.insuranceFund,
    positions: v.positions.map((p) => ({
      symbol: p.symbol,
      positionSide: p.positionSide,
      size: p.size,
      entryPrice: p.entryPrice,
      markPrice: p.markPrice,
      liquidationPrice: p.liquidationPrice,
      unrealizedPnl: p.unrealizedPnl,
      marginType: p.marginType,
      leverage: p.leverage,
    })),
    openOrders: v.openOrders.length,
    totals: v.totals,
    stateHash: engine.stateHash(),
  }
}

/** Run a script over a scenario: yields every event, then the summary. */
export function* runScript(
  scn: LoadedScenario,
  script: SimScript,
  opts: { fastPath?: boolean } = {},
): Generator<SimLine> {
  const engine = createEngine({
    symbols: scn.series.map((s) => s.symbol),
    settings: settingsFor(script),
    ...(opts.fastPath !== undefined ? { fastPath: opts.fastPath } : {}),
  })
  let bars = 0
  let events = 0
  for (const input of scenarioInputs(scn, script)) {
    if (input.kind === 'bars') bars += input.bars.length
    for (const event of engine.apply(input)) {
      events++
      yield { kind: 'event', event }
    }
  }
  yield summarize(scn, script, engine, bars, events)
}

/** JSON lines: one per event (the bare event object), then the summary object. */
export function* runScriptLines(
  scn: LoadedScenario,
  script: SimScript,
  opts: { fastPath?: boolean } = {},
): Generator<string> {
  for (const line of runScript(scn, script, opts))
    yield JSON.stringify(line.kind === 'event' ? line.event : line)
}
