/**
 * Where PerpDojo keeps its files. The browser mode uses the same folder Electron's
 * `app.getPath('userData')` gives for an app named PerpDojo, so sessions are shared
 * between the desktop app and `npm run web`. PERPDOJO_DATA_DIR overrides (tests, portable use).
 */
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

/** The repo's resources/ folder, seen from a bundle in out/main/. */
export function bundledResourcesDir(bundleDir: string): string {
  return path.resolve(bundleDir, '..', '..', 'resources')
}
