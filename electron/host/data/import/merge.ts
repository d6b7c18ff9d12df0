/**
 * Several files of one series (e.g. 365 daily Binance dumps) → one ascending column set.
 * Files are ordered by their first bar. Where a file overlaps the rows before it, identical
 * bars are dropped as duplicates and differing ones are DUPLICATE_CONFLICT errors; rows that
 * would land between earlier rows are OUT_OF_ORDER. Gaps are only listed by the caller.
 */
import { Column, emptyKlines, type KlineColumns } from '../columns'
import { iso } from '../kline-read'
import type { IssueLog } from './issues'

export interface FileRows {
  file: string
  rows: KlineColumns
}

export interface MergeResult {
  rows: KlineColumns
  duplicatesDropped: number
  outOfOrder: number
}

const KEYS = ['time', 'open', 'high', 'low', 'close', 'volume', 'line'] as const

export function mergeFiles(parts: FileRows[], log: IssueLog): MergeResult {
  const nonEmpty = parts
    .filter((p) => p.rows.time.length > 0)
    .sort((a, b) => a.rows.time[0]! - b.rows.time[0]!)
  if (nonEmpty.length === 0) return { rows: emptyKlines(), duplicatesDropped: 0, outOfOrder: 0 }
  if (nonEmpty.length === 1) return { rows: nonEmpty[0]!.rows, duplicatesDropped: 0, outOfOrder: 0 }
  const total = nonEmpty.reduce((s, p) => s + p.rows.time.length, 0)
  const out = Object.fromEntries(KEYS.map((k) => [k, new Column(total)])) as Record<
    (typeof KEYS)[number],
    Column
  >
  let duplicatesDropped = 0
  let outOfOrder = 0
  for (const p of nonEmpty) {
    const r = p.rows
    for (let i = 0; i < r.time.length; i++) {
      const t = r.time[i]!
      const n = out.time.length
      if (n > 0 && t <= out.time.at(n - 1)) {
        const j = findTime(out.time, n, t)
        if (j < 0) {
          outOfOrder++
          log.error(
            'OUT_OF_ORDER',
            `bar ${iso(t)} falls between rows of an earlier file`,
            p.file,
            r.line[i],
          )
        } else if (sameBar(out, j, r, i)) {
          duplicatesDropped++
        } else {
          log.error(
            'DUPLICATE_CONFLICT',
            `bar ${iso(t)} also in an earlier file, with different values`,
            p.file,
            r.line[i],
          )
        }
        continue
      }
      for (const k of KEYS) out[k].push(r[k][i]!)
    }
  }
  if (duplicatesDropped > 0)
    log.warn(
      'DUPLICATE_DROPPED',
      `${duplicatesDropped} bars repeated across files were dropped`,
      nonEmpty.map((p) => p.file).join(', '),
    )
  return {
    rows: Object.fromEntries(KEYS.map((k) => [k, out[k].toArray()])) as unknown as KlineColumns,
    duplicatesDropped,
    outOfOrder,
  }
}

function findTime(col: Column, n: number, t: number): number {
  let lo = 0,
    hi = n - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const v = col.at(mid)
    if (v === t) return mid
    if (v < t) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}

function sameBar(
  out: Record<(typeof KEYS)[number], Column>,
  j: number,
  r: KlineColumns,
  i: number,
): boolean {
  return (
    out.open.at(j) === r.open[i] &&
    out.high.at(j) === r.high[i] &&
    out.low.at(j) === r.low[i] &&
    out.close.at(j) === r.close[i] &&
    out.volume.at(j) === r.volume[i]
  )
}
