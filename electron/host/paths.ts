/**
 * Where PerpDojo keeps its files. The browser mode uses the same folder Electron's
 * `app.getPath('userData')` gives for an app named PerpDojo, so sessions are shared
 * between the desktop app and `npm run web`. PERPDOJO_DATA_DIR overrides (tests, portable use).
 */
import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PERPDOJO_DATA_DIR) return path.resolve(env.PERPDOJO_DATA_DIR)
  const home = os.homedir()
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'PerpDojo')
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'PerpDojo')
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'PerpDojo')
  }
}

/**
 * The repo's resources/ folder, seen from a bundle in out/main/ (or one of its chunk
 * folders): the nearest ancestor that holds resources/scenarios/index.json.
 */
export function bundledResourcesDir(bundleDir: string): string {
  let dir = path.resolve(bundleDir)
  for (;;) {
    const candidate = path.join(dir, 'resources')
    if (existsSync(path.join(candidate, 'scenarios', 'index.json'))) return candidate
    const parent = path.dirname(dir)
    if (parent === dir) return path.resolve(bundleDir, '..', '..', 'resources')
    dir = parent
  }
}
