// `npm start` / `npm run dev`, first step: make sure the Electron binary is installed. The
// first start downloads it once (electron's own install-electron); when that fails (no
// network, a proxy, a blocked host) the user gets one clear paragraph and a non-zero exit
// instead of @electron/get's stack trace (issue 11 item 13).
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** The paragraph shown when the one-time download fails; `reason` is the error's first line. */
export function downloadFailureMessage(version, reason) {
  return [
    `PerpDojo could not start: the desktop app needs Electron ${version}, which npm downloads once,`,
    `on the first start (about 100 MB from github.com/electron/electron/releases), and that`,
    `download failed${reason ? ` (${reason})` : ''}. Nothing is broken: connect to the internet and`,
    `run \`npm start\` again; it is not downloaded again after that. On a restricted network,`,
    `set ELECTRON_MIRROR to a mirror you can reach (for example`,
    `ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/) or your proxy in HTTPS_PROXY.`,
    `You can use PerpDojo right now without Electron: \`npm run web\` serves the same app to`,
    `your browser, offline.`,
  ].join('\n')
}

/** The first line of the failure worth showing: the error message, never a stack frame. */
export function failureReason(stderr) {
  const lines = stderr.split('\n').map((l) => l.trim())
  // `TypeError: fetch failed`, `Error: getaddrinfo ENOTFOUND …`: a line that starts with an error name
  const msg = lines.find((l) => /^[A-Za-z]*Error: /.test(l))
  return msg ? msg.slice(0, 160) : ''
}

/** Runs the installer; resolves with the exit code to use. */
export function ensureElectron({
  command = path.join(root, 'node_modules', '.bin', 'install-electron'),
  args = [],
  version = JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8'))
    .version,
  print = (text) => process.stderr.write(text + '\n'),
} = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d.toString()))
    child.on('error', (err) => {
      print(downloadFailureMessage(version, err.message))
      resolve(1)
    })
    child.on('close', (code) => {
      if (code === 0) return resolve(0)
      print(downloadFailureMessage(version, failureReason(stderr)))
      resolve(1)
    })
  })
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  process.exitCode = await ensureElectron()
