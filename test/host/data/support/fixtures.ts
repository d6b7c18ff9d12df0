/** Temp dirs and small CSV builders shared by the data tests. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..')
export const RESOURCES = path.join(REPO, 'resources')

export function tempDir(label = 'pd-data-'): string {
  return mkdtempSync(path.join(os.tmpdir(), label))
}

export function writeFile(dir: string, name: string, text: string | Buffer): string {
  const p = path.join(dir, name)
  mkdirSync(path.dirname(p), { recursive: true })
  writeFileSync(p, text)
  return p
}

export const T0 = Date.UTC(2024, 0, 1)

/** Binance kline rows (12 columns, no header) for `n` consecutive 1-minute bars. */
export function binanceKlines(
  n: number,
  opts: { t0?: number; stepMs?: number; price?: number; us?: boolean } = {},
): string[] {
  const step = opts.stepMs ?? 60_000
  let p = opts.price ?? 100
  const rows: string[] = []
  for (let i = 0; i < n; i++) {
    const t = (opts.t0 ?? T0) + i * step
    const o = p
    const c = Math.round((p + (i % 7) - 3) * 100) / 100
    const h = Math.max(o, c) + 1
    const l = Math.min(o, c) - 1
    p = c
    const ts = opts.us ? `${t}000` : `${t}`
    rows.push(`${ts},${o},${h},${l},${c},10.5,${t + step - 1},1050,42,5,525,0`)
  }
  return rows
}

export const BINANCE_HEADER =
  'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore'
