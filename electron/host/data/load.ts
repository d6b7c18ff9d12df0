/**
 * loadScenario: a bundled or user scenario id → LoadedScenario, from the binary cache when its
 * checksum still matches the sources, else built and cached. Only the CLI (and the import
 * flow) may name a folder: loadScenarioOrFolder. The host loads by id only, so nothing a
 * client sends (a session, a shared session file) can make it read an arbitrary folder.
 */
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { buildScenario } from './build'
import { checksumFiles, checksumVersion, readCache, writeCache } from './cache'
import {
  bundledScenariosDir,
  readBundledIndex,
  userScenariosDir,
  type CatalogOptions,
} from './catalog'
import { isScenarioId } from '../../../shared/market'
import { DataError } from './errors'
import { loadFolderAsScenario } from './import/folder-load'
import { MANIFEST_FILE, manifestFiles, readManifest } from './manifest'
import { stampedKey, statFiles, writeStamp } from './source-stamp'
import type { LoadedScenario } from './types'

export interface LoadOptions extends CatalogOptions {
  /** Where cache files go (the app's data folder, a temp dir in tests). */
  cacheDir: string
  /** Wall clock in ms (default Date.now): when source files count as settled (./source-stamp.ts). */
  clock?: () => number
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory()
  } catch {
    return false
  }
}

export async function loadScenario(id: string, opts: LoadOptions): Promise<LoadedScenario> {
  if (!isScenarioId(id))
    throw new DataError('NOT_FOUND', `"${String(id).slice(0, 80)}" is not a scenario id`)
  return loadLocated(await locate(id, opts, false), opts)
}

/**
 * A loader that keeps what it loaded, by id: for read-only scenarios that do not change while
 * the app runs (the bundled crash library). A failed load is forgotten, so it can be retried.
 */
export function keptLoader(opts: LoadOptions): (id: string) => Promise<LoadedScenario> {
  const kept = new Map<string, Promise<LoadedScenario>>()
  return (id) => {
    let p = kept.get(id)
    if (!p) {
      p = loadScenario(id, opts)
      p.catch(() => kept.delete(id))
      kept.set(id, p)
    }
    return p
  }
}

/** The CLI's loader: a scenario id, a scenario folder, or a folder of Binance CSVs. */
export async function loadScenarioOrFolder(
  idOrDir: string,
  opts: LoadOptions,
): Promise<LoadedScenario> {
  return loadLocated(await locate(idOrDir, opts, true), opts)
}

async function loadLocated(located: Located, opts: LoadOptions): Promise<LoadedScenario> {
  if (located.kind === 'folder') return loadFolderAsScenario(located.dir, opts.cacheDir)
  const { dir, source } = located
  const version = checksumVersion()
  // sources exactly as when they were last hashed: their key, without reading them
  const stamped = await stampedKey(opts.cacheDir, dir, source, version)
  if (stamped) {
    const cached = await readCache(opts.cacheDir, stamped.cacheId, stamped.key)
    if (cached) return cached
  }
  const m = await readManifest(dir)
  const files = [MANIFEST_FILE, ...manifestFiles(m)].map((name) => ({
    name,
    path: path.join(dir, name),
  }))
  // stats before the bytes are hashed: a write during the hash makes the stamp differ
  const statAt = (opts.clock ?? Date.now)()
  const stats = await statFiles(files).catch(() => null) // a missing file: the checksum says which
  const key = await checksumFiles(`${source}:${m.id}`, files)
  const cacheId = `${source}-${m.id}`
  let scenario = await readCache(opts.cacheDir, cacheId, key)
  if (!scenario) {
    scenario = await buildScenario(dir, m, source)
    await writeCache(opts.cacheDir, cacheId, key, scenario)
  }
  if (stats)
    await writeStamp(opts.cacheDir, { dir, source, version, key, cacheId, files: stats }, statAt)
  return scenario
}

type Located =
  { kind: 'scenario'; dir: string; source: 'bundled' | 'user' } | { kind: 'folder'; dir: string }

/** `folders`: a name that is no scenario id may be a folder (the CLI), never for the host. */
async function locate(idOrDir: string, opts: CatalogOptions, folders: boolean): Promise<Located> {
  const looksLikePath = idOrDir.includes('/') || idOrDir.includes('\\') || path.isAbsolute(idOrDir)
  if (!looksLikePath) {
    const idx = await readBundledIndex(opts.resourcesDir)
    if (idx.scenarios.includes(idOrDir))
      return {
        kind: 'scenario',
        dir: path.join(bundledScenariosDir(opts.resourcesDir), idOrDir),
        source: 'bundled',
      }
    const userDir = path.join(userScenariosDir(opts.userDir), idOrDir)
    if (!idOrDir.startsWith('.') && (await isDir(userDir)))
      return { kind: 'scenario', dir: userDir, source: 'user' }
    // not an id: a folder in the current directory, named as `ls` shows it (the CLI only)
    if (!folders) throw new DataError('NOT_FOUND', `no scenario with id "${idOrDir}"`)
    if (!(await isDir(path.resolve(idOrDir))))
      throw new DataError(
        'NOT_FOUND',
        `no scenario with id "${idOrDir}" and no folder ${path.resolve(idOrDir)}`,
      )
  }
  const dir = path.resolve(idOrDir)
  if (!(await isDir(dir))) throw new DataError('NOT_FOUND', 'folder not found', { file: dir })
  try {
    await stat(path.join(dir, MANIFEST_FILE))
    const underUser = path.resolve(userScenariosDir(opts.userDir))
    return {
      kind: 'scenario',
      dir,
      source: dir.startsWith(underUser + path.sep) ? 'user' : 'bundled',
    }
  } catch {
    return { kind: 'folder', dir }
  }
}
