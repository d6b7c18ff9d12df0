/**
 * Source stamps: what a scenario folder's source files looked like (size, mtime, ctime, inode,
 * device) when their bytes were hashed into the cache key (./cache.ts checksumFiles). An open
 * that finds every stamped file exactly as stamped takes the stamped key without reading or
 * hashing the sources — the way git's index trusts a file's stat data. Opening the crash
 * library is the first thing the coach's stress test does after a launch; hashing ~2 MB of
 * CSV there was a third of the load.
 *
 * Why a stamp match means "same bytes": writing a file in place sets its mtime and ctime, a
 * replacement (rename over it, an installer) gives it a new inode, and ctime cannot be set
 * back by any tool (`touch -d`, `cp -p` and unpacking set mtime only). The one gap is a write
 * within the filesystem's timestamp granularity after the stat (the "racy" case): a stamp is
 * therefore only written when every file was last changed at least RACY_MS before the stat,
 * so any later write carries a newer time. The stamp names the folder, the source kind and
 * the checksum version (format, mark-alignment method), so a new app version or another
 * folder never reuses it. Anything unexpected (no stamp, a damaged one, a missing file, a
 * different stat) falls back to hashing, which then rewrites the stamp.
 *
 * The file list is the manifest and the files it names: an unchanged manifest (stamped
 * itself) names the same files, so the manifest need not be read either.
 */
import { createHash, randomBytes } from 'node:crypto'
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'

/** A file is stamped only once it has been left alone this long (covers FAT's 2 s mtimes). */
export const RACY_MS = 5000

export interface FileStat {
  name: string
  size: string
  mtimeNs: string
  ctimeNs: string
  ino: string
  dev: string
}

export interface SourceStamp {
  /** The scenario folder (absolute) and how it was located. */
  dir: string
  source: string
  /** checksumVersion() of the code that hashed. */
  version: string
  key: string
  cacheId: string
  /** Stats taken before the bytes were hashed, in checksum order. */
  files: FileStat[]
}

function stampPath(cacheDir: string, dir: string): string {
  const h = createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 24)
  return path.join(cacheDir, `source-${h}.stamp`)
}

/** The stats of `files` (absolute paths), bigint precision, in order. Throws if one is missing. */
export async function statFiles(files: { name: string; path: string }[]): Promise<FileStat[]> {
  return Promise.all(
    files.map(async (f) => {
      const s = await stat(f.path, { bigint: true })
      return {
        name: f.name,
        size: String(s.size),
        mtimeNs: String(s.mtimeNs),
        ctimeNs: String(s.ctimeNs),
        ino: String(s.ino),
        dev: String(s.dev),
      }
    }),
  )
}

const sameStat = (a: FileStat, b: FileStat) =>
  a.name === b.name &&
  a.size === b.size &&
  a.mtimeNs === b.mtimeNs &&
  a.ctimeNs === b.ctimeNs &&
  a.ino === b.ino &&
  a.dev === b.dev

/**
 * The stamped key and cache id of `dir`, when a stamp exists for this folder, source and
 * checksum version and every file it lists still has the stamped stats; else null.
 */
export async function stampedKey(
  cacheDir: string,
  dir: string,
  source: string,
  version: string,
): Promise<{ key: string; cacheId: string } | null> {
  try {
    const st = JSON.parse(await readFile(stampPath(cacheDir, dir), 'utf8')) as SourceStamp
    if (st.dir !== path.resolve(dir) || st.source !== source || st.version !== version) return null
    if (!Array.isArray(st.files) || st.files.length === 0) return null
    if (typeof st.key !== 'string' || typeof st.cacheId !== 'string') return null
    const now = await statFiles(
      st.files.map((f) => ({ name: f.name, path: path.join(dir, f.name) })),
    )
    return now.every((s, i) => sameStat(s, st.files[i]!))
      ? { key: st.key, cacheId: st.cacheId }
      : null
  } catch {
    return null // no stamp, a damaged one, or a stamped file is gone: hash the sources
  }
}

/**
 * Record the stats taken (at `statAt`, before hashing) for `key`, unless a file changed
 * within RACY_MS of that moment: such a stamp could miss a second write in the same
 * timestamp tick, so that folder is simply hashed again next time. Failing to write only
 * costs speed.
 */
export async function writeStamp(
  cacheDir: string,
  stamp: SourceStamp,
  statAt: number,
): Promise<void> {
  const settled = stamp.files.every(
    (f) =>
      Number(BigInt(f.mtimeNs) / 1_000_000n) <= statAt - RACY_MS &&
      Number(BigInt(f.ctimeNs) / 1_000_000n) <= statAt - RACY_MS,
  )
  if (!settled) return
  const file = stampPath(cacheDir, stamp.dir)
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    await writeFile(tmp, JSON.stringify({ ...stamp, dir: path.resolve(stamp.dir) }))
    await rename(tmp, file)
  } catch {
    // a read-only or full disk: the sources are hashed on every open, as before stamps
    await rm(tmp, { force: true }).catch(() => {})
  }
}
