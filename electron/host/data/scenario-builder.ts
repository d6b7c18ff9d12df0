/**
 * The scenario builder (issue 15 item 5): cut a new user scenario out of any scenario in the
 * library (an import, a download, or a bundled one, which is only read): chosen symbols, a
 * window inside the data, a replay start (the bars before it are history on the chart), a title
 * and a briefing. The source's files are cut at text level (header kept, rows whose time falls
 * in the window), so every recorded decimal and each symbol's true resolution stay as they
 * were; the new scenario.json points at them with the source's provenance plus how it was cut.
 * Written like an import: a hidden temp folder under `<userDir>/scenarios/`, renamed into
 * place when complete (write-scenario.ts), so a failure leaves nothing visible.
 *
 * Window rules (documented in docs/data.md): start and end are snapped outward to the coarsest
 * step of the chosen series (a 1h mark file, a 15m symbol), so no bar is cut in half, and must
 * then lie inside the source window; the replay start is snapped down to the finest step and
 * must leave at least one bar to play.
 */
import { createReadStream, createWriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { createGunzip, createGzip } from 'node:zlib'
import { HostError } from '../../../shared/contract/errors'
import type { ScenarioBuildRequest } from '../../../shared/contract/market'
import { TIMEFRAME_MS, type ScenarioInfo, type Timeframe } from '../../../shared/market'
import { manifestToInfo } from './build'
import { bundledScenariosDir, readBundledIndex, userScenariosDir } from './catalog'
import { DataError } from './errors'
import { loadScenario, type LoadOptions } from './load'
import { readManifest, type ManifestSymbol, type ScenarioManifest } from './manifest'
import { keyMomentsFrom, symbolStats, tellingOf, briefingText } from './stats'
import { listGaps } from './steps'
import type { SymbolSeries } from './types'
import { makeTempDir, publish, sweepInterrupted } from './import/write-scenario'

/** Stable codes of the builder's refusals (HostError INVALID_REQUEST, first detail). */
export type BuildRefusal =
  | 'UNKNOWN_SYMBOL'
  | 'WINDOW_OUTSIDE_DATA'
  | 'WINDOW_EMPTY'
  | 'REPLAY_OUTSIDE_WINDOW'
  | 'NO_PRICE_DATA'

function refuse(code: BuildRefusal, message: string): never {
  throw new HostError('INVALID_REQUEST', message, [code])
}

const utc = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'

async function sourceDir(id: string, opts: LoadOptions): Promise<string> {
  const idx = await readBundledIndex(opts.resourcesDir)
  if (idx.scenarios.includes(id)) return path.join(bundledScenariosDir(opts.resourcesDir), id)
  return path.join(userScenariosDir(opts.userDir), id)
}

/** Every step a symbol's files are on (last, mark, index). */
function stepsOf(s: ManifestSymbol): Timeframe[] {
  return [s.last.step, ...(s.mark ? [s.mark.step] : []), ...(s.index ? [s.index.step] : [])]
}

export async function buildUserScenario(
  req: ScenarioBuildRequest,
  opts: LoadOptions,
): Promise<ScenarioInfo> {
  let loaded
  try {
    loaded = await loadScenario(req.sourceId, opts)
  } catch (err) {
    if (err instanceof DataError && err.code === 'NOT_FOUND')
      throw new HostError('NOT_FOUND', `no scenario "${req.sourceId}" in the library`)
    throw err
  }
  const dir = await sourceDir(req.sourceId, opts)
  const src = await readManifest(dir)
  const picked = req.symbols.map((sym) => {
    const m = src.symbols.find((s) => s.symbol === sym)
    if (!m) refuse('UNKNOWN_SYMBOL', `${sym} is not in "${src.title}"`)
    return m
  })
  const stepsMs = picked.flatMap(stepsOf).map((s) => TIMEFRAME_MS[s])
  const coarse = Math.max(...stepsMs)
  const base = picked
    .map((s) => s.last.step)
    .reduce((a, b) => (TIMEFRAME_MS[a] <= TIMEFRAME_MS[b] ? a : b))
  const fine = TIMEFRAME_MS[base]
  if (req.end <= req.start) refuse('WINDOW_EMPTY', 'the window must end after it starts')
  const start = Math.floor(req.start / coarse) * coarse
  const end = Math.ceil(req.end / coarse) * coarse
  if (start < src.start || end > src.end)
    refuse(
      'WINDOW_OUTSIDE_DATA',
      `the window ${utc(start)} → ${utc(end)} is not inside the data (${utc(src.start)} → ${utc(src.end)})`,
    )
  const replayFrom = Math.floor(req.replayFrom / fine) * fine
  if (replayFrom < start || replayFrom >= end)
    refuse(
      'REPLAY_OUTSIDE_WINDOW',
      `the replay start ${utc(req.replayFrom)} must be inside the window and leave a bar to play`,
    )
  const series = req.symbols.map((sym) =>
    cut(
      loaded.series.find((s) => s.symbol === sym)!,
      start,
      end,
    ),
  )
  for (const s of series)
    if (s.time.length === 0)
      refuse('NO_PRICE_DATA', `${s.symbol} has no bars between ${utc(start)} and ${utc(end)}`)

  const stats = series.map(symbolStats)
  const telling = tellingOf(stats, 'imported')
  const briefing =
    req.briefing.trim() ||
    briefingText(
      req.title,
      stats,
      Object.fromEntries(picked.map((s) => [s.symbol, s.market])),
      telling,
    )
  const how = `Built on ${new Date().toISOString()} from "${src.title}" (${src.id}): ${req.symbols.join(', ')}, ${utc(start)} → ${utc(end)}.`
  const manifest: ScenarioManifest = {
    formatVersion: 1,
    id: slug(req.title),
    title: req.title,
    event: req.title,
    briefing,
    start,
    end,
    replayFrom,
    baseTimeframe: base,
    symbols: picked.map((s, k) => ({
      ...s,
      gaps: listGaps(series[k]!.time, TIMEFRAME_MS[s.last.step], start, end),
    })),
    keyMoments: keyMomentsFrom(stats, telling).filter((k) => k.t >= start && k.t < end),
    notes: [...src.notes, how],
    provenance: `${how}\n\n${src.provenance}`,
    stats,
    createdAt: new Date().toISOString(),
  }

  await sweepInterrupted(opts.userDir)
  const tmp = await makeTempDir(opts.userDir)
  try {
    for (const s of picked) {
      for (const f of [s.last, s.mark, s.index]) if (f) await cutFile(dir, tmp, f.file, start, end)
      for (const f of s.funding?.files ?? []) await cutFile(dir, tmp, f, start, end)
    }
    const id = await publish(tmp, opts.userDir, manifest.id, manifest)
    return manifestToInfo({ ...manifest, id }, 'user')
  } catch (err) {
    await rm(tmp, { recursive: true, force: true })
    throw err
  }
}

/** A library id from the title: lowercase letters, digits and dashes (publish adds -2, -3…). */
function slug(title: string): string {
  const s = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '')
  return s.length >= 2 ? `built-${s}` : 'built-scenario'
}

