/**
 * loadScenario(<folder of Binance CSVs>): import the folder into a scratch user area under the
 * cache dir, build it, cache the result keyed by the folder's file checksums, and drop the
 * scratch copy. A second open of an unchanged folder is a cache read.
 */
import { readdir, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { buildScenario } from '../build'
import { checksumFiles, readCache, writeCache } from '../cache'
import { userScenariosDir } from '../catalog'
import { DataError, DataErrorList } from '../errors'
import { readManifest } from '../manifest'
import type { LoadedScenario } from '../types'
import { importFiles } from './run-import'

async function dataFiles(dir: string): Promise<{ name: string; path: string }[]> {
  const out: { name: string; path: string }[] = []
  for (const n of (await readdir(dir)).filter((x) => !x.startsWith('.')).sort()) {
    const p = path.join(dir, n)
    if ((await stat(p)).isDirectory())
      out.push(...(await dataFiles(p)).map((f) => ({ name: `${n}/${f.name}`, path: f.path })))
    else if (/\.(csv|csv\.gz|zip)$/i.test(n)) out.push({ name: n, path: p })
  }
  return out
}

export async function loadFolderAsScenario(dir: string, cacheDir: string): Promise<LoadedScenario> {
  const files = await dataFiles(dir)
  const key = await checksumFiles('folder', files)
  const cacheId = `folder-${key.slice(0, 16)}`
  const cached = await readCache(cacheDir, cacheId, key)
  if (cached) return cached
  const scratch = path.join(cacheDir, 'folder-imports', key.slice(0, 16))
  await rm(scratch, { recursive: true, force: true })
  try {
    const report = await importFiles([dir], { userDir: scratch, title: path.basename(dir) })
    if (!report.ok || !report.scenarioId) {
      const errors = report.errors.map(
        (e) =>
          new DataError(e.code, e.message, {
            file: e.file || dir,
            ...(e.line !== undefined ? { line: e.line } : {}),
            ...(e.column !== undefined ? { column: e.column } : {}),
          }),
      )
      const [first, ...rest] = errors
      throw new DataErrorList(
        first
          ? [first, ...rest]
          : [new DataError('NO_PRICE_DATA', 'folder holds no importable data', { file: dir })],
      )
    }
    const sdir = path.join(userScenariosDir(scratch), report.scenarioId)
    const built = await buildScenario(sdir, await readManifest(sdir), 'user')
    await writeCache(cacheDir, cacheId, key, built)
    return built
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}
