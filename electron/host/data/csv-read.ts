/**
 * Streaming CSV rows with line numbers, on top of csv-parse. Nothing here holds a whole file:
 * bytes flow source → byte counter → parser → the caller's row callback.
 *
 * Line numbers are counted per record (csv-parse yields one record per line, blank lines as
 * [""]), which is exact for unquoted market files; a quoted field spanning lines would shift
 * later numbers, but such a field already fails number validation on its own line.
 */
import type { Readable } from 'node:stream'
import { parse } from 'csv-parse'
import { DataError } from './errors'
import { IMPORT_LIMITS } from './import/limits'

export interface CsvSource {
  /** Shown in errors and reports: file path, or `archive.zip!entry.csv`. */
  name: string
  /** Decompressed bytes of the CSV text. */
  open(): Promise<Readable>
  /** Decompressed size when known up front (plain files, zip entries), for progress. */
  sizeHint?: number
}

/**
 * Row callback: the fields, the 1-based line number, and `unterminated`, true only for the
 * final row of a file that does not end in a newline (a cut-off download). Positional
 * arguments, not an object: this runs half a million times per year of candles.
 */
export type CsvRowHandler = (fields: string[], line: number, unterminated: boolean) => void

export interface CsvReadResult {
  lines: number
  bytes: number
}

export interface CsvReadOptions {
  signal?: AbortSignal
  /** Called with the running byte count as chunks pass (uncompressed bytes). */
  onBytes?: (bytes: number) => void
  /** Stop with a LIMIT error past this many uncompressed bytes (default IMPORT_LIMITS.maxFileBytes). */
  maxBytes?: number
}

/**
 * Read every row; `onRow` may throw a DataError, which stops the read and rejects with it.
 * The final row is delivered last and flagged when the file ends without a newline.
 */
export async function readCsvRows(
  source: CsvSource,
  onRow: CsvRowHandler,
  opts: CsvReadOptions = {},
): Promise<CsvReadResult> {
  const input = await source.open()
  let bytes = 0
  let lastByte = -1
  const maxBytes = opts.maxBytes ?? IMPORT_LIMITS.maxFileBytes
  // Counting on the source's own 'data' events (no extra Transform stage in the pipe).
  input.on('data', (chunk: Buffer) => {
    bytes += chunk.length
    if (chunk.length > 0) lastByte = chunk[chunk.length - 1]!
    if (bytes > maxBytes)
      stopWith(
        new DataError(
          'LIMIT',
          `more than ${Math.round(maxBytes / 1024 / 1024)} MB of CSV text (uncompressed): too large to import`,
          { file: source.name },
        ),
      )
    opts.onBytes?.(bytes)
  })
  // bom: strips a UTF-8 BOM; record_delimiter auto-detects \n, \r\n and \r. A line longer
  // than max_record_size (a binary file, /dev/zero, a zip bomb of one line) stops the read.
  const parser = parse({
    bom: true,
    relax_column_count: true,
    relax_quotes: false,
    max_record_size: IMPORT_LIMITS.maxRecordBytes,
  })
  let line = 0
  let pending: string[] | null = null
  let pendingLine = 0
  let failure: unknown = null

  const stopWith = (err: unknown): void => {
    if (failure) return
    failure = err
    input.unpipe(parser)
    input.destroy()
    parser.destroy()
  }

  return new Promise<CsvReadResult>((resolve, reject) => {
    const onAbort = (): void => stopWith(new DataError('ABORTED', 'import cancelled'))
    if (opts.signal?.aborted) onAbort()
    opts.signal?.addEventListener('abort', onAbort, { once: true })
    const finish = (err: unknown): void => {
      opts.signal?.removeEventListener('abort', onAbort)
      if (err) reject(err)
      else resolve({ lines: line, bytes })
    }

    parser.on('data', (fields: string[]) => {
      line++
      if (failure) return
      try {
        // One row of look-behind: only the final row can be "unterminated".
        if (pending) onRow(pending, pendingLine, false)
        pending = fields
        pendingLine = line
      } catch (err) {
        stopWith(err)
      }
    })
    parser.on('end', () => {
      if (failure) return finish(failure)
      try {
        const unterminated = lastByte !== 0x0a && lastByte !== 0x0d && lastByte !== -1
        if (pending) onRow(pending, pendingLine, unterminated)
      } catch (err) {
        return finish(err)
      }
      finish(null)
    })
    const onError = (err: unknown): void => {
      if (failure) return finish(failure)
      failure = toDataError(err, source.name, line)
      finish(failure)
    }
    parser.on('error', onError)
    parser.on('close', () => {
      if (failure) finish(failure)
    })
    input.on('error', onError)
    input.pipe(parser)
  })
}

function toDataError(err: unknown, file: string, line: number): DataError {
  if (err instanceof DataError) return err
  const e = err as { code?: string; message?: string; lines?: number }
  if (e?.code === 'CSV_MAX_RECORD_SIZE')
    return new DataError(
      'LIMIT',
      `a line longer than ${IMPORT_LIMITS.maxRecordBytes / 1024} KB: not a market-data CSV`,
      { file, line: e.lines ?? line + 1 },
    )
  if (typeof e?.code === 'string' && e.code.startsWith('CSV_')) {
    return new DataError('CSV_SYNTAX', e.message ?? e.code, { file, line: e.lines ?? line + 1 })
  }
  if (e?.code === 'Z_DATA_ERROR' || e?.code === 'Z_BUF_ERROR') {
    return new DataError('UNSUPPORTED_FILE', 'not valid gzip data: ' + (e.message ?? ''), { file })
  }
  if (typeof e?.code === 'string' && e.code.startsWith('E')) {
    return new DataError(e.code === 'ENOENT' ? 'NOT_FOUND' : 'IO', e.message ?? e.code, { file })
  }
  return new DataError('IO', e?.message ?? String(err), { file })
}
