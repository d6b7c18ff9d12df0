/**
 * Issue 10 item 8: the coach's stress test and a session's opening re-fold run on the work
 * thread (electron/host/work/), with the same results as in this thread: the same stress
 * report, the same engine state hash and event log on reopen (from a snapshot, from the start,
 * in review). A newer stress test of a session supersedes an unfinished one, close() cancels
 * what is pending and stops the thread, and a thread that cannot start fails its jobs.
 */
import * as fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stressTest } from '../../../electron/host/coach/stress'
import { readBundledIndex } from '../../../electron/host/data/catalog'
import { loadScenario, type LoadOptions } from '../../../electron/host/data/load'
import type { LoadedScenario } from '../../../electron/host/data/types'
import { engines } from '../../../electron/host/engine-binding'
import { SessionManager } from '../../../electron/host/session/manager'
import { Superseded, workerRunner, type WorkRunner } from '../../../electron/host/work/runner'
import type { SessionMode, SessionSnapshot } from '../../../shared/contract'
import { createHost } from '../../../electron/host/host'
import { portfolio, PORTFOLIO_PRICES, traderCommand } from '../../support/trading-fixtures'
import { testWorkThread } from '../../support/bundle-worker'
import { tempDir } from '../session/support'

let dir = ''
let script = ''
let loadOpts: LoadOptions
let runner: WorkRunner

