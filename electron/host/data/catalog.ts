/**
 * Where scenarios live and which ones exist.
 * - bundled: `<resourcesDir>/scenarios/index.json` lists ids in display order; each id is a
 *   folder with scenario.json and its CSV.gz files (read-only).
 * - user: `<userDir>/scenarios/<id>/scenario.json`, written by the importer. Folders starting
 *   with a dot are imports in progress (or interrupted ones) and are never listed.
 */
import { existsSync } from 'node:fs'
import { readFile, readdir } from 'node:fs/promises'
import path from 'node:path'
import type { ScenarioInfo } from '../../../shared/market'
import { manifestToInfo } from './build'
import { DataError, fsError } from './errors'
import { readManifest } from './manifest'

export interface CatalogOptions {
  /** The app's bundled resources folder (contains `scenarios/`). */
  resourcesDir: string
  /** The app's data folder (user scenarios live in `scenarios/` under it). */
  userDir: string
}

export function bundledScenariosDir(resourcesDir: string): string {
  return path.join(resourcesDir, 'scenarios')
}

export function userScenariosDir(userDir: string): string {
  return path.join(userDir, 'scenarios')
}

/**
 * The first candidate resources folder that holds `scenarios/index.json`. The host passes the
 * candidates it knows (packaged `process.resourcesPath`, the repo's resources/ next to the
 * bundle); nothing here asks Electron.
 */
export function resolveResourcesDir(candidates: string[]): string {
  for (const c of candidates) {
    if (c && existsSync(path.join(bundledScenariosDir(c), 'index.json'))) return path.resolve(c)
  }
  throw new DataError(
    'RESOURCES_NOT_FOUND',
    `no scenarios/index.json under: ${candidates.join(', ')}`,
  )
}

interface BundledIndex {
  default: string
  scenarios: string[]
}

export async function readBundledIndex(resourcesDir: string): Promise<BundledIndex> {
  const file = path.join(bundledScenariosDir(resourcesDir), 'index.json')
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    throw fsError(err, file)
  }
  const idx = JSON.parse(text) as Partial<BundledIndex>
  if (typeof idx.default !== 'string' || !Array.isArray(idx.scenarios))
    throw new DataError('BAD_MANIFEST', 'index.json needs {default, scenarios[]}', { file })
  return {
    default: idx.default,
    scenarios: idx.scenarios.filter((s): s is string => typeof s === 'string'),
  }
}

async function listUserScenarioDirs(userDir: string): Promise<string[]> {
  const root = userScenariosDir(userDir)
  let names: string[]
  try {
    names = await readdir(root)
  } catch {
    return [] // no imports yet
  }
  return names
    .filter((n) => !n.startsWith('.'))
    .sort()
    .map((n) => path.join(root, n))
}

/** Bundled scenarios in index order, then user scenarios by id. A broken user manifest is skipped, not fatal. */
export async function listScenarios(opts: CatalogOptions): Promise<ScenarioInfo[]> {
  const out: ScenarioInfo[] = []
  const idx = await readBundledIndex(opts.resourcesDir)
  for (const id of idx.scenarios) {
    out.push(
      manifestToInfo(
        await readManifest(path.join(bundledScenariosDir(opts.resourcesDir), id)),
        'bundled',
      ),
    )
  }
  for (const dir of await listUserScenarioDirs(opts.userDir)) {
    try {
      out.push(manifestToInfo(await readManifest(dir), 'user'))
    } catch {
      // A hand-damaged user folder must not hide the rest of the library.
    }
  }
  return out
}
