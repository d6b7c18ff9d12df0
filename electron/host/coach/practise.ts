/**
 * "Practise it": a crash of the stress test opened as a practice fork of the current portfolio.
 *
 * The crash's recorded last and mark path is rescaled to the session's current prices with
 * the stress test's own code (stress.ts `crashTracks` / `rescaledScenario`), so the fork plays the
 * very path the stress table reported, and written as a user scenario (like an import:
 * `<dataDir>/scenarios/<id>/`, manifest + gzip CSVs). Last prices are rounded to the
 * instrument tick; mark prices keep the stress test's 8 decimals. Timestamps are the
 * crash's own; funding keeps its recorded rates, its mark scaled like the mark path.
 * Everything rescaled is labelled as derived in the manifest (origins, notes, briefing).
 *
 * A new practice session then starts at the crash's first bar with the current session's
 * settings, the current wallet balance as starting balance, the same position mode, margin
 * types and leverage, and every open position re-opened by a market order of the same size
 * and side (journaled commands, entry fees paid again). Not carried over: open orders,
 * TP/SL and extra isolated margin added by hand (the briefing says so).
 */
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { HostError } from '../../../shared/contract/errors'
import type { SessionSnapshot } from '../../../shared/contract'
import { TIMEFRAME_MS, type FundingPoint, type SymbolId } from '../../../shared/market'
import type { TradeCommand } from '../../../shared/trading/commands'
import type { EngineSettings } from '../../../shared/trading/settings'
import type { AccountView } from '../../../shared/trading/views'
import type { KlineColumns } from '../data/columns'
import { makeTempDir, publish, writeFunding, writeKlines } from '../data/import/write-scenario'
import type { ScenarioManifest } from '../data/manifest'
import type { LoadedScenario } from '../data/types'
import { c } from './dec'
import type { CoachDeps, CoachSession } from './ports'
import { sessionPrices } from './service'
import { crashStartOf, crashTracks, rescaledScenario, type CrashTrack } from './stress'

/** What the host provides to start the fork (coach-binding.ts: the session manager). */
export interface PracticeRequest {
  scenarioId: string
  name: string
  settings: EngineSettings
  /** Replay time to start at (the crash's first bar). */
  start: number
  /** Journaled in order once the session is open. */
  commands: TradeCommand[]
}
export type CreatePractice = (req: PracticeRequest) => Promise<SessionSnapshot>

const r8 = (x: number) => Math.round(x * 1e8) / 1e8

export async function practiseCrashFor(
  deps: CoachDeps & { createPractice?: CreatePractice },
  userDir: string,
  s: CoachSession,
  crashId: string,
): Promise<SessionSnapshot> {
  if (!deps.createPractice) throw new HostError('CONFLICT', 'Practice forks are not available here')
  if (!(await deps.listCrashIds()).includes(crashId))
    throw new HostError('NOT_FOUND', `No bundled crash ${crashId}`)
  if ((s.mode === 'exam' || s.blind) && crashId === s.scenario.info.id)
    throw new HostError('CONFLICT', 'An exam cannot be forked onto its own crash')
  const crash = await deps.loadCrash(crashId)
  const view = s.view()
  const prices = sessionPrices(s, view)
  const tracks = crashTracks(
    crash,
    view.symbols.map((x) => x.symbol),
    prices,
  )
  if (tracks.length === 0) throw new HostError('CONFLICT', 'The session has no prices yet')
  const scenarioId = await writeStressScenario(deps, userDir, s, crash, tracks)
  const settings: EngineSettings = { ...s.settings, startingBalance: view.walletBalance }
  const commands = portfolioCommands(
    deps,
    settings,
    view,
    tracks.map((t) => t.symbol),
  )
  return deps.createPractice({
    scenarioId,
    name: `Stress: ${crash.info.title} on your portfolio`,
    settings,
    start: portfolioStart(crash, tracks, view),
    commands,
  })
}

