/** Bundled scenarios for coach tests, loaded once per worker through the data layer (cache in a temp dir). */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { readBundledIndex } from '../../../electron/host/data/catalog'
import { loadScenario } from '../../../electron/host/data/load'
import type { LoadedScenario } from '../../../electron/host/data/types'

export const RESOURCES = path.resolve(__dirname, '../../../resources')
const dirs = { resourcesDir: RESOURCES, userDir: '', cacheDir: '' }
const cache = new Map<string, Promise<LoadedScenario>>()

function opts() {
  if (!dirs.cacheDir) {
    dirs.cacheDir = mkdtempSync(path.join(tmpdir(), 'coach-cache-'))
    dirs.userDir = dirs.cacheDir
  }
  return dirs
}

export function scenario(id: string): Promise<LoadedScenario> {
  let p = cache.get(id)
  if (!p) {
    p = loadScenario(id, opts())
    cache.set(id, p)
  }
  return p
}

export async function bundledIds(): Promise<string[]> {
  return (await readBundledIndex(RESOURCES)).scenarios
}
