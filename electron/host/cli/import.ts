/**
 * `perpdojo import <files...>`: the headless import. Prints progress to stderr and a summary
 * (or the full report with --json) to stdout. Exit codes: 0 imported, 1 the files failed
 * validation (nothing was created), 2 bad command line.
 */
import { DataError, importFiles, type DataImportReport, type GenericMapping } from '../data'
import type { SeriesKind } from '../data/import/classify'

export interface ImportCliIo {
  out(line: string): void
  err(line: string): void
  /** The app's data folder (user scenarios go to `<userDir>/scenarios`). */
  userDir: string
  /** Aborted by Ctrl-C (import-main.ts): the import stops and removes what it started. */
  signal?: AbortSignal
}

/** Exit code after Ctrl-C (128 + SIGINT), as shells expect. */
export const EXIT_CANCELLED = 130

const IMPORT_USAGE = `usage: perpdojo import [options] <file|folder|zip>...
  Binance public-data klines, markPriceKlines, indexPriceKlines and fundingRate files
  (.csv, .csv.gz or the .zip as downloaded), single files, several, or folders.
options:
  --title <text>        scenario title
  --symbol <SYMBOL>     symbol for every file (when the names do not say)
  --kind <last|mark|index|funding>   series kind for every file
  --map time=0,open=1,high=2,low=3,close=4[,volume=5]   generic OHLCV CSV columns (0-based; needs --symbol)
  --time-unit <auto|s|ms|us>         generic CSV time unit (default auto)
  --data-dir <dir>      where the app keeps its data (default: the app's data folder)
  --json                print the full report as JSON`

interface Parsed {
  paths: string[]
  title?: string
  symbol?: string
  kind?: SeriesKind
  map?: string
  timeUnit?: GenericMapping['timeUnit']
  dataDir?: string
  json: boolean
  help: boolean
}

function parseImportArgs(argv: string[]): Parsed | string {
  const p: Parsed = { paths: [], json: false, help: false }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const val = (): string | undefined => argv[++i]
    if (a === '--help' || a === '-h') p.help = true
    else if (a === '--json') p.json = true
    else if (a === '--title') p.title = val()
    else if (a === '--symbol') p.symbol = val()?.toUpperCase()
    else if (a === '--map') p.map = val()
    else if (a === '--data-dir') p.dataDir = val()
    else if (a === '--kind') {
      const k = val()
      if (k !== 'last' && k !== 'mark' && k !== 'index' && k !== 'funding')
        return `--kind must be last, mark, index or funding`
      p.kind = k
    } else if (a === '--time-unit') {
      const u = val()
      if (u !== 'auto' && u !== 's' && u !== 'ms' && u !== 'us')
        return `--time-unit must be auto, s, ms or us`
      p.timeUnit = u
    } else if (a.startsWith('--')) return `unknown option ${a}`
    else p.paths.push(a)
  }
  return p
}

function parseMapping(
  spec: string,
  symbol: string | undefined,
  timeUnit: GenericMapping['timeUnit'],
  kind?: SeriesKind,
): GenericMapping | string {
  if (!symbol) return '--map needs --symbol'
  if (kind === 'funding') return '--map is for OHLCV candles, not funding'
  const m: Record<string, number> = {}
  for (const part of spec.split(',')) {
    const [k, v] = part.split('=')
    if (!k || v === undefined || !/^\d+$/.test(v)) return `bad --map entry "${part}"`
    m[k.trim()] = Number(v)
  }
  for (const need of ['time', 'open', 'high', 'low', 'close'])
    if (m[need] === undefined) return `--map is missing ${need}`
  return {
    symbol,
    time: m.time!,
    open: m.open!,
    high: m.high!,
    low: m.low!,
    close: m.close!,
    ...(m.volume !== undefined ? { volume: m.volume } : {}),
    ...(kind ? { kind } : {}),
    timeUnit: timeUnit ?? 'auto',
  }
}

export async function runImportCli(argv: string[], io: ImportCliIo): Promise<number> {
  const p = parseImportArgs(argv)
  if (typeof p === 'string' || p.help || p.paths.length === 0) {
    if (typeof p === 'string') io.err(p)
    io.err(IMPORT_USAGE)
    return typeof p !== 'string' && p.help ? 0 : 2
  }
  let mapping: GenericMapping | undefined
  if (p.map) {
    const m = parseMapping(p.map, p.symbol, p.timeUnit, p.kind)
    if (typeof m === 'string') {
      io.err(m)
      return 2
    }
    mapping = m
  }
  let report: DataImportReport
  try {
    report = await importFiles(p.paths, {
      userDir: p.dataDir ?? io.userDir,
      ...(p.title ? { title: p.title } : {}),
      ...(mapping ? { mapping } : {}),
      ...(p.kind && !mapping ? { kind: p.kind } : {}),
      ...(p.symbol && !mapping ? { symbol: p.symbol } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
      onProgress: (g) =>
        io.err(
          `… ${g.rows.toLocaleString('en-US')} rows, ${(g.bytes / 1e6).toFixed(1)} MB, ${g.rowsPerSecond.toLocaleString('en-US')} rows/s`,
        ),
    })
  } catch (err) {
    if (io.signal?.aborted || (err instanceof DataError && err.code === 'ABORTED')) {
      io.err('import cancelled; nothing was created')
      return EXIT_CANCELLED
    }
    io.err(`import failed: ${(err as Error).message}`)
    return 1
  }
  if (io.signal?.aborted && !report.ok) {
    io.err('import cancelled; nothing was created')
    return EXIT_CANCELLED
  }
  if (p.json) io.out(JSON.stringify(report, null, 2))
  else for (const line of summarize(report)) io.out(line)
  return report.ok ? 0 : 1
}

function summarize(r: DataImportReport): string[] {
  const lines: string[] = []
  lines.push(
    r.ok
      ? `imported: ${r.title} (id ${r.scenarioId})`
      : `import failed: ${r.errorCount} error(s); nothing was created`,
  )
  lines.push(
    `rows read ${r.rowsRead}, duplicates dropped ${r.duplicatesDropped}, out-of-order rows ${r.outOfOrder}, gaps ${r.gaps.length}, ${r.durationMs} ms`,
  )
  for (const g of r.gaps.slice(0, 20))
    lines.push(
      `  gap ${g.symbol}: ${g.bars} bars ${new Date(g.from).toISOString()} .. ${new Date(g.to).toISOString()}`,
    )
  for (const e of r.errors.slice(0, 50))
    lines.push(
      `  error ${e.code} ${e.file}${e.line ? `:${e.line}` : ''}${e.column ? ` [${e.column}]` : ''} ${e.message}`,
    )
  if (r.errorCount > 50) lines.push(`  … ${r.errorCount - 50} more errors`)
  return lines
}