/**
 * The first replay time at which every symbol holding a position has a closed bar to trade on. Bars are
 * revealed at their close (docs/sessions.md), so with mixed resolutions (Black Thursday: BTC
 * hourly beside ETH by the minute) the crash's first minute has no BTC price yet and the
 * re-opening market order would be refused.
 */
function portfolioStart(crash: LoadedScenario, tracks: CrashTrack[], view: AccountView): number {
  const held = new Set(view.positions.filter((p) => !c(p.size).isZero()).map((p) => p.symbol))
  const firstCloses = tracks
    .filter((t) => held.has(t.symbol))
    .map((t) => t.series.time[0]! + TIMEFRAME_MS[t.series.step])
  // The manager starts at the last step opening at or before `start`; one millisecond before
  // the latest first close is the step that closes it. No position: the crash's first bar.
  return firstCloses.length > 0 ? Math.max(...firstCloses) - 1 : crashStartOf(crash)
}

/** Position mode, margin types, leverage (where they differ from a new account), then the positions. */
function portfolioCommands(
  deps: Pick<CoachDeps, 'engine'>,
  settings: EngineSettings,
  view: AccountView,
  symbols: SymbolId[],
): TradeCommand[] {
  const fresh = deps.engine.create(symbols, settings).view()
  const out: TradeCommand[] = []
  if (fresh.positionMode !== view.positionMode)
    out.push({ kind: 'setPositionMode', hedge: view.positionMode === 'HEDGE' })
  for (const sym of view.symbols) {
    if (!symbols.includes(sym.symbol)) continue
    const was = fresh.symbols.find((x) => x.symbol === sym.symbol)
    if (was?.marginType !== sym.marginType)
      out.push({ kind: 'setMarginType', symbol: sym.symbol, marginType: sym.marginType })
    if (was?.leverage !== sym.leverage)
      out.push({ kind: 'setLeverage', symbol: sym.symbol, leverage: sym.leverage })
  }
  for (const p of view.positions) {
    const size = c(p.size)
    if (size.isZero() || !symbols.includes(p.symbol)) continue
    out.push({
      kind: 'placeOrder',
      symbol: p.symbol,
      side: size.gt(0) ? 'BUY' : 'SELL',
      positionSide: p.positionSide,
      type: 'MARKET',
      quantity: size.abs().toFixed(),
    })
  }
  return out
}