beforeAll(async () => {
  dir = tempDir('pd-work-')
  ;({ script, loadOpts, runner } = await testWorkThread(dir))
}, 60_000)
afterAll(async () => {
  await runner?.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** The coach bench's 4-position portfolio, as a stress job's input. */
function stressInput() {
  const { eng, t0 } = portfolio()
  return { snapshot: eng.snapshot(), view: eng.view(), prices: PORTFOLIO_PRICES, t0 }
}

describe('stress tests on the work thread', () => {
  it('give the same results as in this thread, over every bundled crash', async () => {
    const crashIds = (await readBundledIndex(loadOpts.resourcesDir)).scenarios
    const p = stressInput()
    const there = await runner.stress({ crashIds, ...p })
    expect(runner.lastThreadId).toBeGreaterThan(0)
    const here = []
    for (const id of crashIds)
      here.push(stressTest({ ...p, factory: engines }, await loadScenario(id, loadOpts)))
    expect(there).toHaveLength(crashIds.length)
    expect(JSON.stringify(there)).toBe(JSON.stringify(here))
    // a real test: something failed somewhere, and every crash ran steps
    expect(there.some((r) => r.liquidated)).toBe(true)
    expect(there.every((r) => r.steps > 0)).toBe(true)
  }, 120_000)

  it('a newer test of the same session supersedes an unfinished one', async () => {
    const crashIds = (await readBundledIndex(loadOpts.resourcesDir)).scenarios
    const p = stressInput()
    const first = runner.stress({ crashIds, ...p }, { supersede: 's1' })
    const other = runner.stress({ crashIds: crashIds.slice(0, 1), ...p }, { supersede: 's2' })
    const second = runner.stress({ crashIds, ...p }, { supersede: 's1' })
    await expect(first).rejects.toBeInstanceOf(Superseded)
    expect(await second).toHaveLength(crashIds.length)
    expect(await other).toHaveLength(1) // another session's test is not touched
  }, 120_000)
})

describe('session re-folds on the work thread', () => {
  let scenario: LoadedScenario
  let dataDir = ''
  let id = ''
  let copies = 0
  let refolds = 0
  const manager = (withThread: boolean, where = dataDir) =>
    new SessionManager({
      dataDir: where,
      loadScenario: async () => scenario,
      engines,
      push: () => {},
      ...(withThread ? { refold: (job) => (refolds++, runner.refold(job)) } : {}),
      snapshotEveryCommands: 150,
    })

  beforeAll(async () => {
    scenario = await loadScenario('celsius-2022-06', loadOpts)
    dataDir = path.join(dir, 'sessions-data')
    const m = manager(false)
    const snap = await m.create({ scenarioId: 'celsius-2022-06' })
    id = snap.summary.id
    let oldest: string | undefined
    let marks = snap.account.marks
    for (let i = 0; i < 600; i++) {
      const btc = Number(marks.BTCUSDT)
      const ack = await m.command(id, traderCommand(i, btc, Number(marks.ETHUSDT), oldest))
      oldest = ack.account.openOrders[0]?.orderId
      marks = ack.account.marks
      if (i % 3 === 2) await m.control(id, { type: 'step', bars: 4 })
    }
    await m.closeAll()
  }, 120_000)

  /** Open a copy of the session (so each reopen starts from the same files). */
  async function reopen(withThread: boolean, mode?: SessionMode) {
    const copy = path.join(dir, `copy-${++copies}`)
    fs.cpSync(dataDir, copy, { recursive: true })
    const m = manager(withThread, copy)
    const snap = await m.openSession(id, mode)
    const s = m.sessionOf(id)
    const out = {
      hash: s.stateHash(),
      events: JSON.stringify(s.events),
      cursor: s.cursor(),
      applied: s.applied,
      account: JSON.stringify(snap.account),
    }
    // the reopened session goes on the same way: one more step, same events
    if (mode !== 'review') await m.control(id, { type: 'step', bars: 30 })
    const after = { hash: s.stateHash(), events: s.events.length }
    await m.closeAll()
    fs.rmSync(copy, { recursive: true, force: true })
    return { ...out, after }
  }

  it('reopen from the latest snapshot: same state, events and account as in this thread', async () => {
    const snaps = fs.readdirSync(path.join(dataDir, 'sessions', id, 'snapshots'))
    expect(snaps.some((f) => f.endsWith('.snap'))).toBe(true)
    const here = await reopen(false)
    const before = refolds
    const there = await reopen(true)
    expect(refolds).toBe(before + 1) // 600 commands: a long re-fold, sent to the thread
    expect(there).toEqual(here)
    expect(here.applied).toBe(600)
  }, 120_000)

  it('a new session folds in this thread (no round trip for a short fold)', async () => {
    const m = manager(true, path.join(dir, 'fresh'))
    const before = refolds
    const snap = await m.create({ scenarioId: 'celsius-2022-06' })
    expect(snap.status.cursor).toBeGreaterThan(0)
    expect(refolds).toBe(before)
    await m.closeAll()
  })

  it('reopen from the start (no snapshot) and in review: the same on both threads', async () => {
    const snapDir = path.join(dataDir, 'sessions', id, 'snapshots')
    fs.rmSync(snapDir, { recursive: true, force: true })
    const there = await reopen(true)
    const here = await reopen(false)
    expect(there).toEqual(here)
    expect(here.applied).toBe(600)
    expect(await reopen(true, 'review')).toEqual(await reopen(false, 'review'))
  }, 120_000)
})

describe('the work thread stops cleanly', () => {
  it('close() cancels pending jobs and refuses new ones', async () => {
    const r = workerRunner(script, loadOpts)
    const crashIds = (await readBundledIndex(loadOpts.resourcesDir)).scenarios
    const pending = expect(r.stress({ crashIds, ...stressInput() })).rejects.toBeInstanceOf(
      Superseded,
    )
    await r.close()
    await pending
    await expect(r.stress({ crashIds, ...stressInput() })).rejects.toBeInstanceOf(Superseded)
  }, 60_000)

  it('a thread that cannot start fails its job with a clear error (never hangs)', async () => {
    const r = workerRunner(path.join(dir, 'missing-worker.mjs'), loadOpts)
    await expect(r.stress({ crashIds: ['ftx-2022-11'], ...stressInput() })).rejects.toThrow(
      /work thread stopped/,
    )
    await r.close()
  })

  it('a host whose work thread fails still opens sessions and stress-tests, in its own thread', async () => {
    const host = createHost({
      dataDir: path.join(dir, 'no-thread'),
      resourcesDir: loadOpts.resourcesDir,
      transport: 'websocket',
      version: 't',
      workWorker: path.join(dir, 'missing-worker.mjs'),
    })
    try {
      const created = await host.dispatch('session:create', { scenarioId: 'ftx-2022-11' })
      expect(created.ok).toBe(true)
      const id = (created as { value: SessionSnapshot }).value.summary.id
      const stress = await host.dispatch('coach:stressTest', {
        sessionId: id,
        scenarioIds: ['terra-2022-05'],
      })
      expect(stress).toMatchObject({
        ok: true,
        value: { results: [{ scenarioId: 'terra-2022-05' }] },
      })
    } finally {
      await host.close()
    }
  }, 60_000)
})
