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
import type { OrderPreview } from '../../../shared/trading/preview'
import { createEngine, maxRemovableMargin, previewSizedOrder, type Engine } from '../../engine'
import type { LoadedScenario } from '../data/types'
import { applyDue, foldStep, startFold, type Decision } from '../replay/fold'
import { buildTimeline, commandTime, cursorForTime, type Timeline } from '../replay/timeline'
import type { PreviewOrderCommand, SimScript } from './script'

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
    breakEvenPrice: string
    markPrice: string
    /** Rounded to the instrument's tick (half up), as the exchange shows it. */
    liquidationPrice: string
    unrealizedPnl: string
    marginType: string
    leverage: number
    /** Isolated: the position's isolated wallet; cross: initial margin at the current leverage. */
    margin: string
    maintenanceMargin: string
    /** Maintenance margin / margin balance, percent (liquidation at 100). */
    marginRatio: string
    /** Isolated only: what adjustMargin REMOVE may take now (-4051 above it). */
    maxRemovableMargin?: string
  }[]
  openOrders: number
  totals: AccountView['totals']
  stateHash: string
}

/** A `previewOrder` script command's answer: the ticket's preview at that time. */
export interface SimPreview {
  kind: 'preview'
  t: number
  request: PreviewOrderCommand
  preview: OrderPreview
}

export type SimLine = { kind: 'event'; event: EngineEvent } | SimPreview | SimSummary

/** A preview due at `cursor`, after the first `after` trade decisions. */
interface DuePreview {
  cursor: number
  after: number
  request: PreviewOrderCommand
}

/**
 * The script's `defaultFunding` applied to symbols without recorded funding: "off" drops the
 * default settlements, a rate replaces the default 0.0001 (same times).
 */
function withDefaultFunding(scn: LoadedScenario, script: SimScript): LoadedScenario {
  const d = script.defaultFunding
  if (d === undefined || !scn.series.some((s) => s.fundingOrigin === 'default')) return scn
  return {
    ...scn,
    series: scn.series.map((s) =>
      s.fundingOrigin !== 'default'
        ? s
        : { ...s, funding: d === 'off' ? [] : s.funding.map((f) => ({ ...f, rate: d })) },
    ),
  }
}

/** The script's window as a timeline, and its commands as decisions (and previews) on it. */
function scriptTimeline(
  scn: LoadedScenario,
  script: SimScript,
): { tl: Timeline; decisions: Decision[]; previews: DuePreview[] } {
  const tl = buildTimeline(withDefaultFunding(scn, script), {
    from: script.from ?? scn.info.start,
    to: script.to ?? scn.info.end,
  })
  const decisions: Decision[] = []
  const previews: DuePreview[] = []
  for (const c of script.commands) {
    const cursor = cursorForTime(tl, c.t)
    if (c.command.kind === 'previewOrder')
      previews.push({ cursor, after: decisions.length, request: c.command })
    else decisions.push({ cursor, command: c.command })
  }
  return { tl, decisions, previews }
}

function settingsFor(script: SimScript): EngineSettings {
  return { ...DEFAULT_ENGINE_SETTINGS, ...script.settings }
}

function summarize(
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
    positions: v.positions.map((p) => {
      const removable = maxRemovableMargin(engine, p.symbol, p.positionSide)
      return {
        symbol: p.symbol,
        positionSide: p.positionSide,
        size: p.size,
        entryPrice: p.entryPrice,
        breakEvenPrice: p.breakEvenPrice,
        markPrice: p.markPrice,
        liquidationPrice: p.liquidationPrice,
        unrealizedPnl: p.unrealizedPnl,
        marginType: p.marginType,
        leverage: p.leverage,
        margin: p.margin,
        maintenanceMargin: p.maintenanceMargin,
        marginRatio: p.marginRatio,
        ...(removable !== null ? { maxRemovableMargin: removable } : {}),
      }
    }),
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
  const { tl, decisions, previews } = scriptTimeline(scn, script)
  const st = startFold(engine)
  let bars = 0
  let events = 0
  let pi = 0
  const out: EngineEvent[] = []
  const drain = function* (): Generator<SimLine> {
    for (const event of out) yield { kind: 'event', event }
    events += out.length
    out.length = 0
  }
  // Decisions due now, stopping at each preview due now to answer it in script order.
  const applyNow = function* (): Generator<SimLine> {
    for (;;) {
      const p = previews[pi]
      const due = p !== undefined && p.cursor <= st.cursor
      applyDue(st, tl, decisions, out, due ? p.after : Infinity)
      yield* drain()
      if (!due) return
      pi++
      const preview = previewSizedOrder(engine.snapshot(), p.request)
      yield { kind: 'preview', t: commandTime(tl, st.cursor), request: p.request, preview }
    }
  }
  yield* applyNow()
  while (st.cursor < tl.total) {
    for (let s = 0; s < tl.rows.length; s++) if (tl.rows[s]![st.cursor]! >= 0) bars++
    // everything due before this step was applied by applyNow; decisions after it follow
    foldStep(st, tl, decisions, out, st.applied)
    yield* drain()
    yield* applyNow()
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
    yield JSON.stringify(
      line.kind === 'event'
        ? line.event
        : line.kind === 'preview'
          ? { type: 'orderPreview', t: line.t, request: line.request, preview: line.preview }
          : line,
    )
}
