/**
 * Phase 2 of an import: merged, step-checked series per symbol, ready to write. Steps come
 * from the data (smallest spacing) and must match any interval in the file names; the
 * scenario's base step is the last-price step, the same for every symbol.
 */
import { TIMEFRAME_MS, type Timeframe } from '../../../../shared/market'
import type { KlineColumns } from '../columns'
import { firstOffGrid, smallestStep, timeframeOfMs } from '../steps'
import type { SeriesKind } from './classify'
import type { IssueLog } from './issues'
import { mergeFiles, type FileRows } from './merge'
import type { SymbolInputs } from './read-inputs'

export interface AssembledSymbol {
  symbol: string
  step: Timeframe
  last: KlineColumns
  mark: { rows: KlineColumns; step: Timeframe } | null
  index: { rows: KlineColumns; step: Timeframe } | null
  funding: SymbolInputs['funding']
  files: Record<SeriesKind, string[]>
}

export function assemble(bySymbol: Map<string, SymbolInputs>, log: IssueLog) {
  const out: AssembledSymbol[] = []
  let duplicatesDropped = 0,
    outOfOrder = 0
  for (const [symbol, g] of bySymbol) {
    const files = {
      last: g.last.map((f) => f.file),
      mark: g.mark.map((f) => f.file),
      index: g.index.map((f) => f.file),
      funding: g.fundingFiles,
    }
    if (g.last.length === 0) {
      log.error(
        'NO_PRICE_DATA',
        `${symbol}: mark, index or funding files without last-price klines`,
        symbol,
      )
      continue
    }
    const merged = (kind: 'last' | 'mark' | 'index', parts: FileRows[]) => {
      if (parts.length === 0) return null
      const m = mergeFiles(parts, log)
      duplicatesDropped += m.duplicatesDropped
      outOfOrder += m.outOfOrder
      const step = checkStep(symbol, kind, m.rows, parts, g.named[kind], log)
      return step ? { rows: m.rows, step } : null
    }
    const last = merged('last', g.last)
    const mark = merged('mark', g.mark)
    const index = merged('index', g.index)
    if (!last) continue
    if (
      mark &&
      TIMEFRAME_MS[mark.step] % TIMEFRAME_MS[last.step] !== 0 &&
      TIMEFRAME_MS[last.step] % TIMEFRAME_MS[mark.step] !== 0
    ) {
      log.error(
        'UNSUPPORTED_TIMEFRAME',
        `${symbol}: mark step ${mark.step} does not nest with last-price step ${last.step}`,
        g.mark[0]!.file,
      )
      continue
    }
    const funding = [...g.funding].sort((a, b) => a.t - b.t)
    out.push({ symbol, step: last.step, last: last.rows, mark, index, funding, files })
  }
  const steps = new Set(out.map((s) => s.step))
  if (steps.size > 1)
    log.error(
      'MIXED_TIMEFRAMES',
      `symbols use different steps (${[...steps].join(', ')}); import them separately`,
      out.map((s) => s.symbol).join(', '),
    )
  return { symbols: out, duplicatesDropped, outOfOrder }
}

function checkStep(
  symbol: string,
  kind: string,
  rows: KlineColumns,
  parts: FileRows[],
  named: Set<string> | undefined,
  log: IssueLog,
): Timeframe | null {
  const file = parts.map((p) => p.file).join(', ')
  const ms = smallestStep(rows.time) ?? (named?.size === 1 ? intervalMs([...named][0]!) : null)
  if (ms === null) {
    log.error(
      'UNSUPPORTED_TIMEFRAME',
      `${symbol} ${kind}: one row and no interval in the file name; cannot tell the step`,
      file,
    )
    return null
  }
  const tf = timeframeOfMs(ms)
  if (!tf) {
    log.error(
      'UNSUPPORTED_TIMEFRAME',
      `${symbol} ${kind}: bars ${ms / 60000} min apart; supported steps are 1m, 3m, 5m, 15m, 1h, 4h, 1d`,
      file,
    )
    return null
  }
  if (named && named.size > 0 && [...named].some((n) => intervalMs(n) !== ms)) {
    log.error(
      'UNSUPPORTED_TIMEFRAME',
      `${symbol} ${kind}: file names say ${[...named].join('/')}, rows are ${tf} apart`,
      file,
    )
    return null
  }
  const off = firstOffGrid(rows.time, ms)
  if (off >= 0) {
    log.error(
      'BAD_TIMESTAMP',
      `bar time ${new Date(rows.time[off]!).toISOString()} is not on the ${tf} grid`,
      file,
      rows.line[off],
    )
    return null
  }
  return tf
}

function intervalMs(interval: string): number | null {
  const m = /^(\d+)(m|h|d)$/i.exec(interval)
  if (!m) return null
  const unit =
    m[2]!.toLowerCase() === 'm' ? 60_000 : m[2]!.toLowerCase() === 'h' ? 3_600_000 : 86_400_000
  return Number(m[1]) * unit
}
