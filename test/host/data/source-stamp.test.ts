/**
 * Source stamps (electron/host/data/source-stamp.ts): a scenario whose files are exactly as
 * stamped opens with the stamped cache key, without hashing its CSVs; any change to a source
 * file — in place at the same size with its mtime put back, replaced by a rename, the
 * manifest edited — still rebuilds from the CSVs, and files changed moments ago are never
 * stamped (the racy case).
 */
import {
  cpSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import path from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { loadScenario } from '../../../electron/host/data'
import { checksumVersion } from '../../../electron/host/data/cache'
import { stampedKey } from '../../../electron/host/data/source-stamp'
import { RESOURCES, tempDir } from './support/fixtures'

const stamps = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.stamp'))
const caches = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.pdcache'))
const CSV = 'btcusdt-1m-2022-06-12_2022-06-15.csv.gz'
const OLD = Math.floor(Date.now() / 1000) - 3600

/** A user copy of a bundled crash, and load options whose clock sees its files as settled. */
function copy(settled = true) {
  const userDir = tempDir('pd-user-')
  const dir = path.join(userDir, 'scenarios', 'my-copy')
  cpSync(path.join(RESOURCES, 'scenarios', 'celsius-2022-06'), dir, { recursive: true })
  const mf = path.join(dir, 'scenario.json')
  writeFileSync(mf, readFileSync(mf, 'utf8').replace('"id": "celsius-2022-06"', '"id": "my-copy"'))
  // whole-second mtimes an hour back (as unpacked files have), so a test can put one back exactly
  for (const f of readdirSync(dir)) utimesSync(path.join(dir, f), OLD, OLD)
  const cacheDir = tempDir('pd-cache-')
  // The copy was written just now: a clock a minute ahead sees it as left alone long enough;
  // else a clock one second after its last change (within RACY_MS, on any machine's speed).
  const changed = Math.max(...readdirSync(dir).map((f) => statSync(path.join(dir, f)).ctimeMs))
  const clock = settled ? () => Date.now() + 60_000 : () => changed + 1000
  return { dir, cacheDir, mf, opts: { resourcesDir: RESOURCES, userDir, cacheDir, clock } }
}

/** The first bar's close moved up by 0.1 (high widened to hold it), as a new gzip file. */
function editedCsv(file: string): { bytes: Buffer; close: number } {
  const lines = gunzipSync(readFileSync(file)).toString().split('\n')
  const cols = lines[1]!.split(',')
  cols[4] = (Number(cols[1]) + 0.1).toFixed(1)
  cols[2] = String(Math.max(Number(cols[2]), Number(cols[4])))
  lines[1] = cols.join(',')
  return { bytes: gzipSync(lines.join('\n')), close: Number(cols[4]) }
}

describe('source stamps', () => {
  it('a settled folder is stamped; the stamp gives the same key and the same scenario', async () => {
    const { dir, cacheDir, opts } = copy()
    const first = await loadScenario('my-copy', opts)
    expect(stamps(cacheDir)).toHaveLength(1)
    const key = await stampedKey(cacheDir, dir, 'user', checksumVersion())
    expect(key?.cacheId).toBe('user-my-copy')
    expect(caches(cacheDir)[0]).toContain(key!.key.slice(0, 24))
    const second = await loadScenario('my-copy', opts)
    expect(second.info).toEqual(first.info)
    expect(Array.from(second.series[0]!.close)).toEqual(Array.from(first.series[0]!.close))
    // another checksum version (a new cache format or mark method) never takes the stamp
    expect(await stampedKey(cacheDir, dir, 'user', checksumVersion() + 'x')).toBeNull()
    expect(await stampedKey(cacheDir, dir, 'bundled', checksumVersion())).toBeNull()
  })

  it('a CSV rewritten after stamping is read again (rebuilt, new prices)', async () => {
    const { dir, cacheDir, opts } = copy()
    const first = await loadScenario('my-copy', opts)
    const csv = path.join(dir, CSV)
    const { bytes, close } = editedCsv(csv)
    writeFileSync(csv, bytes)
    const second = await loadScenario('my-copy', opts)
    expect(second.series[0]!.close[0]).toBe(close)
    expect(second.series[0]!.close[0]).not.toBe(first.series[0]!.close[0])
    expect(caches(cacheDir)).toHaveLength(1)
  })

  it('a CSV replaced by a rename, its old mtime put back (cp -p, an unpacker), is read again', async () => {
    const { dir, opts } = copy()
    await loadScenario('my-copy', opts)
    const csv = path.join(dir, CSV)
    const old = statSync(csv, { bigint: true })
    const { bytes, close } = editedCsv(csv)
    const tmp = path.join(dir, 'replacement.tmp')
    writeFileSync(tmp, bytes)
    utimesSync(tmp, OLD, OLD)
    renameSync(tmp, csv)
    expect(statSync(csv, { bigint: true }).mtimeNs).toBe(old.mtimeNs)
    const second = await loadScenario('my-copy', opts)
    expect(second.series[0]!.close[0]).toBe(close)
  })

  it('the manifest edited in place at the same size and mtime is read again (ctime)', async () => {
    const { mf, opts } = copy()
    const first = await loadScenario('my-copy', opts)
    const before = statSync(mf, { bigint: true })
    const text = readFileSync(mf, 'utf8')
    const edited = text.replace('"title": "Celsius / 3AC', '"title": "Celsius * 3AC')
    expect(edited.length).toBe(text.length)
    writeFileSync(mf, edited)
    utimesSync(mf, OLD, OLD)
    const after = statSync(mf, { bigint: true })
    // same size, same inode, same mtime: only the change time tells
    expect([after.size, after.ino, after.mtimeNs]).toEqual([
      before.size,
      before.ino,
      before.mtimeNs,
    ])
    expect(after.ctimeNs).not.toBe(before.ctimeNs)
    const second = await loadScenario('my-copy', opts)
    expect(first.info.title).toContain('Celsius / 3AC')
    expect(second.info.title).toContain('Celsius * 3AC')
  })

  it('files changed moments ago are not stamped: every open hashes them', async () => {
    const { dir, cacheDir, opts } = copy(false)
    const first = await loadScenario('my-copy', opts)
    expect(stamps(cacheDir)).toHaveLength(0)
    const csv = path.join(dir, CSV)
    const { bytes, close } = editedCsv(csv)
    writeFileSync(csv, bytes)
    const second = await loadScenario('my-copy', opts)
    expect(second.series[0]!.close[0]).toBe(close)
    expect(first.series[0]!.close[0]).not.toBe(close)
  })

  it('a damaged stamp is ignored and rewritten', async () => {
    const { cacheDir, opts } = copy()
    const first = await loadScenario('my-copy', opts)
    const f = path.join(cacheDir, stamps(cacheDir)[0]!)
    const good = readFileSync(f, 'utf8')
    writeFileSync(f, good.slice(0, 40))
    const second = await loadScenario('my-copy', opts)
    expect(Array.from(second.series[1]!.low)).toEqual(Array.from(first.series[1]!.low))
    expect(readFileSync(f, 'utf8')).toBe(good)
  })
})
