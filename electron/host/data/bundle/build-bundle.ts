/**
 * Dev tool: (re)build resources/scenarios from the recorded data folder. Copies the CSV.gz
 * files unchanged, writes each scenario.json with the numbers computed from the data (the
 * manifest test recomputes and compares them), index.json, and SOURCES.md.
 * Run: node electron/host/data/bundle/run-build.mjs  (see docs/data.md)
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { buildScenario } from '../build'
import { parseManifest, type ScenarioManifest } from '../manifest'
import { listGaps } from '../steps'
import { TIMEFRAME_MS } from '../../../../shared/market'
import { briefingText, keyMomentsFrom, symbolStats, tellingOf } from '../stats'
import { BUNDLE, DEFAULT_ID, baseStep, type BundleSpec, type BundleSymbolSpec } from './specs'

const FUNDING_NOTE = 'Monthly funding file; only events inside the window are used.'

/** Each `### <file>` section of SOURCES.md, keyed by file name. */
export function sourceSections(sources: string): Map<string, string> {
  const out = new Map<string, string>()
  const parts = sources.split(/^### /m).slice(1)
  for (const p of parts) {
    const nl = p.indexOf('\n')
    const name = p.slice(0, nl).trim()
    out.set(
      name,
      p
        .slice(nl + 1)
        .replace(/\n## [\s\S]*$/, '')
        .trim(),
    )
  }
  return out
}

function utcMs(day: string): number {
  return Date.parse(day + 'T00:00:00Z')
}

/** The files of one symbol, in manifest order (last, mark, funding). */
function symbolFiles(s: BundleSymbolSpec): string[] {
  return [s.last, ...(s.mark ? [s.mark.file] : []), ...(s.funding ? [s.funding] : [])]
}

function markOrigin(s: BundleSymbolSpec): string {
  if (!s.mark) return 'derived: mark = last price (no mark recorded)'
  if (s.mark.step === s.step) return `recorded ${s.mark.step} (Binance USD-M mark price)`
  return `recorded ${s.mark.step} (Binance USD-M mark price), brought to ${s.step} by the basis-path method (follows last price, recorded mark OHLC kept exactly)`
}

export function baseManifest(spec: BundleSpec, sections: Map<string, string>): ScenarioManifest {
  const prov = (f: string) => sections.get(f) ?? 'see SOURCES.md'
  const files = spec.symbols.flatMap(symbolFiles)
  const provenance = [
    "Real recorded Binance data, copied from public GitHub repositories and only re-formatted, sliced or gzip'd; nothing synthesized or gap-filled (resources/scenarios/SOURCES.md has the full record).",
    ...files.map((f) => `${f}:\n${prov(f)}`),
  ].join('\n\n')
  return {
    formatVersion: 1,
    id: spec.id,
    title: spec.title,
    event: spec.event,
    briefing: '',
    start: utcMs(spec.start),
    end: utcMs(spec.end),
    ...(spec.replayFrom ? { replayFrom: Date.parse(spec.replayFrom) } : {}),
    baseTimeframe: baseStep(spec),
    symbols: spec.symbols.map((s) => ({
      symbol: s.symbol,
      market: s.market,
      venue: s.venue,
      last: { file: s.last, step: s.step, provenance: prov(s.last) },
      mark: s.mark ? { file: s.mark.file, step: s.mark.step, provenance: prov(s.mark.file) } : null,
      index: null,
      funding: s.funding
        ? { files: [s.funding], provenance: `${FUNDING_NOTE} ${prov(s.funding)}` }
        : null,
      gaps: [],
      notes: s.notes,
      origins: {
        last: `recorded ${s.step} (${s.venue})`,
        mark: markOrigin(s),
        funding: s.funding
          ? 'recorded at each settlement (Binance USD-M); events inside the window of a monthly file'
          : 'default: 0.01 % every 8 h at 00/08/16 UTC (none recorded)',
      },
    })),
    keyMoments: [],
    notes: spec.notes,
    provenance,
  }
}

/** Copy one scenario's files and write its manifest with computed numbers. */
export async function buildOne(
  spec: BundleSpec,
  dataDir: string,
  outRoot: string,
  sections: Map<string, string>,
): Promise<ScenarioManifest> {
  const dir = path.join(outRoot, spec.id)
  await mkdir(dir, { recursive: true })
  for (const s of spec.symbols)
    for (const f of symbolFiles(s)) await copyFile(path.join(dataDir, f), path.join(dir, f))
  const m = baseManifest(spec, sections)
  const loaded = await buildScenario(dir, m, 'bundled')
  const stats = loaded.series.map(symbolStats)
  const markets = Object.fromEntries(spec.symbols.map((s) => [s.symbol, s.market]))
  const telling = tellingOf(stats, 'bundled')
  const final: ScenarioManifest = {
    ...m,
    briefing: briefingText(spec.event, stats, markets, telling),
    symbols: m.symbols.map((s, k) => ({
      ...s,
      gaps: listGaps(loaded.series[k]!.time, TIMEFRAME_MS[s.last.step], m.start, m.end),
    })),
    keyMoments: keyMomentsFrom(stats, telling),
    stats,
  }
  parseManifest(JSON.stringify(final), spec.id) // refuse to write what the loader would refuse
  await writeFile(path.join(dir, 'scenario.json'), JSON.stringify(final, null, 2) + '\n')
  return final
}

export async function buildBundle(dataDir: string, outRoot: string): Promise<ScenarioManifest[]> {
  const sources = await readFile(path.join(dataDir, 'SOURCES.md'), 'utf8')
  const sections = sourceSections(sources)
  await mkdir(outRoot, { recursive: true })
  await writeFile(path.join(outRoot, 'SOURCES.md'), sources)
  const out: ScenarioManifest[] = []
  for (const spec of BUNDLE) out.push(await buildOne(spec, dataDir, outRoot, sections))
  await writeFile(
    path.join(outRoot, 'index.json'),
    JSON.stringify({ default: DEFAULT_ID, scenarios: BUNDLE.map((b) => b.id) }, null, 2) + '\n',
  )
  return out
}
