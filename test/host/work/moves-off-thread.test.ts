/**
 * Re-folds after a move back run on the work thread when they are long (the caveat left by
 * issue 10 item 8): a practice rewind and restore, a review seek back and a review jump to an
 * earlier decision. Each gives the very state, events and account the same move gives folded
 * in this thread; the host answers other requests while such a re-fold is out, and a command
 * sent meanwhile waits and applies after the move, on the new line.
 *
 * The session: celsius-2022-06 with 300 commands over ~2,400 bars and no snapshots on the way
 * (so a move back re-folds thousands of steps and hundreds of commands: a long one).
 */
import * as fs from 'node:fs'
import path from 'node:path'
import { threadId } from 'node:worker_threads'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadScenario, type LoadOptions } from '../../../electron/host/data/load'
import type { LoadedScenario } from '../../../electron/host/data/types'
import { engines } from '../../../electron/host/engine-binding'
import { createHost } from '../../../electron/host/host'
import { cursorTime } from '../../../electron/host/replay/timeline'
import { SessionManager } from '../../../electron/host/session/manager'
import type { WorkRunner } from '../../../electron/host/work/runner'
import type { SessionMode, SessionSnapshot } from '../../../shared/contract'
import { testWorkThread } from '../../support/bundle-worker'
import { place, traderCommand } from '../../support/trading-fixtures'
import { tempDir } from '../session/support'

let dir = ''
let loadOpts: LoadOptions
let runner: WorkRunner
let scenario: LoadedScenario
let dataDir = ''
let id = ''
/** Replay time of a cursor of the session's timeline. */
let timeAt: (cursor: number) => number = () => 0
let copies = 0
/** Re-folds the managers below sent to the work thread. */
let refolds = 0

const NO_SNAPSHOTS = { snapshotEveryBars: 1e9, snapshotEveryCommands: 1e9 }

function manager(withThread: boolean, at: string) {
  return new SessionManager({
    dataDir: at,
    loadScenario: async () => scenario,
    engines,
    push: () => {},
    ...(withThread ? { refold: (job) => (refolds++, runner.refold(job)) } : {}),
    ...NO_SNAPSHOTS,
  })
}

beforeAll(async () => {
  dir = tempDir('pd-moves-')
  ;({ loadOpts, runner } = await testWorkThread(dir))
  scenario = await loadScenario('celsius-2022-06', loadOpts)
  dataDir = path.join(dir, 'sessions-data')
  const m = manager(false, dataDir)
  const snap = await m.create({ scenarioId: 'celsius-2022-06' })
  id = snap.summary.id
  const tl = m.sessionOf(id).tl
  timeAt = (cursor) => cursorTime(tl, cursor)
  let oldest: string | undefined
  let marks = snap.account.marks
  for (let i = 0; i < 300; i++) {
    const ack = await m.command(
      id,
      traderCommand(i, Number(marks.BTCUSDT), Number(marks.ETHUSDT), oldest),
    )
    oldest = ack.account.openOrders[0]?.orderId
    marks = ack.account.marks
    await m.control(id, { type: 'step', bars: 8 })
  }
  await m.closeAll()
  // closing snapshots the session: no snapshot anywhere, so moves back fold from the start
  fs.rmSync(path.join(dataDir, 'sessions', id, 'snapshots'), { recursive: true, force: true })
}, 180_000)

