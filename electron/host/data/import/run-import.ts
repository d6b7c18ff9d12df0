/**
 * importFiles: Binance public-data files (klines, markPriceKlines, indexPriceKlines,
 * fundingRate; CSV, CSV.gz or the .zip itself; files or folders) or a generic OHLCV CSV with a
 * column mapping → a user scenario. Validate everything first; any error means nothing is
 * written. Then write to a hidden temp folder and rename it into place.
 */
import { rm } from 'node:fs/promises'
import path from 'node:path'
import type { ImportProgress, ImportReport } from '../../../../shared/contract/market'
import { TIMEFRAME_MS } from '../../../../shared/market'
import { assembleSeries } from '../build'
import { DataError } from '../errors'
import type { ScenarioManifest } from '../manifest'
import { briefingText, keyMomentsFrom, symbolStats, tellingOf } from '../stats'
import { listGaps } from '../steps'
import { assemble, type AssembledSymbol } from './assemble'
import type { SeriesKind } from './classify'
import { expandInputs } from './inputs'
import { IssueLog, type CodedIssue } from './issues'
import { readInputs, type GenericMapping } from './read-inputs'
import { makeTempDir, publish, sweepInterrupted, writeFunding, writeKlines } from './write-scenario'

export interface ImportOptions {
  /** The app's data folder; the scenario lands in `<userDir>/scenarios/<id>`. */
  userDir: string
  title?: string
  /** Generic OHLCV CSV: 0-based columns, symbol, optional kind and time unit. */
  mapping?: GenericMapping
  /** Override the kind / symbol detected from file names (applies to every file). */
  kind?: SeriesKind
  symbol?: string
  signal?: AbortSignal
  onProgress?: (p: ImportProgress) => void
  /** Validate and report only; write nothing (the folder loader uses this too). */
  dryRun?: boolean
}

export interface DataImportReport extends ImportReport {
  errors: CodedIssue[]
  warnings: CodedIssue[]
  errorCount: number
  warningCount: number
  bytesRead: number
  durationMs: number
  files: { file: string; kind: string | null; symbol: string | null; rows: number; bytes: number }[]
  title?: string
}

