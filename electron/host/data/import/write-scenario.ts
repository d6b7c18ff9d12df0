/**
 * Phase 3 of an import: write the user scenario atomically. Everything goes into
 * `<userDir>/scenarios/.import-<random>/` (dot folders are never listed) and the folder is
 * renamed to its id only when complete, so an interrupted import leaves nothing visible;
 * leftovers are swept at the start of the next import.
 */
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import { once } from 'node:events'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import type { FundingPoint } from '../../../../shared/market'
import type { KlineColumns } from '../columns'
import { userScenariosDir } from '../catalog'
import { MANIFEST_FILE, type ScenarioManifest } from '../manifest'

const TMP_PREFIX = '.import-'

/**
 * Temp folders older than this are leftovers of an interrupted import. Younger ones may
 * belong to an import still running in another process (the CLI beside the desk), so
 * they are left alone.
 */
const STALE_AFTER_MS = 6 * 60 * 60 * 1000

export async function sweepInterrupted(userDir: string, now = Date.now()): Promise<void> {
  const root = userScenariosDir(userDir)
  let names: string[] = []
  try {
    names = await readdir(root)
  } catch {
    return
  }
  for (const n of names) {
    if (!n.startsWith(TMP_PREFIX)) continue
    const dir = path.join(root, n)
    const age = await stat(dir).then(
      (st) => now - st.mtimeMs,
      () => 0,
    )
    if (age > STALE_AFTER_MS) await rm(dir, { recursive: true, force: true })
  }
}

export async function makeTempDir(userDir: string): Promise<string> {
  const root = userScenariosDir(userDir)
  await mkdir(root, { recursive: true })
  const dir = path.join(root, TMP_PREFIX + randomBytes(6).toString('hex'))
  await mkdir(dir)
  return dir
}

/** Rename the finished temp folder to a free id (suffix -2, -3… when taken); returns the id used. */
export async function publish(
  tmpDir: string,
  userDir: string,
  id: string,
  manifest: ScenarioManifest,
): Promise<string> {
  const root = userScenariosDir(userDir)
  let finalId = id
  for (let k = 2; await exists(path.join(root, finalId)); k++) finalId = `${id}-${k}`
  await writeFile(
    path.join(tmpDir, MANIFEST_FILE),
    JSON.stringify({ ...manifest, id: finalId }, null, 2) + '\n',
  )
  await rename(tmpDir, path.join(root, finalId))
  return finalId
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p)
    return true
  } catch {
    return false
  }
}

/** Canonical kline CSV.gz (the bundled format), String(n) giving back each recorded decimal. */
export async function writeKlines(
  file: string,
  k: KlineColumns,
  withVolume: boolean,
): Promise<void> {
  const n = k.time.length
  const gz = createGzip({ level: 1 }) // imports are big; level 1 is much faster for little size
  const done = pipeline(gz, createWriteStream(file))
  gz.write(
    withVolume ? 'open_time_ms,open,high,low,close,volume\n' : 'open_time_ms,open,high,low,close\n',
  )
  const CHUNK = 16384
  for (let a = 0; a < n; a += CHUNK) {
    let s = ''
    const b = Math.min(n, a + CHUNK)
    for (let i = a; i < b; i++) {
      s += withVolume
        ? `${k.time[i]},${k.open[i]},${k.high[i]},${k.low[i]},${k.close[i]},${k.volume[i]}\n`
        : `${k.time[i]},${k.open[i]},${k.high[i]},${k.low[i]},${k.close[i]}\n`
    }
    if (!gz.write(s)) await once(gz, 'drain')
  }
  gz.end()
  await done
}

export async function writeFunding(file: string, points: FundingPoint[]): Promise<void> {
  const body =
    'funding_time_ms,funding_rate,mark_price\n' +
    points.map((p) => `${p.t},${p.rate},${p.markPrice}`).join('\n') +
    '\n'
  await pipeline(Readable.from([body]), createGzip({ level: 6 }), createWriteStream(file))
}