async function writeStressScenario(
  deps: Pick<CoachDeps, 'engine'>,
  userDir: string,
  s: CoachSession,
  crash: LoadedScenario,
  tracks: CrashTrack[],
): Promise<string> {
  const info = crash.info
  const tmp = await makeTempDir(userDir)
  try {
    const symbols: ScenarioManifest['symbols'] = []
    const ticks = new Map(
      tracks.map((tr) => [
        tr.symbol,
        Number(deps.engine.instrument(tr.symbol, s.settings).tickSize),
      ]),
    )
    const onTick = (symbol: SymbolId, x: number) => {
      const tick = ticks.get(symbol)!
      return tick > 0 ? r8(Math.round(x / tick) * tick) : x
    }
    const rescaledCrash = rescaledScenario(crash, tracks, { lastPrice: onTick })
    for (let i = 0; i < tracks.length; i++) {
      const tr = tracks[i]!
      const series = tr.series
      const rescaled = rescaledCrash.series[i]!
      const tick = ticks.get(tr.symbol)!
      const last: KlineColumns = {
        time: rescaled.time,
        open: rescaled.open,
        high: rescaled.high,
        low: rescaled.low,
        close: rescaled.close,
        volume: rescaled.volume,
        line: new Float64Array(rescaled.time.length),
      }
      const mark: KlineColumns = {
        time: rescaled.time,
        open: rescaled.markOpen,
        high: rescaled.markHigh,
        low: rescaled.markLow,
        close: rescaled.markClose,
        volume: new Float64Array(rescaled.time.length),
        line: new Float64Array(rescaled.time.length),
      }
      const lc = tr.symbol.toLowerCase()
      const step = series.step
      const lastFile = `${lc}-last-${step}.csv.gz`
      const markFile = `${lc}-mark-${step}.csv.gz`
      await writeKlines(path.join(tmp, lastFile), last, true)
      await writeKlines(path.join(tmp, markFile), mark, false)
      const recordedFunding = series.fundingOrigin === 'recorded'
      const funding: FundingPoint[] = recordedFunding ? rescaled.funding : []
      const fundingFile = `${lc}-funding.csv.gz`
      if (funding.length) await writeFunding(path.join(tmp, fundingFile), funding)
      const src = info.symbols.find((x) => x.symbol === series.symbol)
      const from = `${info.id} ${series.symbol}`
      const lastK = tr.lastK.toPrecision(8)
      const markK = tr.markK.toPrecision(8)
      symbols.push({
        symbol: tr.symbol,
        market: src?.lastMarket ?? 'perp',
        venue: `derived from the bundled crash ${info.id}`,
        last: {
          file: lastFile,
          step,
          provenance: `derived: ${from} last price × ${lastK} (rounded to the tick ${tick})`,
        },
        mark: {
          file: markFile,
          step,
          provenance: `derived: ${from} mark price (at ${step}) × ${markK}`,
        },
        index: null,
        funding: funding.length
          ? {
              files: [fundingFile],
              provenance: `${from} recorded funding rates; mark price × ${markK} (derived)`,
            }
          : null,
        gaps: src?.gaps ?? [],
        notes: [
          `Rescaled, not recorded: ${from} path × ${lastK} (last) and × ${markK} (mark), so its first bar opens at your price when you clicked "Practise it".`,
          ...(series.symbol !== tr.symbol
            ? [`${info.id} holds no ${tr.symbol}: it follows ${series.symbol}.`]
            : []),
          ...(src?.notes ?? []),
        ],
        origins: {
          last: `derived: recorded ${from} last price rescaled to your price (× ${lastK})`,
          mark: `derived: recorded ${from} mark price rescaled to your price (× ${markK})`,
          funding: funding.length
            ? `recorded ${from} funding rates (unchanged); mark price rescaled`
            : 'default: 0.01 % every 8 h at 00/08/16 UTC',
        },
      })
    }
    const manifest: ScenarioManifest = {
      formatVersion: 1,
      id: `stress-${info.id}`.slice(0, 70),
      title: `Stress: ${info.title} on your portfolio`,
      event: `Derived from ${info.id}`,
      briefing:
        `The recorded ${info.title} path, rescaled to your prices: each symbol's last and mark ` +
        `price move by the same percentages as in the crash, starting from your prices ` +
        `(derived, not recorded prices; funding rates as recorded). Your balance, leverage, ` +
        `margin types and positions are carried over; the positions are re-opened by market ` +
        `orders at the start price (entry fees are paid again, entries at the rescaled start ` +
        `price). Open orders, TP/SL and margin added by hand to isolated positions are not ` +
        `carried over.`,
      start: info.start,
      end: info.end,
      baseTimeframe: info.baseTimeframe,
      symbols,
      keyMoments: info.keyMoments.map((k) => ({ t: k.t, label: k.label })),
      notes: [
        `Rescaled (derived) from the bundled scenario ${info.id}; not recorded at these prices.`,
      ],
      provenance:
        `Derived on ${new Date().toISOString()} from the bundled scenario ${info.id} ` +
        `(recorded path rescaled to the prices of session ${s.id}). Its provenance:\n` +
        info.provenance,
      createdAt: new Date().toISOString(),
    }
    return await publish(tmp, userDir, manifest.id, manifest)
  } catch (err) {
    await rm(tmp, { recursive: true, force: true })
    throw err
  }
}
