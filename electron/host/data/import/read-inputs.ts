/**
 * Phase 1 of an import: read and validate every input into memory, grouped by symbol and
 * series kind. Nothing is written here; every problem lands in the IssueLog.
 */
import type { FundingPoint } from '../../../../shared/market'
import type { TimeUnit } from '../decimal'
import { DataError } from '../errors'
import { readFundingCsv } from '../funding-read'
import { readKlineCsv, type ColumnMap } from '../kline-read'
import { classify, type SeriesKind } from './classify'
import type { ImportInput } from './inputs'
import { TooManyErrors, type IssueLog } from './issues'
import { IMPORT_LIMITS } from './limits'
import type { FileRows } from './merge'

export interface GenericMapping extends ColumnMap {
  symbol: string
  kind?: 'last' | 'mark' | 'index'
  timeUnit?: TimeUnit | 'auto'
}

export interface ReadOptions {
  mapping?: GenericMapping
  kind?: SeriesKind
  symbol?: string
  signal?: AbortSignal
  /** Running totals after each file and every few thousand rows. */
  onRows?: (file: string, rows: number, bytes: number) => void
}

export interface SymbolInputs {
  last: FileRows[]
  mark: FileRows[]
  index: FileRows[]
  funding: FundingPoint[]
  fundingFiles: string[]
  /** Intervals named in file names, per kind, to cross-check the data. */
  named: Partial<Record<SeriesKind, Set<string>>>
}

export interface FileSummary {
  file: string
  kind: SeriesKind | null
  symbol: string | null
  rows: number
  bytes: number
}

export async function readInputs(inputs: ImportInput[], log: IssueLog, opts: ReadOptions) {
  const bySymbol = new Map<string, SymbolInputs>()
  const files: FileSummary[] = []
  let rowsRead = 0,
    bytesRead = 0,
    duplicatesDropped = 0,
    outOfOrder = 0
  for (const input of inputs) {
    if (opts.signal?.aborted) throw new DataError('ABORTED', 'import cancelled')
    const file = input.source.name
    const c = classify(input.hintPath)
    const kind: SeriesKind | null = opts.mapping
      ? (opts.mapping.kind ?? 'last')
      : (opts.kind ?? c.kind)
    const symbol = (opts.mapping?.symbol ?? opts.symbol ?? c.symbol)?.toUpperCase() ?? null
    const summary: FileSummary = { file, kind, symbol, rows: 0, bytes: 0 }
    files.push(summary)
    if (!kind) {
      log.error(
        'UNKNOWN_KIND',
        'cannot tell klines, markPriceKlines, indexPriceKlines or fundingRate from the path; name the kind',
        file,
      )
      continue
    }
    if (!symbol) {
      log.error(
        'UNKNOWN_SYMBOL',
        'no symbol in the file name (expected e.g. BTCUSDT-1m-2024-01-01.csv); name the symbol',
        file,
      )
      continue
    }
    let g = bySymbol.get(symbol)
    if (!g)
      bySymbol.set(
        symbol,
        (g = { last: [], mark: [], index: [], funding: [], fundingFiles: [], named: {} }),
      )
    if (c.interval && !opts.mapping) (g.named[kind] ??= new Set()).add(c.interval)
    const onIssue = (e: DataError, sev: 'error' | 'warning') => log.add(e, sev)
    const baseRows = rowsRead,
      baseBytes = bytesRead
    let fileBytes = 0
    // Streamed bytes are bounded per file and for the import as a whole (headers may lie).
    const maxBytes = Math.min(IMPORT_LIMITS.maxFileBytes, IMPORT_LIMITS.maxImportBytes - baseBytes)
    try {
      if (kind === 'funding') {
        const r = await readFundingCsv(input.source, {
          onIssue,
          maxBytes,
          ...(opts.signal ? { signal: opts.signal } : {}),
          onBytes: (b) => opts.onRows?.(file, rowsRead, baseBytes + b),
        })
        g.funding.push(...r.points)
        g.fundingFiles.push(file)
        summary.rows = r.points.length
        summary.bytes = r.bytes
        duplicatesDropped += r.duplicatesDropped
      } else {
        const r = await readKlineCsv(input.source, {
          kind,
          onIssue,
          maxBytes,
          ...(opts.mapping
            ? { columns: opts.mapping, timeUnit: opts.mapping.timeUnit ?? 'auto' }
            : {}),
          ...(opts.signal ? { signal: opts.signal } : {}),
          // Rows report with the bytes parsed so far in this file, so one huge file still moves the bar.
          onBytes: (b) => (fileBytes = b),
          onRow: (n) => opts.onRows?.(file, baseRows + n, baseBytes + fileBytes),
        })
        g[kind].push({ file, rows: r.columns })
        summary.rows = r.columns.time.length
        summary.bytes = r.bytes
        duplicatesDropped += r.duplicatesDropped
        outOfOrder += r.outOfOrder
      }
    } catch (err) {
      if (err instanceof TooManyErrors)
        log.warn('CSV_SYNTAX', 'too many errors; the rest of this file was not read', file)
      else if (err instanceof DataError && err.code !== 'ABORTED') log.add(err, 'error')
      else throw err
    }
    rowsRead = baseRows + summary.rows
    bytesRead = baseBytes + summary.bytes
    opts.onRows?.(file, rowsRead, bytesRead)
  }
  return { bySymbol, files, rowsRead, bytesRead, duplicatesDropped, outOfOrder }
}