export async function importFiles(paths: string[], opts: ImportOptions): Promise<DataImportReport> {
  const t0 = performance.now()
  const log = new IssueLog()
  let lastTick = 0
  const progress = (file: string, rows: number, bytes: number, force = false) => {
    const now = performance.now()
    if (!opts.onProgress || (!force && now - lastTick < 100)) return
    lastTick = now
    opts.onProgress({
      file,
      rows,
      bytes,
      rowsPerSecond: Math.round(rows / Math.max((now - t0) / 1000, 1e-3)),
    })
  }
  const report: DataImportReport = {
    ok: false,
    rowsRead: 0,
    bytesRead: 0,
    duplicatesDropped: 0,
    outOfOrder: 0,
    gaps: [],
    errors: log.errors,
    warnings: log.warnings,
    errorCount: 0,
    warningCount: 0,
    durationMs: 0,
    files: [],
  }
  const finish = (): DataImportReport => {
    report.errorCount = log.errorCount
    report.warningCount = log.warningCount
    report.durationMs = Math.round(performance.now() - t0)
    return report
  }

  const { inputs } = await expandInputs(paths, log)
  if (inputs.length === 0 && log.errorCount === 0)
    log.error(
      'EMPTY_FILE',
      'nothing to import: no .csv, .csv.gz or .zip files found',
      paths.join(', '),
    )
  const read = await readInputs(inputs, log, {
    ...(opts.mapping ? { mapping: opts.mapping } : {}),
    ...(opts.kind ? { kind: opts.kind } : {}),
    ...(opts.symbol ? { symbol: opts.symbol } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    onRows: (file, rows, bytes) => progress(file, rows, bytes),
  })
  Object.assign(report, {
    rowsRead: read.rowsRead,
    bytesRead: read.bytesRead,
    files: read.files,
    duplicatesDropped: read.duplicatesDropped,
    outOfOrder: read.outOfOrder,
  })
  progress('', read.rowsRead, read.bytesRead, true)
  if (log.errorCount > 0) return finish()

  const asm = assemble(read.bySymbol, log)
  report.duplicatesDropped += asm.duplicatesDropped
  report.outOfOrder += asm.outOfOrder
  if (log.errorCount > 0 || asm.symbols.length === 0) {
    if (log.errorCount === 0)
      log.error('NO_PRICE_DATA', 'no last-price klines in the input', paths.join(', '))
    return finish()
  }

  const manifest = buildManifest(asm.symbols, opts.title)
  report.title = manifest.title
  report.gaps = manifest.symbols.flatMap((s) => s.gaps.map((g) => ({ symbol: s.symbol, ...g })))
  for (const g of report.gaps)
    log.warn(
      'GAP',
      `${g.symbol}: ${g.bars} missing bars ${new Date(g.from).toISOString()} .. ${new Date(g.to).toISOString()} (listed, not filled)`,
      g.symbol,
    )
  if (opts.dryRun) {
    report.ok = true
    return finish()
  }
  if (opts.signal?.aborted) throw new DataError('ABORTED', 'import cancelled')

  await sweepInterrupted(opts.userDir)
  const tmp = await makeTempDir(opts.userDir)
  try {
    for (const s of asm.symbols) {
      const lc = s.symbol.toLowerCase()
      await writeKlines(path.join(tmp, `${lc}-last-${s.step}.csv.gz`), s.last, true)
      if (s.mark)
        await writeKlines(path.join(tmp, `${lc}-mark-${s.mark.step}.csv.gz`), s.mark.rows, false)
      if (s.index)
        await writeKlines(path.join(tmp, `${lc}-index-${s.index.step}.csv.gz`), s.index.rows, false)
      if (s.funding.length > 0)
        await writeFunding(path.join(tmp, `${lc}-funding.csv.gz`), s.funding)
      if (opts.signal?.aborted) throw new DataError('ABORTED', 'import cancelled')
    }
    report.scenarioId = await publish(tmp, opts.userDir, manifest.id, manifest)
  } catch (err) {
    await rm(tmp, { recursive: true, force: true })
    if (err instanceof DataError) throw err
    throw new DataError('IO', 'could not write the scenario: ' + (err as Error).message, {
      file: tmp,
    })
  }
  report.ok = true
  progress('', read.rowsRead, read.bytesRead, true)
  return finish()
}

function buildManifest(symbols: AssembledSymbol[], title?: string): ScenarioManifest {
  const start = Math.min(...symbols.map((s) => s.last.time[0]!))
  const end = Math.max(
    ...symbols.map((s) => s.last.time[s.last.time.length - 1]! + TIMEFRAME_MS[s.step]),
  )
  const step = symbols[0]!.step
  const day = (t: number) => new Date(t).toISOString().slice(0, 10)
  const names = symbols.map((s) => s.symbol).join(', ')
  const finalTitle =
    title?.trim() || `${names} ${step} · ${day(start)} → ${day(end - 1)} (imported)`
  const series = symbols.map((s) =>
    assembleSeries(
      s.symbol,
      s.step,
      s.last,
      s.mark,
      s.funding.length ? s.funding : null,
      start,
      end,
    ),
  )
  const stats = series.map(symbolStats)
  const telling = tellingOf(stats, 'imported')
  const lc = (s: AssembledSymbol) => s.symbol.toLowerCase()
  const slug = `${symbols.map(lc).join('-')}-${step}-${day(start)}`
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 60)
  return {
    formatVersion: 1,
    id: slug,
    title: finalTitle,
    event: finalTitle,
    briefing: briefingText(
      finalTitle,
      stats,
      Object.fromEntries(symbols.map((s) => [s.symbol, 'imported'])),
      telling,
    ),
    start,
    end,
    baseTimeframe: step,
    symbols: symbols.map((s, k) => ({
      symbol: s.symbol,
      // Binance public data keeps spot under data/spot/…; everything else is taken as the perp.
      market: s.files.last.some((f) => /[\\/]spot[\\/]/i.test(f)) ? 'spot' : 'perp',
      venue: 'imported by the user',
      last: {
        file: `${lc(s)}-last-${s.step}.csv.gz`,
        step: s.step,
        provenance: s.files.last.join('\n'),
      },
      mark: s.mark
        ? {
            file: `${lc(s)}-mark-${s.mark.step}.csv.gz`,
            step: s.mark.step,
            provenance: s.files.mark.join('\n'),
          }
        : null,
      index: s.index
        ? {
            file: `${lc(s)}-index-${s.index.step}.csv.gz`,
            step: s.index.step,
            provenance: s.files.index.join('\n'),
          }
        : null,
      funding: s.funding.length
        ? { files: [`${lc(s)}-funding.csv.gz`], provenance: s.files.funding.join('\n') }
        : null,
      gaps: listGaps(series[k]!.time, TIMEFRAME_MS[s.step]),
      origins: {
        last: `recorded ${s.step} (imported)`,
        mark: s.mark
          ? `recorded ${s.mark.step} (imported)${s.mark.step !== s.step ? `, brought to ${s.step} (docs/data.md)` : ''}`
          : 'derived: mark = last price',
        funding: s.funding.length
          ? 'recorded (imported)'
          : 'default: 0.01 % every 8 h at 00/08/16 UTC',
      },
      notes: [
        ...(s.mark ? [] : ['No mark-price file was imported: mark = last price (derived).']),
        ...(s.funding.length ? [] : ['No funding file was imported: default 0.01 % every 8 h.']),
      ],
    })),
    keyMoments: keyMomentsFrom(stats, telling),
    notes: [],
    provenance:
      `Imported on ${new Date().toISOString()} from:\n` +
      symbols
        .flatMap((s) => [...s.files.last, ...s.files.mark, ...s.files.index, ...s.files.funding])
        .join('\n'),
    stats,
    createdAt: new Date().toISOString(),
  }
}
