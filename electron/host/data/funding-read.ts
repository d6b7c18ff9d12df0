/**
 * Funding-rate CSVs → FundingPoint[] (rate kept as the file's decimal text).
 *
 * Two layouts:
 * - bundled canonical: `funding_time_ms,funding_rate,mark_price`;
 * - Binance public data (monthly `<SYM>-fundingRate-YYYY-MM.csv`):
 *   `calc_time,funding_interval_hours,last_funding_rate` — no mark price, so `markPrice` is left
 *   empty and filled from the mark series when the scenario is built.
 */
import type { FundingPoint } from '../../../shared/market'
import { readCsvRows, type CsvReadOptions, type CsvSource } from './csv-read'
import { checkDecimal, detectTimeUnit, parseEpoch } from './decimal'
import { DataError } from './errors'
import { IMPORT_LIMITS, implausibleTime } from './import/limits'
import { clip, describe, issueReporter, iso } from './kline-read'

export interface FundingReadOptions extends CsvReadOptions {
  onIssue: (issue: DataError, severity: 'error' | 'warning') => void
}

export interface FundingReadResult {
  points: FundingPoint[]
  layout: 'canonical' | 'binance'
  duplicatesDropped: number
  bytes: number
}

export async function readFundingCsv(
  source: CsvSource,
  opts: FundingReadOptions,
): Promise<FundingReadResult> {
  const points: FundingPoint[] = []
  let header: string[] | null = null
  let layout: 'canonical' | 'binance' | null = null
  let width = -1
  let prevT = -Infinity
  let duplicatesDropped = 0
  let dataRows = 0
  const file = source.name
  const issue = issueReporter(file, () => header, opts.onIssue)
  const now = Date.now()

  const res = await readCsvRows(
    source,
    (fields, line, unterminated) => {
      if (fields.length === 1 && fields[0] === '') return
      if (header === null && width < 0 && !/^\d+$/.test(fields[0]!.trim())) {
        header = fields.map((f) => f.trim().toLowerCase())
        layout =
          header.includes('last_funding_rate') || header.includes('funding_interval_hours')
            ? 'binance'
            : 'canonical'
        width = fields.length
        return
      }
      dataRows++
      if (width < 0) width = fields.length
      if (fields.length !== width || width < 2) {
        const code = unterminated && fields.length < width ? 'TRUNCATED_LINE' : 'COLUMN_COUNT'
        return issue(code, `${fields.length} columns, expected ${width}`, line)
      }
      // Headerless Binance files: the middle column is the interval in hours (1, 4 or 8).
      layout ??= width === 3 && /^\d{1,2}$/.test(fields[1]!.trim()) ? 'binance' : 'canonical'
      const rateCol = layout === 'binance' ? 2 : 1
      const markCol = layout === 'binance' ? -1 : 2
      const tText = fields[0]!.trim()
      const t = parseEpoch(tText, detectTimeUnit(tText))
      if (t === null)
        return issue('BAD_TIMESTAMP', `"${clip(tText)}" is not an epoch time`, line, 0)
      const odd = implausibleTime(t, now)
      if (odd) return issue('BAD_TIMESTAMP', `time ${clip(tText)} (${iso(t)}) ${odd}`, line, 0)
      const rate = fields[rateCol]?.trim() ?? ''
      const p1 = checkDecimal(rate)
      if (p1) return issue(p1, describe(p1, rate), line, rateCol)
      let markPrice = ''
      if (markCol >= 0 && fields[markCol] !== undefined && fields[markCol]!.trim() !== '') {
        markPrice = fields[markCol]!.trim()
        const p2 = checkDecimal(markPrice)
        if (p2) return issue(p2, describe(p2, markPrice), line, markCol)
        if (!(Number(markPrice) > 0))
          return issue('NON_POSITIVE_PRICE', `mark price ${markPrice} must be > 0`, line, markCol)
      }
      if (t === prevT) {
        const last = points[points.length - 1]!
        if (Number(last.rate) !== Number(rate))
          return issue(
            'DUPLICATE_CONFLICT',
            `funding time ${iso(t)} repeats with a different rate`,
            line,
            0,
          )
        duplicatesDropped++
        return issue(
          'DUPLICATE_DROPPED',
          `duplicate funding row ${iso(t)}, dropped`,
          line,
          0,
          'warning',
        )
      }
      if (t < prevT)
        return issue(
          'OUT_OF_ORDER',
          `funding time ${iso(t)} is earlier than the row before`,
          line,
          0,
        )
      if (points.length >= IMPORT_LIMITS.maxSeriesRows)
        throw new DataError(
          'LIMIT',
          `more than ${IMPORT_LIMITS.maxSeriesRows.toLocaleString('en-US')} funding rows in one file`,
          { file, line },
        )
      prevT = t
      points.push({ t, rate, markPrice })
    },
    opts,
  )
  if (dataRows === 0) opts.onIssue(new DataError('EMPTY_FILE', 'no data rows', { file }), 'error')
  return { points, layout: layout ?? 'canonical', duplicatesDropped, bytes: res.bytes }
}
