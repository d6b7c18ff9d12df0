/**
 * Hand-made scenario folders for CLI-level tests: Binance public-data CSVs (12-column klines,
 * markPriceKlines, fundingRate) written into a temp folder, plus a runner for the sim CLI body
 * over it. `null` rows are gaps (no bar that minute).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runSim } from '../../electron/host/sim'

export type Row = [number, number, number, number] | null

export interface SymbolFiles {
  last: Row[]
  /** Mark price rows (default: no mark file, so mark = last). */
  mark?: Row[]
  /**
   * Funding events: [minute index, rate, interval hours (default 8)]. No entry → no funding file
   * (the default applies).
   */
  funding?: [number, string, number?][]
}

export const FOLDER_T0 = Date.UTC(2024, 0, 1, 1, 0)
let t0 = FOLDER_T0
const MIN = 60_000

function klines(rows: Row[]): string {
  const out: string[] = []
  rows.forEach((r, i) => {
    if (!r) return
    const t = t0 + i * MIN
    out.push(`${t},${r[0]},${r[1]},${r[2]},${r[3]},100,${t + MIN - 1},1000000,42,50,500000,0`)
  })
  return (
    'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore\n' +
    out.join('\n') +
    '\n'
  )
}

/** `startMinute`: minutes after 2024-01-01 00:00 UTC of the first bar (default 60, 01:00). */
export function writeFolder(symbols: Record<string, SymbolFiles>, startMinute = 60): string {
  t0 = Date.UTC(2024, 0, 1) + startMinute * MIN
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pd-folder-'))
  for (const [sym, f] of Object.entries(symbols)) {
    writeFileSync(path.join(dir, `${sym}-1m-2024-01-01.csv`), klines(f.last))
    if (f.mark)
      writeFileSync(path.join(dir, `${sym}-markPriceKlines-1m-2024-01-01.csv`), klines(f.mark))
    if (f.funding && f.funding.length > 0)
      writeFileSync(
        path.join(dir, `${sym}-fundingRate-2024-01.csv`),
        'calc_time,funding_interval_hours,last_funding_rate\n' +
          f.funding.map(([i, r, h]) => `${t0 + i * MIN},${h ?? 8},${r}`).join('\n') +
          '\n',
      )
  }
  return dir
}

/** Run `perpdojo sim` (its body) over a folder with a script object; parsed output lines. */
export async function sim(
  folder: string,
  script: unknown,
  extra: string[] = [],
): Promise<{ code: number; lines: Record<string, unknown>[]; out: string[]; err: string[] }> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pd-sim-'))
  try {
    const file = path.join(tmp, 'script.json')
    writeFileSync(file, JSON.stringify(script))
    const out: string[] = []
    const err: string[] = []
    const code = await runSim(['--scenario', folder, '--script', file, ...extra], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      userDir: tmp,
      resourcesDir: path.resolve(__dirname, '../../resources'),
    })
    return { code, lines: out.map((l) => JSON.parse(l) as Record<string, unknown>), out, err }
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

export function removeFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

/** Minutes from the first bar of the last folder written, as an ISO time for scripts. */
export function at(minute: number): string {
  return new Date(t0 + minute * MIN).toISOString()
}
