/**
 * The limits every CSV read and every import obeys (issue 11 items 5 and 7). A file that
 * crosses one gets a coded error naming the file (and line), and nothing is written; the
 * numbers and what the user sees are listed in docs/architecture.md ("Limits").
 */

const MiB = 1024 * 1024

export const IMPORT_LIMITS = {
  /** One CSV line (a Binance kline row is ~150 bytes; a header ~200). */
  maxRecordBytes: 16 * 1024,
  /** Uncompressed bytes of one file or zip entry (a year of 1m klines is ~60 MB). */
  maxFileBytes: 1024 * MiB,
  /** Uncompressed bytes of one whole import. */
  maxImportBytes: 4 * 1024 * MiB,
  /**
   * Uncompressed/compressed ratio of a zip entry, from its header: Binance CSV zips are
   * ~5–10×; a zip bomb is 1,000×. (The streamed byte limits catch headers that lie.)
   */
  maxZipRatio: 200,
  /** Rows of one series (last, mark, index or funding) of one symbol: every minute since 2017 fits. */
  maxSeriesRows: 5_000_000,
  /** Files in one import (after walking folders and opening zips). */
  maxFiles: 2_000,
  /** Earliest plausible bar time: Binance perpetuals began in 2019, spot in 2017. */
  earliestTime: Date.UTC(2017, 0, 1),
  /** Latest plausible bar time: now plus this (clock skew, a bar opening at midnight). */
  futureSlackMs: 86_400_000,
} as const

/**
 * Null when `t` (ms) is a plausible market-data time, else the reason. Read-time clock: the
 * data layer is host I/O, not the deterministic engine.
 */
export function implausibleTime(t: number, now = Date.now()): string | null {
  if (t < IMPORT_LIMITS.earliestTime) return 'is before 2017 (no Binance data is that old)'
  if (t > now + IMPORT_LIMITS.futureSlackMs) return 'is in the future'
  return null
}
