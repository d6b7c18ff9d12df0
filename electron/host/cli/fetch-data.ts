/**
 * `perpdojo fetch-data <SYMBOL[,SYMBOL…]> <first day> <last day>`: download Binance's public
 * archive files for those days (klines and mark-price klines, 1m daily; funding, monthly),
 * verify their checksums and import them as a new scenario. The one command that uses the
 * network; it contacts data.binance.vision only. Exit codes: 0 imported, 1 a file failed or the
 * import failed (nothing was created), 2 bad command line.
 */
import path from 'node:path'
import { importFiles } from '../data'
import { downloadMarketData, requestProblem } from '../download'
import { archiveOriginFromEnv } from '../download/origin'

export interface FetchCliIo {
  out(line: string): void
  err(line: string): void
  userDir: string
  today: string
  signal?: AbortSignal
}

const FETCH_USAGE = `usage: perpdojo fetch-data <SYMBOL[,SYMBOL…]> <first day> <last day> [--data-dir <dir>]
  e.g. npm run fetch-data -- BTCUSDT 2025-10-10 2025-10-12
  Downloads from data.binance.vision (the one feature that uses the network), checks every
  .CHECKSUM, and imports the files as a new scenario. Run it again to resume.`

export async function runFetchCli(argv: string[], io: FetchCliIo): Promise<number> {
  const pos: string[] = []
  let dataDir = io.userDir
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--help' || a === '-h') {
      io.out(FETCH_USAGE)
      return 0
    }
    if (a === '--data-dir') dataDir = path.resolve(argv[++i] ?? '')
    else if (a.startsWith('--')) {
      io.err(`unknown option ${a}\n${FETCH_USAGE}`)
      return 2
    } else pos.push(a)
  }
  if (pos.length !== 3) {
    io.err(FETCH_USAGE)
    return 2
  }
  const req = { symbols: pos[0]!.toUpperCase().split(','), from: pos[1]!, to: pos[2]! }
  const problem = requestProblem(req, io.today)
  if (problem) {
    io.err(`fetch-data: ${problem}`)
    return 2
  }
  let lastLine = 0
  const report = await downloadMarketData(req, {
    origin: archiveOriginFromEnv(),
    dir: path.join(dataDir, 'downloads'),
    ...(io.signal ? { signal: io.signal } : {}),
    importFiles: (paths, o) => importFiles(paths, { userDir: dataDir, ...o }),
    onProgress: (p) => {
      const now = Date.now()
      if (now - lastLine < 500 && p.filesDone < p.filesTotal) return
      lastLine = now
      io.err(
        `${p.filesDone}/${p.filesTotal} files, ${(p.bytes / 1e6).toFixed(1)} MB, ${(p.bytesPerSecond / 1e6).toFixed(2)} MB/s ${p.file}`,
      )
    },
  })
  for (const f of report.files) io.out(`${f.outcome.padEnd(18)} ${f.name} — ${f.message}`)
  io.out(report.message)
  if (report.scenarioId) io.out(`scenario id: ${report.scenarioId}`)
  return report.ok ? 0 : 1
}
