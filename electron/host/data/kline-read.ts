/**
 * One kline-family CSV (last price, mark price or index price) → validated columns.
 *
 * Accepted layouts, all positional after the time column (open, high, low, close[, volume, …]):
 * - the bundled canonical files: `open_time_ms,open,high,low,close[,volume,quote_volume,trades]`;
 * - Binance public-data klines / markPriceKlines / indexPriceKlines: 12 columns, with or without
 *   header, open time in ms or µs;
 * - a generic OHLCV CSV through an explicit column mapping.
 * Every row problem is reported through `onIssue` with file, line and column; the caller decides
 * whether the first one is fatal (bundled data) or issues are collected (imports).
 */
import { Column, type KlineColumns } from './columns'
import { readCsvRows, type CsvReadOptions, type CsvSource } from './csv-read'
import { checkDecimal, clean, detectTimeUnit, parseEpoch, type TimeUnit } from './decimal'
import { DataError, type DataErrorCode } from './errors'
import { IMPORT_LIMITS, implausibleTime } from './import/limits'

export type KlineKind = 'last' | 'mark' | 'index'

export interface ColumnMap {
  time: number
  open: number
  high: number
  low: number
  close: number
  volume?: number
}

export interface KlineReadOptions extends CsvReadOptions {
  kind: KlineKind
  /** Defaults to the Binance / canonical positions 0..5. */
  columns?: ColumnMap
  /**
   * Defaults to 'auto': the digit count of each row's own timestamp (a file may switch from ms
   * to µs part-way, as Binance's 2025 dumps do; detecting from the first row only once turned
   * later µs rows into times 53,000 years away).
   */
  timeUnit?: TimeUnit | 'auto'
  /** Issue sink; throw from it to stop reading. Warnings never stop a read. */
  onIssue: (issue: DataError, severity: 'error' | 'warning') => void
  /** Progress per row. */
  onRow?: (rows: number) => void
}

export interface KlineReadResult {
  columns: KlineColumns
  header: string[] | null
  timeUnit: TimeUnit
  duplicatesDropped: number
  outOfOrder: number
  bytes: number
}

const BINANCE_LAYOUT: ColumnMap = { time: 0, open: 1, high: 2, low: 3, close: 4, volume: 5 }
const PRICE_FIELDS = ['open', 'high', 'low', 'close'] as const

