/**
 * Rewinds are first-class: a rewind starts a new branch of the session. A session rewound
 * to its start and traded again must review, fork and reopen like any other: a what-if fork
 * from decision 5 keeps decisions 1-4 and folds to the same state as a fresh session fed the
 * same decisions.
 */
import * as fs from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import type { TradeCommand } from '../../../shared/trading/commands'
import { DEFAULT_ENGINE_SETTINGS } from '../../../shared/trading/settings'
import { foldTo, startFold } from '../../../electron/host/replay/fold'
import { buildTimeline } from '../../../electron/host/replay/timeline'
import { engines } from '../../../electron/host/engine-binding'
import { drive, rig, type Rig } from './helpers'

const rigs: Rig[] = []
afterAll(() => {
  for (const r of rigs) fs.rmSync(r.dataDir, { recursive: true, force: true })
})

const order = (side: 'BUY' | 'SELL', quantity: string): TradeCommand => ({
  kind: 'placeOrder',
  symbol: 'BTCUSDT',
  side,
  positionSide: 'BOTH',
  type: 'MARKET',
  quantity,
})

/** Practice → trade → rewind to the start ("Home") → 6 decisions → finish. */
async function rewoundSession() {
  const r = rig()
  rigs.push(r)
  const { summary, status } = await r.m.create({ scenarioId: 'synthetic' })
  const id = summary.id
  expect(status.cursor).toBeGreaterThan(10)
  // the first attempt, later set aside by the rewind
  await r.m.command(id, order('BUY', '0.2'))
  await r.m.control(id, { type: 'step', bars: 20 })
  await r.m.command(id, order('SELL', '0.2'))
  // Home: back to the scenario's first bar, below the lead-in the session started at
  const home = await r.m.rewind(id, r.scenario.info.start)
  expect(home.status.cursor).toBe(1)
  expect(home.status.setAside).toBe(2)
  const decisions: { cursor: number; command: TradeCommand }[] = []
  for (let i = 0; i < 6; i++) {
    const command = order(i % 2 ? 'SELL' : 'BUY', (0.1 * (i + 1)).toFixed(1))
    decisions.push({ cursor: r.m.sessionOf(id).cursor(), command })
    expect((await r.m.command(id, command)).accepted).toBe(true)
    await r.m.control(id, { type: 'step', bars: 7 })
  }
  await r.m.finish(id)
  return { r, id, decisions }
}

/** A fresh session's fold of the same decisions up to `cursor`. */
function freshHash(r: Rig, decisions: { cursor: number; command: TradeCommand }[], cursor: number) {
  const tl = buildTimeline(r.scenario)
  const st = startFold(engines.create(tl.symbols, DEFAULT_ENGINE_SETTINGS))
  foldTo(st, tl, decisions, cursor)
  expect(st.applied).toBe(decisions.length)
  return st.engine.stateHash()
}

describe('rewinds are branches', () => {
  it('a what-if fork from decision 5 of a rewound session keeps decisions 1-4', async () => {
    const { r, id, decisions } = await rewoundSession()
    // review reads the rewound line: it starts before its first decision
    const rev = await r.m.openSession(id, 'review')
    expect(rev.recovered).toBeUndefined()
    expect(rev.status.cursor).toBeLessThanOrEqual(decisions[0]!.cursor)
    const listed = await r.m.decisions(id)
    expect(listed.map((d) => d.cursor)).toEqual(decisions.map((d) => d.cursor))
    await r.m.control(id, { type: 'decision', index: 4 })
    expect(r.m.sessionOf(id).stateHash()).toBe(
      freshHash(r, decisions.slice(0, 5), decisions[4]!.cursor),
    )

    const fork = await r.m.fork(id, 4)
    expect(fork.recovered).toBeUndefined()
    expect(fork.summary.commands).toBe(4)
    expect(fork.status.cursor).toBe(decisions[4]!.cursor)
    expect(r.m.sessionOf(fork.summary.id).stateHash()).toBe(
      freshHash(r, decisions.slice(0, 4), decisions[4]!.cursor),
    )
    // and it survives a restart
    await r.m.closeAll()
    const m2 = r.reopen()
    const again = await m2.openSession(fork.summary.id)
    expect(again.recovered).toBeUndefined()
    expect(again.summary.commands).toBe(4)
    expect(m2.sessionOf(fork.summary.id).stateHash()).toBe(
      freshHash(r, decisions.slice(0, 4), decisions[4]!.cursor),
    )
    // the fork's review starts before its first decision too
    const forkReview = await m2.openSession(fork.summary.id, 'review')
    expect(forkReview.status.cursor).toBeLessThanOrEqual(decisions[0]!.cursor)
    await m2.closeAll()
  })

  it('a what-if fork from the first decision of a rewound line stands right before it', async () => {
    const { r, id, decisions } = await rewoundSession()
    const fork = await r.m.fork(id, 0)
    expect(fork.recovered).toBeUndefined()
    expect(fork.summary.commands).toBe(0)
    expect(fork.status.cursor).toBe(decisions[0]!.cursor)
    await r.m.closeAll()
  })

  it('the session lists its branches: the line it started on and the one each rewind began', async () => {
    const { r, id, decisions } = await rewoundSession()
    const log = r.m.sessionOf(id).log
    expect(log.branches.map((b) => ({ from: b.from, parent: b.parent }))).toEqual([
      { from: log.header.startCursor, parent: null },
      { from: 1, parent: 0 },
    ])
    expect(log.branch).toBe(1)
    expect(log.commands.every((c) => c.branch === 1)).toBe(true)
    expect(log.setAside[0]!.commands.map((c) => c.branch)).toEqual([0, 0])
    expect(log.commands).toHaveLength(decisions.length)
    // playing the whole review reproduces the live line
    const live = r.m.sessionOf(id).stateHash()
    const liveCursor = r.m.sessionOf(id).cursor()
    await r.m.openSession(id, 'review')
    await drive(
      r.sched,
      r.m.control(id, { type: 'seek', t: r.m.sessionOf(id).tl.closes[liveCursor - 1]! }),
    )
    expect(r.m.sessionOf(id).stateHash()).toBe(live)
    await r.m.closeAll()
  })
})
