/**
 * Headless script runner: drives the engine over a loaded scenario (all symbols in
 * lockstep) with a parsed script, yielding one line per engine event and a final summary.
 * Used by `perpdojo sim` (the CLI wiring lives in electron/host/cli), the golden drills and
 * outside checks.
 *
 * It feeds the engine through the one fold the desk uses (../replay/fold.ts), so a script
 * and a desk session given the same decisions print the same event log. A command timed t
 * is a decision at the cursor where every bar closed at or before t is revealed, stamped
 * with that latest close (docs/cli.md "Timing"); one timed before the first close waits for it.
 */
import type { EngineEvent } from '../../../shared/trading/events'
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../../../shared/trading/settings'
import type { AccountView } from '../../../shared/trading/views'
import { createEngine, type Engine } from '../../engine'
import type { LoadedScenario } from '../data/types'
import { applyDue, foldStep, startFold, type Decision } from '../replay/fold'
import { buildTimeline, cursorForTime, type Timeline } from '../replay/timeline'
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

/** The script's window as a timeline, and its commands as decisions on it. */
export function scriptTimeline(
  scn: LoadedScenario,
  script: SimScript,
): { tl: Timeline; decisions: Decision[] } {
  const tl = buildTimeline(scn, {
    from: script.from ?? scn.info.start,
    to: script.to ?? scn.info.end,
  })
  const decisions = script.commands.map((c) => ({
    cursor: cursorForTime(tl, c.t),
    command: c.command,
  }))
  return { tl, decisions }
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
  const { tl, decisions } = scriptTimeline(scn, script)
  const st = startFold(engine)
  let bars = 0
  let events = 0
  const out: EngineEvent[] = []
  const drain = function* (): Generator<SimLine> {
    for (const event of out) yield { kind: 'event', event }
    events += out.length
    out.length = 0
  }
  applyDue(st, tl, decisions, out)
  yield* drain()
  while (st.cursor < tl.total) {
    for (let s = 0; s < tl.rows.length; s++) if (tl.rows[s]![st.cursor]! >= 0) bars++
    foldStep(st, tl, decisions, out)
    yield* drain()
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