afterAll(async () => {
  await runner?.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** The session's state as the desk and the engine see it. */
function stateOf(m: SessionManager, snap: SessionSnapshot) {
  const s = m.sessionOf(id)
  return {
    hash: s.stateHash(),
    cursor: s.cursor(),
    applied: s.applied,
    events: JSON.stringify(s.events),
    account: JSON.stringify(snap.account),
    status: snap.status,
  }
}

type State = ReturnType<typeof stateOf>

/**
 * Open a copy of the session (every run starts from the same files) and make moves on it;
 * `take` records the state right after a move.
 */
async function run(
  withThread: boolean,
  mode: SessionMode | undefined,
  moves: (m: SessionManager, take: (s: SessionSnapshot) => void, at: string) => Promise<void>,
) {
  const at = path.join(dir, `copy-${++copies}`)
  fs.cpSync(dataDir, at, { recursive: true })
  const m = manager(withThread, at)
  try {
    await m.openSession(id, mode)
    const before = refolds
    const states: State[] = []
    await moves(m, (snap) => states.push(stateOf(m, snap)), at)
    return { states, sent: refolds - before }
  } finally {
    await m.closeAll()
    fs.rmSync(at, { recursive: true, force: true })
  }
}

describe('moves back re-fold on the work thread when long', () => {
  it('practice rewind and restore: the same state, events and account as in this thread', async () => {
    const moves = async (m: SessionManager, take: (s: SessionSnapshot) => void, at: string) => {
      take(await m.rewind(id, timeAt(2600)))
      // the rewind snapshotted where it left: without it the restore re-folds from the start
      fs.rmSync(path.join(at, 'sessions', id, 'snapshots'), { recursive: true, force: true })
      take(await m.restore(id))
    }
    const here = await run(false, undefined, moves)
    const there = await run(true, undefined, moves)
    expect(there.sent).toBe(2)
    expect(there.states).toEqual(here.states)
    // a real move: commands were set aside and came back
    const [back, restored] = here.states
    expect(back!.cursor).toBe(2600)
    expect(back!.applied).toBeGreaterThan(100)
    expect(back!.applied).toBeLessThan(300)
    expect(restored!.applied).toBe(300)
  }, 180_000)

  it('review: a seek back and a jump to an earlier decision, the same as in this thread', async () => {
    const moves = async (m: SessionManager, take: (s: SessionSnapshot) => void) => {
      const end = m.sessionOf(id).tl.total
      await m.control(id, { type: 'decision', index: 299 })
      await m.control(id, { type: 'seek', t: timeAt(end) })
      await m.control(id, { type: 'seek', t: timeAt(3000) })
      take(m.snapshot(id))
      await m.control(id, { type: 'decision', index: 250 })
      take(m.snapshot(id))
      await m.control(id, { type: 'decision', index: 150 })
      take(m.snapshot(id))
    }
    const here = await run(false, 'review', moves)
    const there = await run(true, 'review', moves)
    // the seek back and the jump back to decision 150 went to the thread; 250 was ahead of 3000
    expect(there.sent).toBe(2)
    expect(there.states).toEqual(here.states)
    expect(here.states.map((s) => s.applied)).toEqual([here.states[0]!.applied, 251, 151])
    expect(here.states[0]!.cursor).toBe(3000)
  }, 180_000)

  it('a short move back (a few bars past a snapshot) stays in this thread', async () => {
    const { sent, states } = await run(true, undefined, async (m, take) => {
      const s = m.sessionOf(id)
      await m.control(id, { type: 'step', bars: 10 })
      s.snapshotNow()
      await m.control(id, { type: 'step', bars: 10 })
      take(await m.rewind(id, timeAt(s.cursor() - 5)))
    })
    expect(sent).toBe(0)
    expect(states[0]!.applied).toBe(300)
  }, 60_000)
})

describe('the host while a long re-fold is out', () => {
  it('answers a ping, and a command sent meanwhile applies after the rewind', async () => {
    const at = path.join(dir, 'host-data')
    fs.cpSync(dataDir, at, { recursive: true })
    let hold = false
    let entered = () => {}
    const enteredP = new Promise<void>((r) => (entered = r))
    let release = () => {}
    const released = new Promise<void>((r) => (release = r))
    // the real work thread, with the test holding a move's answer until it has pinged
    const held: WorkRunner = {
      stress: (job, opts) => runner.stress(job, opts),
      refold: async (job) => {
        const answer = runner.refold(job)
        if (!hold) return answer
        entered()
        const folded = await answer
        await released
        return folded
      },
      get lastThreadId() {
        return runner.lastThreadId
      },
      close: async () => {},
    }
    const host = createHost({
      dataDir: at,
      resourcesDir: loadOpts.resourcesDir,
      transport: 'websocket',
      version: 't',
      work: held,
    })
    try {
      const opened = await host.dispatch('session:open', { sessionId: id })
      expect(opened.ok).toBe(true)
      hold = true
      let rewound = false
      const rewinding = host.dispatch('session:rewind', { sessionId: id, t: timeAt(2600) })
      void rewinding.then(() => (rewound = true))
      const where = await Promise.race([
        enteredP.then(() => 'work thread'),
        rewinding.then(() => 'answering thread'),
      ])
      expect(where).toBe('work thread')
      // the re-fold is out: this thread answers
      expect(await host.dispatch('app:ping', { echo: 'during' })).toMatchObject({
        ok: true,
        value: { echo: 'during' },
      })
      expect(await host.dispatch('session:list', null)).toMatchObject({ ok: true })
      expect(rewound).toBe(false)
      const command = host.dispatch('session:command', {
        sessionId: id,
        command: place('BTCUSDT', 'BUY', '0.01'),
      })
      release()
      const back = await rewinding
      expect(back).toMatchObject({ ok: true, value: { status: { cursor: 2600 } } })
      const applied = (back as { value: SessionSnapshot }).value.status.applied ?? NaN
      // the command waited for the rewind: it is on the new line, at the rewind's cursor
      expect(await command).toMatchObject({ ok: true, value: { accepted: true } })
      const after = await host.dispatch('replay:control', {
        sessionId: id,
        action: { type: 'pause' },
      })
      expect(after).toMatchObject({ ok: true, value: { cursor: 2600, applied: applied + 1 } })
      expect(runner.lastThreadId).not.toBe(threadId)
    } finally {
      release()
      await host.close()
      fs.rmSync(at, { recursive: true, force: true })
    }
  }, 180_000)
})
