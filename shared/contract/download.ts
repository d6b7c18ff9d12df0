/**
 * "Get market data…": download days of Binance's public archive (data.binance.vision) and import
 * them as a scenario. The one feature that uses the network; a setting hides it entirely (and
 * the host then refuses `download:start`). Progress arrives as `download:progress` pushes, a
 * changed setting as `download:settingsChanged`.
 */
import * as v from 'valibot'
import { method, pushed } from './define'

export interface DownloadSettings {
  enabled: boolean
}

export interface DownloadProgressDto {
  filesDone: number
  filesTotal: number
  bytes: number
  bytesPerSecond: number
  file: string
}

export interface DownloadFileDto {
  name: string
  symbol: string
  kind: 'last' | 'mark' | 'funding'
  period: string
  /** downloaded | cached | NOT_FOUND | CHECKSUM_MISMATCH | TIMEOUT | CONNECTION_DROPPED | CANCELLED | SKIPPED | … */
  outcome: string
  message: string
  bytes: number
}

export interface DownloadReportDto {
  ok: boolean
  cancelled: boolean
  files: DownloadFileDto[]
  bytes: number
  durationMs: number
  scenarioId?: string
  title?: string
  message: string
}

const day = v.pipe(v.string(), v.regex(/^\d{4}-\d\d-\d\d$/, 'a date like 2025-10-10'))

export const downloadMethods = {
  'download:settings': method<DownloadSettings>()(v.null()),
  'download:setEnabled': method<DownloadSettings>()(v.strictObject({ enabled: v.boolean() })),
  'download:start': method<DownloadReportDto>()(
    v.strictObject({
      symbols: v.pipe(
        v.array(v.pipe(v.string(), v.regex(/^[A-Z0-9]{2,20}USDT$/, 'a symbol like BTCUSDT'))),
        v.minLength(1),
        v.maxLength(8),
      ),
      from: day,
      to: day,
    }),
  ),
  /** Stop the running download (what arrived stays as a resumable part; nothing is imported). */
  'download:cancel': method<{ cancelled: boolean }>()(v.null()),
}

export const downloadPushes = {
  'download:progress': pushed<DownloadProgressDto>(),
  /** The on/off setting changed (the desktop app's menu shows "Get Market Data…" only while on). */
  'download:settingsChanged': pushed<DownloadSettings>(),
}
