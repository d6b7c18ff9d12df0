/**
 * `perpdojo sim --scenario <id | folder> --script <file.json> [--full-path]`: the CLI body,
 * with its I/O injected so electron/host/cli only has to pass stdout/stderr and folders.
 * Prints one JSON event per line, then the summary line. Exit codes: 0 ran, 1 the script or
 * scenario could not be used (reason on stderr), 2 bad command line.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { DataErrorList, loadScenarioOrFolder } from '../data'
import { runScriptLines } from './run-script'
import type { LoadedScenario } from '../data/types'
import { parseSimScript, SimScriptError, type SimScript } from './script'

export interface SimCliIo {
  out(line: string): void
  err(line: string): void
  /** The app's data folder (user scenarios, and the scenario cache under `cache/`). */
  userDir: string
  /** The folder holding `scenarios/index.json` of the bundled scenarios. */
  resourcesDir: string
}

const SIM_USAGE = `usage: perpdojo sim --scenario <bundled id | folder of Binance CSVs> --script <file.json>
options:
  --full-path   force every bar through the full Decimal path (same output, slower)
The script format is documented in docs/cli.md.`

function parseSimArgs(
  argv: string[],
): { scenario: string; script: string; fullPath: boolean } | string {
  let scenario: string | undefined
  let script: string | undefined
  let fullPath = false
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--scenario') scenario = argv[++i]
    else if (a === '--script') script = argv[++i]
    else if (a === '--full-path') fullPath = true
    else if (a === '--help' || a === '-h')
      return 'help' // not an error: usage on stdout, exit 0
    else return `unknown argument: ${a}`
  }
  if (!scenario || !script) return 'both --scenario and --script are required'
  return { scenario, script, fullPath }
}

export async function runSim(argv: string[], io: SimCliIo): Promise<number> {
  const args = parseSimArgs(argv)
  if (args === 'help') {
    io.out(SIM_USAGE)
    return 0
  }
  if (typeof args === 'string') {
    io.err(args)
    io.err(SIM_USAGE)
    return 2
  }
  let script
  try {
    script = parseSimScript(JSON.parse(await readFile(args.script, 'utf8')))
  } catch (e) {
    if (e instanceof SimScriptError) for (const issue of e.issues) io.err(`script: ${issue}`)
    else io.err(`script: ${(e as Error).message}`)
    return 1
  }
  let scn
  try {
    scn = await loadScenarioOrFolder(args.scenario, {
      resourcesDir: io.resourcesDir,
      userDir: io.userDir,
      cacheDir: path.join(io.userDir, 'cache'),
    })
  } catch (e) {
    if (e instanceof DataErrorList) for (const x of e.errors) io.err(`scenario: ${x.message}`)
    else io.err(`scenario: ${(e as Error).message}`)
    return 1
  }
  const empty = emptyWindow(scn, script)
  if (empty) {
    io.err(`script: ${empty}`)
    return 1
  }
  const notice = defaultFundingNotice(scn, script)
  if (notice) io.err(notice)
  for (const line of runScriptLines(scn, script, { fastPath: !args.fullPath })) io.out(line)
  return 0
}

/** Why the script's window holds no bar of the scenario (null when it holds some). */
function emptyWindow(scn: LoadedScenario, script: SimScript): string | null {
  const from = script.from ?? scn.info.start
  const to = script.to ?? scn.info.end
  if (from < to && from < scn.info.end && to > scn.info.start) return null
  const iso = (t: number) => new Date(t).toISOString()
  return `the window ${iso(from)} – ${iso(to)} holds no bar of the scenario (${iso(scn.info.start)} – ${iso(scn.info.end)})`
}

/**
 * One stderr line when symbols without a funding file get default funding (it moves wallets in
 * synthetic tests, so it must never be silent); null when nothing is defaulted or it is off.
 */
function defaultFundingNotice(scn: LoadedScenario, script: SimScript): string | null {
  const syms = scn.series.filter((s) => s.fundingOrigin === 'default').map((s) => s.symbol)
  if (syms.length === 0 || script.defaultFunding === 'off') return null
  const rate = script.defaultFunding ?? '0.0001'
  const how =
    script.defaultFunding === undefined
      ? "Binance's documented default"
      : 'the script\'s "defaultFunding"'
  return `notice: no funding file for ${syms.join(', ')}: ${how}, rate ${rate} every 8 h at 00:00/08:00/16:00 UTC, is settled (set "defaultFunding": "off" or a rate in the script)`
}
