/**
 * Expected failures of the market-data layer (a missing file, a malformed candle row, an
 * unknown scenario) are `DataError`s with a stable code, so callers map them to a host error
 * or an import report without parsing messages. Bugs are never DataErrors.
 */

export const DATA_ERROR_CODES = [
  'NOT_FOUND', // scenario id, file or folder does not exist
  'RESOURCES_NOT_FOUND', // no bundled scenarios folder at any candidate path
  'BAD_MANIFEST', // scenario.json missing fields / wrong types
  'EMPTY_FILE', // no data rows at all
  'TRUNCATED_LINE', // last line cut short (file ends mid-row)
  'COLUMN_COUNT', // a row has the wrong number of columns
  'NOT_A_NUMBER', // text where a decimal number belongs
  'TOO_MANY_DECIMALS', // more than 8 decimals (the store keeps float64 of ≤ 8-dp decimals)
  'BAD_TIMESTAMP', // not an integer epoch in ms / µs / s, or off the bar grid
  'NON_POSITIVE_PRICE', // price ≤ 0
  'NEGATIVE_VOLUME',
  'OHLC_VIOLATION', // high < max(open, close), low > min(open, close) or high < low
  'DUPLICATE_CONFLICT', // the same bar time twice with different values
  'OUT_OF_ORDER', // a bar time earlier than the row before it
  'CSV_SYNTAX', // unclosed quote and similar parser errors
  'UNSUPPORTED_FILE', // not a CSV / CSV.gz / zip, or a zip entry that is not a CSV
  'UNKNOWN_KIND', // cannot tell kline / mark / index / funding apart
  'UNKNOWN_SYMBOL', // no symbol in the file name and none given
  'UNSUPPORTED_TIMEFRAME', // step not in TIMEFRAMES, or steps that do not nest
  'MIXED_TIMEFRAMES', // one symbol's last-price files disagree on their step
  'CHECKSUM_MISMATCH', // a Binance .CHECKSUM file disagrees with its zip
  'NO_PRICE_DATA', // funding or mark files without any last-price candles
  'CACHE_CORRUPT', // a cache file failed its header check (rebuilt, never shown to users)
  'GAP', // missing bars (a warning: listed, never filled)
  'DUPLICATE_DROPPED', // an identical bar seen twice (a warning: the copy is dropped)
  'FILE_SKIPPED', // a non-data file inside a folder (a warning)
  'ABORTED', // the caller cancelled an import
  'LIMIT', // a file or import crossed a size / row / file-count limit (import/limits.ts)
  'IO', // the file system said no
] as const
export type DataErrorCode = (typeof DATA_ERROR_CODES)[number]

export interface DataErrorWhere {
  file?: string
  /** 1-based line in the (decompressed) CSV text. */
  line?: number
  /** Column name as the header gives it, or a 0-based index as text when there is no header. */
  column?: string
}

export class DataError extends Error {
  readonly code: DataErrorCode
  readonly where: DataErrorWhere
  /** The message without the file / line prefix (reports carry those as fields). */
  readonly detail: string

  constructor(code: DataErrorCode, message: string, where: DataErrorWhere = {}) {
    super(formatWhere(where) + message)
    this.detail = message
    this.name = 'DataError'
    this.code = code
    this.where = where
  }
}

/**
 * Every problem of one read, each with its own file, line and column (a folder of CSVs given
 * to the CLI: the user fixes them all in one go). The message is the first one's.
 */
export class DataErrorList extends DataError {
  constructor(readonly errors: [DataError, ...DataError[]]) {
    super(errors[0].code, errors[0].detail, errors[0].where)
    this.name = 'DataErrorList'
  }
}

function formatWhere(w: DataErrorWhere): string {
  if (!w.file) return ''
  const parts = [w.file]
  if (w.line !== undefined) parts.push(`line ${w.line}`)
  if (w.column !== undefined) parts.push(`column ${w.column}`)
  return parts.join(', ') + ': '
}

/** Wrap a Node fs error as a coded DataError (ENOENT → NOT_FOUND, the rest → IO). */
export function fsError(err: unknown, file: string): DataError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ENOENT') return new DataError('NOT_FOUND', 'file or folder not found', { file })
  const msg = err instanceof Error ? err.message : String(err)
  return new DataError('IO', msg, { file })
}
