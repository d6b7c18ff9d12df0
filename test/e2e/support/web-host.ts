/** Starts `node out/main/web.js` (the browser mode) with a fresh data folder and a known token. */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { offProfile } from '../../../electron/host/coach/profile'

export interface RunningHost {
  url: string
  origin: string
  token: string
  dataDir: string
  stop(): Promise<void>
}

export async function startWebHost(
  root = path.resolve(__dirname, '..', '..', '..'),
  opts: { coach?: 'on' | 'off'; env?: Record<string, string> } = {},
): Promise<RunningHost> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'perpdojo-e2e-'))
  if (opts.coach === 'off') {
    // This user has switched the coach off in its settings (the drills that practise
    // trading without a stop need that); coach drills run with it on, as shipped.
    mkdirSync(path.join(dataDir, 'coach'))
    writeFileSync(path.join(dataDir, 'coach', 'profile.json'), JSON.stringify(offProfile()))
  }
  const token = `e2e${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`.padEnd(
    24,
    'x',
  )
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(root, 'out/main/web.js'), '--port=0'],
    {
      env: { ...process.env, ...opts.env, PERPDOJO_DATA_DIR: dataDir, PERPDOJO_TOKEN: token },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let stderr = ''
  child.stderr!.on('data', (d) => (stderr += String(d)))
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`web host did not start:\n${stderr}`)), 20_000)
    child.stdout!.on('data', (d) => {
      out += String(d)
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    })
    child.on('exit', (code) => reject(new Error(`web host exited (${code}):\n${stderr}`)))
  })
  return {
    url,
    origin: new URL(url).origin,
    token,
    dataDir,
    async stop() {
      // Wait for the host to finish writing (journals, snapshots) before removing its folder.
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))])
      }
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 })
    },
  }
}
