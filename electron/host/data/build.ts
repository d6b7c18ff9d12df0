/**
 * A scenario folder (manifest + canonical CSV.gz files) → LoadedScenario: read and validate the
 * CSVs, cut them to the window, bring mark to the base step, settle funding origin. Any problem
 * in bundled or imported data is fatal here: the first issue throws its DataError.
 */
import path from 'node:path'
import type { FundingPoint, ScenarioInfo, SeriesInfo, Timeframe } from '../../../shared/market'
import { TIMEFRAME_MS } from '../../../shared/market'
import { instrumentInfo } from '../../engine'
import type { KlineColumns } from './columns'
import { DataError } from './errors'
import { defaultFunding, fillFundingMark, fundingInWindow } from './funding'
import { readFundingCsv } from './funding-read'
import { readKlineCsv, type KlineKind } from './kline-read'
import type { ManifestSymbol, ScenarioManifest } from './manifest'
import { alignMark, deriveMarkFromLast } from './mark-align'
import { fileSource } from './sources'
import { firstOffGrid, listGaps, smallestStep, windowRange } from './steps'
import type { LoadedScenario, SymbolSeries } from './types'

const fatal = (issue: DataError, severity: 'error' | 'warning'): void => {
  if (severity === 'error') throw issue
}

export async function buildScenario(
  dir: string,
  m: ScenarioManifest,
  source: 'bundled' | 'user',
): Promise<LoadedScenario> {
  const series: SymbolSeries[] = []
  for (const s of m.symbols) series.push(await buildSymbol(dir, m, s))
  const info = manifestToInfo(m, source)
  // Gaps as found in the data, not as the manifest claims (they agree for well-formed folders).
  info.symbols = info.symbols.map((si, k) => ({
    ...si,
    gaps: listGaps(series[k]!.time, TIMEFRAME_MS[series[k]!.step], m.start, m.end),
  }))
  return { info, series }
}

async function readKlines(
  dir: string,
  file: string,
  kind: KlineKind,
  stepMs: number,
): Promise<KlineColumns> {
  const full = path.join(dir, file)
  const { columns } = await readKlineCsv(fileSource(full, file), { kind, onIssue: fatal })
  const step = smallestStep(columns.time)
  if (step !== null && step < stepMs)
    throw new DataError(
      'UNSUPPORTED_TIMEFRAME',
      `rows ${step / 1000}s apart, manifest says ${stepMs / 1000}s`,
      { file },
    )
  const off = firstOffGrid(columns.time, stepMs)
  if (off >= 0)
    throw new DataError('BAD_TIMESTAMP', 'bar time not on the step grid', {
      file,
      line: columns.line[off]!,
    })
  return columns
}

async function buildSymbol(
  dir: string,
  m: ScenarioManifest,
  s: ManifestSymbol,
): Promise<SymbolSeries> {
  const stepMs = TIMEFRAME_MS[s.last.step]
  const last = await readKlines(dir, s.last.file, 'last', stepMs)
  let mark: MarkInput | null = null
  if (s.mark) {
    const markStepMs = TIMEFRAME_MS[s.mark.step]
    if (markStepMs % stepMs !== 0 && stepMs % markStepMs !== 0)
      throw new DataError(
        'UNSUPPORTED_TIMEFRAME',
        `mark step ${s.mark.step} does not nest with ${s.last.step}`,
        { file: s.mark.file },
      )
    mark = { rows: await readKlines(dir, s.mark.file, 'mark', markStepMs), step: s.mark.step }
  }
  let funding: FundingPoint[] | null = null
  if (s.funding && s.funding.files.length > 0) {
    funding = []
    for (const f of s.funding.files)
      funding.push(
        ...(await readFundingCsv(fileSource(path.join(dir, f), f), { onIssue: fatal })).points,
      )
  }
  const series = assembleSeries(s.symbol, s.last.step, last, mark, funding, m.start, m.end)
  if (series.time.length === 0)
    throw new DataError('NO_PRICE_DATA', 'no last-price rows inside the window', {
      file: s.last.file,
    })
  return series
}

export interface MarkInput {
  rows: KlineColumns
  step: Timeframe
}

/**
 * In-memory rows → SymbolSeries: cut to [start, end), bring mark to the base step (or derive
 * it), keep the window's funding (or the default), fill missing funding mark prices.
 */
export function assembleSeries(
  symbol: string,
  step: Timeframe,
  lastAll: KlineColumns,
  markIn: MarkInput | null,
  fundingIn: FundingPoint[] | null,
  start: number,
  end: number,
): SymbolSeries {
  const stepMs = TIMEFRAME_MS[step]
  const [a, b] = windowRange(lastAll.time, start, end)
  const cut = (x: Float64Array) => x.slice(a, b)
  const base = {
    time: cut(lastAll.time),
    open: cut(lastAll.open),
    high: cut(lastAll.high),
    low: cut(lastAll.low),
    close: cut(lastAll.close),
  }
  const mark = markIn
    ? alignMark(base, stepMs, markIn.rows, TIMEFRAME_MS[markIn.step])
    : deriveMarkFromLast(base)
  let funding = defaultFunding(start, end)
  if (fundingIn && fundingIn.length > 0)
    funding = fundingInWindow(
      [...fundingIn].sort((x, y) => x.t - y.t),
      start,
      end,
    )
  funding = fillFundingMark(funding, base.time, mark.open, mark.close)
  return {
    symbol,
    step,
    ...base,
    volume: cut(lastAll.volume),
    markOpen: mark.open,
    markHigh: mark.high,
    markLow: mark.low,
    markClose: mark.close,
    markOrigin: markIn ? 'recorded' : 'derived',
    markDerivedRows: mark.derivedRows,
    funding,
    fundingOrigin: fundingIn && fundingIn.length > 0 ? 'recorded' : 'default',
  }
}

const DAY_MS = 86_400_000

/**
 * Where the replay starts: the manifest's `replayFrom`, else the scenario's first day (at
 * most a quarter of the window, so short imports keep most of their bars to play), snapped
 * down to the base step and kept inside the window.
 */
export function replayFromOf(
  m: Pick<ScenarioManifest, 'start' | 'end' | 'baseTimeframe' | 'replayFrom'>,
): number {
  const step = TIMEFRAME_MS[m.baseTimeframe]
  const want = m.replayFrom ?? m.start + Math.min(DAY_MS, Math.floor((m.end - m.start) / 4))
  const snapped = m.start + Math.floor((want - m.start) / step) * step
  return Math.max(m.start, Math.min(snapped, m.end - step))
}

/** The library entry, from the manifest alone (no CSV is read to list scenarios). */
export function manifestToInfo(m: ScenarioManifest, source: 'bundled' | 'user'): ScenarioInfo {
  const symbols: SeriesInfo[] = m.symbols.map((s) => ({
    symbol: s.symbol,
    instrument: instrumentInfo(s.symbol, m.start),
    lastStep: s.last.step,
    mark: s.mark ? 'recorded' : 'derived',
    ...(s.mark ? { markStep: s.mark.step } : {}),
    funding: s.funding && s.funding.files.length > 0 ? 'recorded' : 'default',
    lastMarket: s.market,
    gaps: s.gaps,
    notes: s.notes,
  }))
  return {
    id: m.id,
    title: m.title,
    briefing: m.briefing,
    source,
    start: m.start,
    end: m.end,
    replayFrom: replayFromOf(m),
    baseTimeframe: m.baseTimeframe,
    symbols,
    keyMoments: m.keyMoments.map((k) => ({ t: k.t, label: k.label })),
    provenance: m.provenance,
    notes: m.notes,
  }
}