/** The rows of a loaded series inside [start, end) (for the window's statistics). */
function cut(s: SymbolSeries, start: number, end: number): SymbolSeries {
  let a = 0
  while (a < s.time.length && s.time[a]! < start) a++
  let b = a
  while (b < s.time.length && s.time[b]! < end) b++
  return {
    ...s,
    time: s.time.slice(a, b),
    open: s.open.slice(a, b),
    high: s.high.slice(a, b),
    low: s.low.slice(a, b),
    close: s.close.slice(a, b),
    volume: s.volume.slice(a, b),
    markOpen: s.markOpen.slice(a, b),
    markHigh: s.markHigh.slice(a, b),
    markLow: s.markLow.slice(a, b),
    markClose: s.markClose.slice(a, b),
    funding: s.funding.filter((f) => f.t >= start && f.t < end),
  }
}

/**
 * Copy a scenario CSV.gz keeping its header and the rows whose first field (a time in ms)
 * falls in [start, end); the text of every kept row is unchanged.
 */
async function cutFile(
  fromDir: string,
  toDir: string,
  file: string,
  start: number,
  end: number,
): Promise<void> {
  const lines = createInterface({
    input: createReadStream(path.join(fromDir, file)).pipe(createGunzip()),
    crlfDelay: Infinity,
  })
  async function* kept() {
    let first = true
    for await (const line of lines) {
      if (first && !/^\d/.test(line)) {
        first = false
        yield line + '\n' // the header
        continue
      }
      first = false
      const t = Number(line.slice(0, line.indexOf(',')))
      if (t >= start && t < end) yield line + '\n'
    }
  }
  await pipeline(
    Readable.from(kept()),
    createGzip({ level: 6 }),
    createWriteStream(path.join(toDir, file)),
  )
}
