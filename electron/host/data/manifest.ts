/**
 * scenario.json: one per scenario folder, bundled or user-imported, same schema. Validated with
 * valibot on every read so a hand-edited or half-written manifest is a coded error, not a crash.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import * as v from 'valibot'
import { TIMEFRAMES } from '../../../shared/market'
import { DataError, fsError } from './errors'

const timeframe = v.picklist(TIMEFRAMES)
const fileName = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9._-]+$/, 'a plain file name inside the scenario folder'),
)
const ms = v.pipe(v.number(), v.integer(), v.minValue(0))
const seriesFile = v.object({ file: fileName, step: timeframe, provenance: v.optional(v.string()) })

const symbolSchema = v.object({
  symbol: v.pipe(v.string(), v.regex(/^[A-Z0-9_]{2,24}$/)),
  market: v.picklist(['perp', 'spot']),
  venue: v.optional(v.string()),
  last: seriesFile,
  mark: v.optional(v.nullable(seriesFile)),
  index: v.optional(v.nullable(seriesFile)),
  funding: v.optional(
    v.nullable(v.object({ files: v.array(fileName), provenance: v.optional(v.string()) })),
  ),
  gaps: v.optional(v.array(v.object({ from: ms, to: ms, bars: v.number() })), []),
  notes: v.optional(v.array(v.string()), []),
  /** Human-readable: which series are recorded, at what step, and which are derived / default. */
  origins: v.optional(v.object({ last: v.string(), mark: v.string(), funding: v.string() })),
})

const manifestSchema = v.object({
  formatVersion: v.literal(1),
  id: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{1,80}$/)),
  title: v.string(),
  event: v.optional(v.string()),
  briefing: v.string(),
  start: ms,
  end: ms,
  /**
   * Where a new session's replay starts: the bars before it are history, on the chart from
   * the first frame. Absent: the first day (at most a quarter of the window), see replayFromOf.
   */
  replayFrom: v.optional(ms),
  baseTimeframe: timeframe,
  symbols: v.pipe(v.array(symbolSchema), v.minLength(1)),
  keyMoments: v.array(v.object({ t: ms, label: v.string(), utc: v.optional(v.string()) })),
  notes: v.optional(v.array(v.string()), []),
  provenance: v.string(),
  /** The numbers the briefing quotes; test/host/data recomputes them from the data. */
  stats: v.optional(v.unknown()),
  createdAt: v.optional(v.string()),
})

export type ScenarioManifest = v.InferOutput<typeof manifestSchema>
export type ManifestSymbol = ScenarioManifest['symbols'][number]

export const MANIFEST_FILE = 'scenario.json'

export async function readManifest(dir: string): Promise<ScenarioManifest> {
  const file = path.join(dir, MANIFEST_FILE)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    throw fsError(err, file)
  }
  return parseManifest(text, file)
}

export function parseManifest(text: string, file: string): ScenarioManifest {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new DataError('BAD_MANIFEST', 'not JSON: ' + (err as Error).message, { file })
  }
  const res = v.safeParse(manifestSchema, json)
  if (!res.success) {
    const first = res.issues[0]
    const where = first?.path?.map((p) => String(p.key)).join('.') ?? ''
    throw new DataError(
      'BAD_MANIFEST',
      `${where ? where + ': ' : ''}${first?.message ?? 'invalid'}`,
      { file },
    )
  }
  if (res.output.end <= res.output.start)
    throw new DataError('BAD_MANIFEST', 'end must be after start', { file })
  return res.output
}

/** Every file a manifest points at, in a stable order (the cache checksum covers these). */
export function manifestFiles(m: ScenarioManifest): string[] {
  const out: string[] = []
  for (const s of m.symbols) {
    out.push(s.last.file)
    if (s.mark) out.push(s.mark.file)
    for (const f of s.funding?.files ?? []) out.push(f)
  }
  return out
}
