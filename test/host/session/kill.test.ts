/**
 * The kill test: a child process plays a session and gives it commands; the parent
 * kills it with SIGKILL at a random moment, then reopens the session. Every reopened
 * session must open, contain every command the child saw acknowledged, and fold to the
 * same engine state hash as an uninterrupted run of the same commands. A second run starts
 * two hosts on one folder: the second must refuse (data-folder lock) and nothing is lost.
 */
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { build } from 'rolldown'
import { beforeAll, describe, expect, it } from 'vitest'
import { acquireDataLock } from '../../../electron/host/data-lock'
import { SessionManager } from '../../../electron/host/session/manager'
import { engines } from '../../../electron/host/engine-binding'
import { buildTimeline } from '../../../electron/host/replay/timeline'
import { foldTo, startFold } from '../../../electron/host/replay/fold'
import type { CommandEntry } from '../../../electron/host/session/session-log'
import { DEFAULT_ENGINE_SETTINGS } from '../../../shared/trading/settings'
import { synthScenario, tempDir } from './support'
import { KILL_SCENARIO } from './kill-scenario'

const RUNS = 56
const PARALLEL = 8
const scenario = synthScenario(KILL_SCENARIO)
const timeline = buildTimeline(scenario)
let driver = ''

beforeAll(async () => {
  const dir = tempDir('pd-kill-build-')
  driver = path.join(dir, 'kill-driver.mjs')
  await build({
    input: path.resolve(__dirname, 'kill-driver.ts'),
    platform: 'node',
    logLevel: 'silent',
    output: { file: driver, format: 'esm' },
  })
}, 60_000)

/** The uninterrupted fold: a fresh engine, every bar and command in order, no snapshots. */
function uninterrupted(commands: CommandEntry[], cursor: number): string {
  const st = startFold(engines.create(timeline.symbols, DEFAULT_ENGINE_SETTINGS))
  foldTo(st, timeline, commands, cursor)
  expect(st.applied).toBe(commands.length)
  return st.engine.stateHash()
}

interface Run {
  id: string
  acked: { index: number; cursor: number; command: unknown }[]
  dataDir: string
  done: boolean
}

/**
 * Runs the child and kills it `killAfterMs` after it has acknowledged `killAfterAcks`
 * commands (and `onStarted` settled). Counting from its acks, not from its start, keeps the
 * runs meaningful on a loaded machine: a timer from the start alone once killed most children
 * of a busy CI box before their first ack (36 acks in 56 runs).
 */
function runChild(
  seed: number,
  killAfterMs: number,
  dataDir = tempDir('pd-kill-'),
  /** Called once the child runs; the kill timer starts when its promise settles. */
  onStarted?: (id: string, pid: number) => Promise<unknown>,
  killAfterAcks = 1,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [driver, dataDir, String(seed)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let text = ''
    let err = ''
    let timer: NodeJS.Timeout | undefined
    let started = false
    let ready = false
    const arm = () => {
      if (timer || !ready || (text.match(/^ACK /gm)?.length ?? 0) < killAfterAcks) return
      timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs)
    }
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString()
      if (!started && text.includes('ID ')) {
        started = true
        const go = onStarted?.(/ID (\S+)/.exec(text)![1]!, child.pid!) ?? Promise.resolve()
        void go.then(() => {
          ready = true
          arm()
        })
      }
      arm()
    })
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', reject)
    child.on('close', () => {
      if (timer) clearTimeout(timer)
      if (text.includes('ERROR')) return reject(new Error(text + err))
      const lines = text.split('\n')
      const id = lines.find((l) => l.startsWith('ID '))?.slice(3)
      if (!id) return reject(new Error(`child never started: ${err}`))
      const acked = lines
        .filter((l) => l.startsWith('ACK ') && l.endsWith('}'))
        .map((l) => {
          const [, index, cursor, ...json] = l.split(' ')
          return {
            index: Number(index),
            cursor: Number(cursor),
            command: JSON.parse(json.join(' ')),
          }
        })
      resolve({ id, acked, dataDir, done: text.includes('DONE') })
    })
  })
}

/**
 * Reopens a killed run's session: every acknowledged command is there, in order, at its
 * cursor, and it folds to the same hash as an uninterrupted run. Removes the run's folder.
 */
async function verify(run: Run): Promise<{ acked: number; recovered: boolean }> {
  // The killed host left its lock behind: it is stale and a new host takes it over.
  const lock = acquireDataLock(run.dataDir, 'kill-test verifier')
  const m = new SessionManager({
    dataDir: run.dataDir,
    loadScenario: async () => scenario,
    engines: engines,
    push: () => {},
  })
  const snap = await m.openSession(run.id)
  const s = m.sessionOf(run.id)
  expect(s.log.commands.length).toBeGreaterThanOrEqual(run.acked.length)
  for (const a of run.acked) {
    expect(s.log.commands[a.index]!.cursor).toBe(a.cursor)
    expect(s.log.commands[a.index]!.command).toEqual(a.command)
  }
  expect(s.stateHash()).toBe(uninterrupted(s.log.commands, s.cursor()))
  await m.closeAll()
  lock.release()
  fs.rmSync(run.dataDir, { recursive: true, force: true })
  return { acked: run.acked.length, recovered: Boolean(snap.recovered) }
}

/** A second host started on the same folder while the first runs (it would open the same session). */
function secondHost(dataDir: string, id: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [driver, dataDir, '99', id], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.on('close', (code) => resolve({ code, out }))
  })
}

describe('kill test', () => {
  it('a second host on the same folder refuses, naming the first; 0 acknowledged commands lost', async () => {
    const runs = 4
    let acked = 0
    for (let i = 0; i < runs; i++) {
      const dataDir = tempDir('pd-kill-two-')
      let second: Promise<{ code: number | null; out: string }> | undefined
      let firstPid = 0
      const run = await runChild(100 + i, 100, dataDir, (id, pid) => {
        firstPid = pid
        second = secondHost(dataDir, id)
        return second
      })
      const refused = await second!
      expect(refused.code).toBe(4)
      expect(refused.out).toContain('REFUSED Another PerpDojo')
      expect(refused.out).toContain(`process ${firstPid}`)
      expect(refused.out).not.toContain('ACK')
      acked += (await verify(run)).acked
    }
    expect(acked).toBeGreaterThan(runs)
    console.log(`kill test, two hosts on one folder: ${runs} runs, ${acked} acknowledged, 0 lost`)
  }, 60_000)

  it(`survives SIGKILL at random moments (${RUNS} runs)`, async () => {
    let seed = 12345
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
    // killed 0-600 ms after the child's 1st, 2nd or 3rd acknowledged command
    const plans = Array.from({ length: RUNS }, (_, i) => ({
      seed: i + 1,
      kill: Math.floor(rand() * 600),
      acks: 1 + Math.floor(rand() * 3),
    }))
    const results: Run[] = []
    for (let i = 0; i < plans.length; i += PARALLEL) {
      const batch = plans.slice(i, i + PARALLEL)
      results.push(
        ...(await Promise.all(
          batch.map((p) => runChild(p.seed, p.kill, undefined, undefined, p.acks)),
        )),
      )
    }
    let totalAcked = 0
    let recovered = 0
    for (const run of results) {
      const r = await verify(run)
      totalAcked += r.acked
      if (r.recovered) recovered++
    }
    expect(results.length).toBeGreaterThanOrEqual(50)
    expect(totalAcked).toBeGreaterThan(RUNS)
    console.log(
      `kill test: ${results.length} runs, ${totalAcked} acknowledged commands, ${recovered} torn tails recovered`,
    )
  }, 120_000)
})
