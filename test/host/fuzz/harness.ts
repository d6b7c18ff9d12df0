/**
 * Starts the fuzzer's target (web-child.ts, bundled with rolldown) in a child process with
 * its own temp data folder, and tears everything down afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { build } from 'rolldown'
import type { Target } from './raw'

export interface LiveHost {
  target: Target
  /** Resident set size of the host process, in bytes. */
  rss(): number
  /** True while the host process has not exited. */
  alive(): boolean
  stop(): Promise<void>
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = /VmRSS:\s+(\d+)/.exec(status)
  return kb ? Number(kb[1]) * 1024 : 0
}

export async function startLiveHost(repoRoot: string): Promise<LiveHost> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pd-fuzz-'))
  const child = path.join(dir, 'web-child.mjs')
  await build({
    input: path.join(repoRoot, 'test/host/fuzz/web-child.ts'),
    platform: 'node',
    logLevel: 'silent',
    output: { file: child, format: 'esm' },
  })
  const rendererDir = path.join(dir, 'renderer')
  mkdirSync(rendererDir)
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>fuzz</title>')
  const proc: ChildProcess = spawn(process.execPath, [child, path.join(dir, 'data'), rendererDir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let exited = false
  proc.on('exit', () => (exited = true))
  proc.stderr!.resume() // the host logs INTERNAL errors there; nothing to assert on
  const target = await new Promise<Target>((resolve, reject) => {
    let out = ''
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /READY (.*)\n/.exec(out)
      if (m) resolve(JSON.parse(m[1]!) as Target)
    })
    proc.on('exit', (code) => reject(new Error(`fuzz host exited early (${code})`)))
  })
  return {
    target,
    rss: () => (exited ? 0 : rssOf(proc.pid!)),
    alive: () => !exited,
    async stop() {
      if (!exited) {
        const gone = new Promise((r) => proc.once('exit', r))
        proc.kill('SIGKILL')
        await gone
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
