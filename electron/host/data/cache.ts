/**
 * Binary cache of a LoadedScenario: one file, one read, columns used in place.
 *
 * Layout (little-endian, as every platform Electron ships on):
 *   0   8 bytes  magic "PDJCACH1"
 *   8   u32      JSON header length L (padded so columns start 8-byte aligned)
 *   12  u32      column count per symbol (10)
 *   16  L bytes  JSON {key, info, series: [{symbol, step, rows, origins, funding}]}
 *   16+L         per symbol: rows × float64 for time, open, high, low, close, volume,
 *                markOpen, markHigh, markLow, markClose
 * The key is a sha256 over the manifest and every source file's bytes, so editing or replacing
 * a source CSV changes the key and the scenario is rebuilt from the CSVs. The key also covers
 * the mark-alignment method id (MARK_ALIGN_METHOD), so caches built by an older method rebuild.
 */
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { DataError, fsError } from './errors'
import { MARK_ALIGN_METHOD } from './mark-align'
import type { LoadedScenario, SymbolSeries } from './types'

const MAGIC = 'PDJCACH1'
// v2: funding at the window's last close is kept (it was cut as [start, end))
const FORMAT = 'perpdojo-cache-v2'
const COLS = [
  'time',
  'open',
  'high',
  'low',
  'close',
  'volume',
  'markOpen',
  'markHigh',
  'markLow',
  'markClose',
] as const

/** What besides the sources a key depends on: the cache format and the mark-alignment method. */
export function checksumVersion(): string {
  return FORMAT + '\0' + MARK_ALIGN_METHOD
}

/** sha256 over the format and mark-method ids, a label, then each file's name and bytes (streamed). */
export async function checksumFiles(
  label: string,
  files: { name: string; path: string }[],
): Promise<string> {
  const h = createHash('sha256')
  h.update(checksumVersion() + '\0' + label + '\0')
  for (const f of files) {
    h.update(f.name + '\0')
    await new Promise<void>((resolve, reject) => {
      createReadStream(f.path)
        .on('data', (c) => h.update(c))
        .on('end', () => resolve())
        .on('error', (e) => reject(fsError(e, f.path)))
    })
    h.update('\0')
  }
  return h.digest('hex')
}

function cacheFileName(id: string, key: string): string {
  return `${id}.${key.slice(0, 24)}.pdcache`
}

export async function readCache(
  cacheDir: string,
  id: string,
  key: string,
): Promise<LoadedScenario | null> {
  let buf: Buffer
  try {
    buf = await readFile(path.join(cacheDir, cacheFileName(id, key)))
  } catch {
    return null // no cache yet: the caller builds from CSV
  }
  try {
    return decode(buf, key)
  } catch {
    return null // a damaged or foreign cache file is simply rebuilt
  }
}

function decode(buf: Buffer, key: string): LoadedScenario {
  if (buf.length < 16 || buf.toString('latin1', 0, 8) !== MAGIC)
    throw new DataError('CACHE_CORRUPT', 'bad magic')
  const jsonLen = buf.readUInt32LE(8)
  if (buf.readUInt32LE(12) !== COLS.length || 16 + jsonLen > buf.length)
    throw new DataError('CACHE_CORRUPT', 'bad header')
  const head = JSON.parse(buf.toString('utf8', 16, 16 + jsonLen)) as CacheHead
  if (head.key !== key) throw new DataError('CACHE_CORRUPT', 'key mismatch')
  // Float64Array views need an 8-aligned offset; readFile's buffer normally is, copy if not.
  const ab = buf.byteOffset % 8 === 0 ? buf : Buffer.from(buf)
  let off = ab.byteOffset + 16 + jsonLen
  const need = head.series.reduce((s, x) => s + x.rows * COLS.length * 8, 0)
  if (16 + jsonLen + need !== buf.length) throw new DataError('CACHE_CORRUPT', 'length mismatch')
  const series: SymbolSeries[] = head.series.map((h) => {
    const cols = {} as Record<(typeof COLS)[number], Float64Array>
    for (const c of COLS) {
      cols[c] = new Float64Array(ab.buffer, off, h.rows)
      off += h.rows * 8
    }
    const { rows: _rows, ...meta } = h
    return { ...meta, ...cols }
  })
  return { info: head.info, series }
}

interface CacheHead {
  key: string
  info: LoadedScenario['info']
  series: (Omit<SymbolSeries, (typeof COLS)[number]> & { rows: number })[]
}

export async function writeCache(
  cacheDir: string,
  id: string,
  key: string,
  sc: LoadedScenario,
): Promise<void> {
  const head: CacheHead = {
    key,
    info: sc.info,
    series: sc.series.map((s) => ({
      symbol: s.symbol,
      step: s.step,
      rows: s.time.length,
      markOrigin: s.markOrigin,
      markDerivedRows: s.markDerivedRows ?? 0,
      funding: s.funding,
      fundingOrigin: s.fundingOrigin,
    })),
  }
  let json = Buffer.from(JSON.stringify(head), 'utf8')
  const pad = (8 - ((16 + json.length) % 8)) % 8
  if (pad) json = Buffer.concat([json, Buffer.alloc(pad, 0x20)])
  const fixed = Buffer.alloc(16)
  fixed.write(MAGIC, 0, 'latin1')
  fixed.writeUInt32LE(json.length, 8)
  fixed.writeUInt32LE(COLS.length, 12)
  const parts: Uint8Array[] = [fixed, json]
  for (const s of sc.series)
    for (const c of COLS) parts.push(new Uint8Array(s[c].buffer, s[c].byteOffset, s[c].byteLength))
  try {
    await mkdir(cacheDir, { recursive: true })
    const final = path.join(cacheDir, cacheFileName(id, key))
    const tmp = `${final}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
    await writeFile(tmp, Buffer.concat(parts))
    await rename(tmp, final) // readers see the whole file or none of it
    await pruneOld(cacheDir, id, path.basename(final))
  } catch {
    // A read-only or full disk only costs speed: the scenario still opens from CSV next time.
  }
}

async function pruneOld(cacheDir: string, id: string, keep: string): Promise<void> {
  for (const f of await readdir(cacheDir)) {
    if (
      f !== keep &&
      f.startsWith(id + '.') &&
      f.endsWith('.pdcache') &&
      f.split('.').length === 3
    ) {
      await rm(path.join(cacheDir, f), { force: true })
    }
  }
}
