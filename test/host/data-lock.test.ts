/**
 * Issue 11 item 3: one host per data folder. A second host (same process or another one)
 * refuses with a message naming the other process; a lock left by a crashed host is stale
 * and taken over.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  acquireDataLock,
  DataFolderLocked,
  LOCK_FILE,
  processStartTime,
} from '../../electron/host/data-lock'
import { tempDir } from './session/support'

const dirs: string[] = []
const children: ChildProcess[] = []
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL')
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
function folder() {
  const d = tempDir('pd-lock-')
  dirs.push(d)
  return d
}

/** A child process that takes the lock with plain fs calls and then sleeps. */
function lockingChild(dir: string): Promise<ChildProcess> {
  const file = path.join(dir, LOCK_FILE)
  const script = `
    const fs = require('fs'), os = require('os')
    const stat = fs.readFileSync('/proc/' + process.pid + '/stat', 'utf8')
    const startTime = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
    fs.writeFileSync(${JSON.stringify(file)}, JSON.stringify({ pid: process.pid, startTime,
      hostname: os.hostname(), mode: 'browser mode', startedAt: 'just now' }), { flag: 'wx' })
    console.log('LOCKED'); setInterval(() => {}, 1000)`
  const c = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  children.push(c)
  return new Promise((resolve) => c.stdout!.once('data', () => resolve(c)))
}

describe('data folder lock', () => {
  it('a second host in the same process refuses; after release it may start', () => {
    const dir = folder()
    const first = acquireDataLock(dir, 'desktop app')
    expect(() => acquireDataLock(dir, 'browser mode')).toThrow(DataFolderLocked)
    try {
      acquireDataLock(dir, 'browser mode')
    } catch (err) {
      expect((err as Error).message).toContain(`process ${process.pid}`)
      expect((err as Error).message).toContain('desktop app')
      expect((err as Error).message).toContain(dir)
    }
    first.release()
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false)
    acquireDataLock(dir, 'browser mode').release()
  })

  it('refuses while another live process holds the folder, naming it', async () => {
    const dir = folder()
    const other = await lockingChild(dir)
    let message = ''
    try {
      acquireDataLock(dir, 'desktop app')
    } catch (err) {
      expect(err).toBeInstanceOf(DataFolderLocked)
      message = (err as Error).message
    }
    expect(message).toContain(`process ${other.pid}`)
    expect(message).toContain('browser mode')
  })

  it('takes over the lock of a host that was killed (stale lock)', async () => {
    const dir = folder()
    const other = await lockingChild(dir)
    const gone = new Promise((r) => other.once('exit', r))
    other.kill('SIGKILL')
    await gone
    const lock = acquireDataLock(dir, 'desktop app')
    expect(JSON.parse(readFileSync(lock.file, 'utf8')).pid).toBe(process.pid)
    lock.release()
  })

  it('treats a reused pid (different process start time) and a torn lock file as stale', () => {
    const dir = folder()
    const file = path.join(dir, LOCK_FILE)
    // pid 1 is alive, but it is not the process that wrote this lock
    writeFileSync(
      file,
      JSON.stringify({ pid: 1, startTime: 'not-its-start', hostname: hostname(), mode: 'x' }),
    )
    if (processStartTime(1) !== null) acquireDataLock(dir, 'desktop app').release()
    writeFileSync(file, '{"pid": 12')
    acquireDataLock(dir, 'desktop app').release()
  })
})