export async function readKlineCsv(
  source: CsvSource,
  opts: KlineReadOptions,
): Promise<KlineReadResult> {
  const map = opts.columns ?? BINANCE_LAYOUT
  const useVolume = opts.kind === 'last' && map.volume !== undefined
  const need =
    Math.max(map.time, map.open, map.high, map.low, map.close, useVolume ? map.volume! : 0) + 1
  const cols = {
    t: new Column(),
    o: new Column(),
    h: new Column(),
    l: new Column(),
    c: new Column(),
    v: new Column(),
    line: new Column(),
  }
  let header: string[] | null = null
  let width = -1
  const fixedUnit: TimeUnit | null =
    opts.timeUnit && opts.timeUnit !== 'auto' ? opts.timeUnit : null
  let unit: TimeUnit | null = fixedUnit
  const now = Date.now()
  let prevT = -Infinity
  let duplicatesDropped = 0
  let outOfOrder = 0
  let rows = 0
  let dataRows = 0
  const vals = [0, 0, 0, 0, 0]
  const file = source.name
  const issue = issueReporter(file, () => header, opts.onIssue)

  const res = await readCsvRows(
    source,
    (fields, line, unterminated) => {
      if (fields.length === 1 && fields[0] === '') return // blank line
      dataRows++
      if (width < 0 && header === null && !/^\d+$/.test(fields[map.time]?.trim() ?? '')) {
        if (fields.length < need)
          return issue(
            'COLUMN_COUNT',
            `header has ${fields.length} columns, need at least ${need}`,
            line,
          )
        header = fields.map((f) => f.trim())
        width = fields.length
        dataRows--
        return
      }
      if (width < 0) {
        if (fields.length < need) {
          const code = unterminated ? 'TRUNCATED_LINE' : 'COLUMN_COUNT'
          return issue(code, `${fields.length} columns, need at least ${need}`, line)
        }
        width = fields.length
      }
      if (fields.length !== width) {
        if (unterminated && fields.length < width)
          return issue(
            'TRUNCATED_LINE',
            `file ends mid-row (${fields.length} of ${width} columns)`,
            line,
          )
        return issue('COLUMN_COUNT', `${fields.length} columns, expected ${width}`, line)
      }
      const tText = clean(fields[map.time]!)
      const rowUnit = fixedUnit ?? detectTimeUnit(tText)
      unit ??= rowUnit
      const t = parseEpoch(tText, rowUnit)
      if (t === null)
        return issue('BAD_TIMESTAMP', `"${clip(tText)}" is not an epoch time`, line, map.time)
      const odd = implausibleTime(t, now)
      if (odd)
        return issue('BAD_TIMESTAMP', `time ${clip(tText)} (${iso(t)}) ${odd}`, line, map.time)
      for (let k = 0; k < 4; k++) {
        const ci = map[PRICE_FIELDS[k]!]
        const text = clean(fields[ci]!)
        const problem = checkDecimal(text)
        if (problem) return issue(problem, describe(problem, text), line, ci)
        const x = Number(text)
        if (!(x > 0)) return issue('NON_POSITIVE_PRICE', `price ${text} must be > 0`, line, ci)
        vals[k] = x
      }
      let vol = 0
      if (useVolume) {
        const text = clean(fields[map.volume!]!)
        const problem = checkDecimal(text)
        if (problem) return issue(problem, describe(problem, text), line, map.volume)
        vol = Number(text)
        if (vol < 0) return issue('NEGATIVE_VOLUME', `volume ${text} < 0`, line, map.volume)
      }
      const [o, h, l, c] = vals as [number, number, number, number]
      if (h < l) return issue('OHLC_VIOLATION', `high ${h} < low ${l}`, line, map.high)
      if (h < Math.max(o, c))
        return issue(
          'OHLC_VIOLATION',
          `high ${h} < max(open, close) ${Math.max(o, c)}`,
          line,
          map.high,
        )
      if (l > Math.min(o, c))
        return issue(
          'OHLC_VIOLATION',
          `low ${l} > min(open, close) ${Math.min(o, c)}`,
          line,
          map.low,
        )
      if (t === prevT) {
        const i = cols.t.length - 1
        const same = lastEquals(cols, i, o, h, l, c, vol)
        if (!same)
          return issue(
            'DUPLICATE_CONFLICT',
            `bar time ${iso(t)} repeats with different values`,
            line,
            map.time,
          )
        duplicatesDropped++
        return issue(
          'DUPLICATE_DROPPED',
          `duplicate of the row before (${iso(t)}), dropped`,
          line,
          map.time,
          'warning',
        )
      }
      if (t < prevT) {
        outOfOrder++
        return issue(
          'OUT_OF_ORDER',
          `bar time ${iso(t)} is earlier than the row before (${iso(prevT)})`,
          line,
          map.time,
        )
      }
      if (rows >= IMPORT_LIMITS.maxSeriesRows)
        throw new DataError(
          'LIMIT',
          `more than ${IMPORT_LIMITS.maxSeriesRows.toLocaleString('en-US')} rows in one file: import it in parts`,
          { file, line },
        )
      prevT = t
      cols.t.push(t)
      cols.o.push(o)
      cols.h.push(h)
      cols.l.push(l)
      cols.c.push(c)
      cols.v.push(vol)
      cols.line.push(line)
      rows++
      if ((rows & 4095) === 0) opts.onRow?.(rows)
    },
    opts,
  )
  opts.onRow?.(rows)
  if (dataRows === 0) {
    opts.onIssue(new DataError('EMPTY_FILE', 'no data rows', { file }), 'error')
  }
  const columns: KlineColumns = {
    time: cols.t.toArray(),
    open: cols.o.toArray(),
    high: cols.h.toArray(),
    low: cols.l.toArray(),
    close: cols.c.toArray(),
    volume: cols.v.toArray(),
    line: cols.line.toArray(),
  }
  return {
    columns,
    header,
    timeUnit: unit ?? 'ms',
    duplicatesDropped,
    outOfOrder,
    bytes: res.bytes,
  }
}

function lastEquals(
  cols: Record<'o' | 'h' | 'l' | 'c' | 'v', Column>,
  i: number,
  ...v: number[]
): boolean {
  return [cols.o, cols.h, cols.l, cols.c, cols.v].every((col, k) => col.at(i) === v[k])
}

/**
 * A CSV reader's row-issue sink: every issue carries the file, the line and, when a column is
 * given, its header name (or its index when the file has no header).
 */
export function issueReporter(
  file: string,
  header: () => string[] | null,
  onIssue: (issue: DataError, severity: 'error' | 'warning') => void,
) {
  return (
    code: DataErrorCode,
    msg: string,
    line: number,
    col?: number,
    sev: 'error' | 'warning' = 'error',
  ): void =>
    onIssue(
      new DataError(code, msg, {
        file,
        line,
        ...(col !== undefined ? { column: header()?.[col] ?? String(col) } : {}),
      }),
      sev,
    )
}

export function describe(problem: 'NOT_A_NUMBER' | 'TOO_MANY_DECIMALS', text: string): string {
  return problem === 'NOT_A_NUMBER'
    ? `"${clip(text)}" is not a decimal number`
    : `${clip(text)} has more than 8 decimals`
}

export function clip(s: string): string {
  return s.length > 40 ? s.slice(0, 40) + '…' : s
}

export function iso(t: number): string {
  return new Date(t).toISOString().replace('.000Z', 'Z')
}
