import * as fs from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ReplayFrame } from '../../../shared/contract'
import type { TradeCommand } from '../../../shared/trading/commands'
import { blindBoundary } from '../../../electron/host/blind-boundary'
import { drive, rig } from './helpers'

const buy = (q = '0.1'): TradeCommand => ({
  kind: 'placeOrder',
  symbol: 'BTCUSDT',
  side: 'BUY',
  positionSide: 'BOTH',
  type: 'MARKET',
  quantity: q,
})
const limit = (price: string): TradeCommand => ({
  kind: 'placeOrder',
  symbol: 'ETHUSDT',
  side: 'SELL',
  positionSide: 'BOTH',
  type: 'LIMIT',
  quantity: '1',
  price,
  timeInForce: 'GTC',
})

describe('session manager', () => {
  it('creates a session, takes commands, and a restart reopens it at the same state', async () => {
    const r = rig()
    const snap = await r.m.create({ scenarioId: 'synthetic', name: 'first' })
    const id = snap.summary.id
    expect(snap.status.cursor).toBeGreaterThan(0)
    await r.m.command(id, buy())
    await r.m.control(id, { sessionId: id, type: 'step', bars: 25 } as never)
    await r.m.command(id, limit('1510'))
    await r.m.control(id, { type: 'step', bars: 10 })
    const hash = r.m.sessionOf(id).stateHash()
    const cursor = r.m.sessionOf(id).cursor()
    await r.m.closeAll()

    const m2 = r.reopen()
    const again = await m2.openSession(id)
    expect(again.recovered).toBeUndefined()
    expect(again.status.cursor).toBe(cursor)
    expect(again.summary.commands).toBe(2)
    expect(m2.sessionOf(id).stateHash()).toBe(hash)
    expect(m2.list().map((s) => s.id)).toEqual([id])
  })

  it('opens a torn journal up to its last good record, says what was dropped and keeps a .corrupt copy', async () => {
    const r = rig()
    const { summary } = await r.m.create({ scenarioId: 'synthetic' })
    for (let i = 0; i < 4; i++) {
      await r.m.command(summary.id, buy())
      await r.m.control(summary.id, { type: 'step', bars: 3 })
    }
    await r.m.closeAll()
    const file = path.join(r.dataDir, 'sessions', summary.id, 'journal.log')
    const full = fs.readFileSync(file)
    fs.writeFileSync(file, full.subarray(0, full.length - 5))
    // all snapshots gone too: recovery must not depend on them
    fs.rmSync(path.join(r.dataDir, 'sessions', summary.id, 'snapshots'), {
      recursive: true,
      force: true,
    })

    const m2 = r.reopen()
    const snap = await m2.openSession(summary.id)
    expect(snap.recovered?.droppedRecords).toBe(1)
    expect(snap.recovered?.message).toMatch(/\.corrupt/)
    const files = fs.readdirSync(path.join(r.dataDir, 'sessions', summary.id))
    const corrupt = files.find((f) => f.endsWith('.corrupt'))!
    expect(fs.readFileSync(path.join(r.dataDir, 'sessions', summary.id, corrupt))).toEqual(
      full.subarray(0, full.length - 5),
    )
    expect(snap.summary.commands).toBe(4)
    // the session goes on cleanly after recovery
    await m2.command(summary.id, buy())
    await m2.closeAll()
    const m3 = r.reopen()
    const snap3 = await m3.openSession(summary.id)
    expect(snap3.recovered).toBeUndefined()
    expect(snap3.summary.commands).toBe(5)
  })

  it('a session whose header is unreadable is listed with a problem and opening it fails cleanly', async () => {
    const r = rig()
    const { summary } = await r.m.create({ scenarioId: 'synthetic' })
    await r.m.closeAll()
    const dir = path.join(r.dataDir, 'sessions', summary.id)
    fs.writeFileSync(path.join(dir, 'journal.log'), 'garbage\n')
    fs.rmSync(path.join(dir, 'meta.json'))
    const m2 = r.reopen()
    expect(m2.list()[0]!.problem).toBeTruthy()
    await expect(m2.openSession(summary.id)).rejects.toMatchObject({ code: 'CORRUPT_FILE' })
    expect(fs.readFileSync(path.join(dir, 'journal.log'), 'utf8')).toBe('garbage\n')
  })

  it('resume from a snapshot gives the same state hash as replaying from the start', async () => {
    const r = rig({ synth: { bars: 900 }, snapshotEveryBars: 100, snapshotEveryCommands: 3 })
    const { summary } = await r.m.create({ scenarioId: 'synthetic' })
    const id = summary.id
    for (let i = 0; i < 20; i++) {
      await r.m.command(
        id,
        i % 3 === 0 ? limit(String(1400 + i * 7)) : buy((0.01 * (i + 1)).toFixed(3)),
      )
      await r.m.control(id, { type: 'step', bars: 17 + i })
    }
    const hash = r.m.sessionOf(id).stateHash()
    const events = r.m.sessionOf(id).events.length
    await r.m.closeAll()
    const snaps = fs.readdirSync(path.join(r.dataDir, 'sessions', id, 'snapshots'))
    expect(snaps.length).toBeGreaterThan(0)

    const fromSnap = r.reopen()
    await fromSnap.openSession(id)
    expect(fromSnap.sessionOf(id).stateHash()).toBe(hash)
    expect(fromSnap.sessionOf(id).events.length).toBe(events)
    await fromSnap.closeAll()

    fs.rmSync(path.join(r.dataDir, 'sessions', id, 'snapshots'), { recursive: true })
    const fromStart = r.reopen()
    await fromStart.openSession(id)
    expect(fromStart.sessionOf(id).stateHash()).toBe(hash)
    expect(fromStart.sessionOf(id).events.length).toBe(events)
  })

  it('practice: rewind sets later commands aside and restore gives back the exact original session', async () => {
    const r = rig({ snapshotEveryBars: 50 })
    const { summary } = await r.m.create({ scenarioId: 'synthetic' })
    const id = summary.id
    const s = () => r.m.sessionOf(id)
    await r.m.command(id, buy())
    await r.m.control(id, { type: 'step', bars: 40 })
    const mid = s().time
    await r.m.command(id, limit('1490'))
    await r.m.control(id, { type: 'step', bars: 480 })
    await r.m.command(id, buy('0.3'))
    await r.m.control(id, { type: 'step', bars: 5 })
    const orig = {
      hash: s().stateHash(),
      cursor: s().cursor(),
      commands: structuredClone(s().log.commands),
    }

    const back = await r.m.rewind(id, mid - 60_000 * 5)
    expect(back.status.cursor).toBeLessThan(orig.cursor)
    expect(back.status.setAside).toBe(2)
    expect(back.summary.commands).toBe(1)
    // try something else on the rewound branch
    await r.m.command(id, buy('0.5'))
    await r.m.control(id, { type: 'step', bars: 10 })

    const restored = await r.m.restore(id)
    expect(restored.status.cursor).toBe(orig.cursor)
    expect(s().log.commands).toEqual(orig.commands)
    expect(s().stateHash()).toBe(orig.hash)
    // the alternative branch was set aside, not lost
    expect(restored.status.setAside).toBe(1)

    // and the journal alone reproduces all of it
    await r.m.closeAll()
    const m2 = r.reopen()
    await m2.openSession(id)
    expect(m2.sessionOf(id).stateHash()).toBe(orig.hash)
    expect(m2.sessionOf(id).log.commands).toEqual(orig.commands)
  })

  it('exam: forward only', async () => {
    const r = rig()
    const { summary } = await r.m.create({ scenarioId: 'synthetic', mode: 'exam' })
    await r.m.control(summary.id, { type: 'step', bars: 30 })
    await expect(r.m.rewind(summary.id, 0)).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(r.m.control(summary.id, { type: 'seek', t: 0 })).rejects.toMatchObject({
      code: 'CONFLICT',
    })
  })

  it('blind exam: names, dates and key moments are hidden until the end, commands still work through aliases', async () => {
    // the manager works on real data; the host's one boundary masks what crosses it
    const r = rig({ synth: { bars: 1200 } })
    const b = blindBoundary((sid) => r.m.maskOf(sid))
    const via = async <T>(method: string, req: object, fn: (req: never) => Promise<T>) =>
      b.response(method, req, await fn(b.request(method, req) as never)) as T
    const frames = () => r.frames.map((f) => b.push('replay:frame', f) as ReplayFrame)
    const snap = await via(
      'session:create',
      {},
      async () =>
        await r.m.create({
          scenarioId: 'synthetic',
          mode: 'exam',
          blind: true,
          settings: { instruments: { BTCUSDT: { takerFee: '0.0004' } } },
        }),
    )
    const id = snap.summary.id
    const text = JSON.stringify(snap)
    expect(text).not.toMatch(/BTC|ETH|Synthetic walk|2022/)
    expect(snap.scenario.keyMoments).toEqual([])
    expect(new Date(snap.scenario.start).toISOString()).toBe('2000-01-03T00:00:00.000Z')
    const alias = snap.scenario.symbols[0]!.symbol
    expect(alias).toMatch(/^COIN[AB]USDT$/)
    const command = { ...(buy() as Extract<TradeCommand, { kind: 'placeOrder' }>), symbol: alias }
    const ack = await via(
      'session:command',
      { sessionId: id, command },
      (q: { command: TradeCommand }) => r.m.command(id, q.command),
    )
    expect(ack.accepted).toBe(true)
    expect(JSON.stringify(ack)).not.toMatch(/BTC|ETH/)
    type CReq = { symbol: string; timeframe: '5m' | '1m' }
    const candles = (symbol: string, timeframe: CReq['timeframe']) =>
      via('session:candles', { sessionId: id, symbol, timeframe }, (q: CReq) =>
        r.m.candles(id, q.symbol, q.timeframe),
      )
    const set = await candles(alias, '5m')
    expect(set.symbol).toBe(alias)
    expect(set.bars[0]!.t).toBeLessThan(Date.UTC(2001, 0, 1))
    await expect(candles('BTCUSDT', '1m')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await r.m.control(id, { type: 'step', bars: 20 })
    expect(JSON.stringify(frames())).not.toMatch(/BTC|ETH|"t":16/)
    // the funding schedule is masked like the candles: shifted times, aliased symbols
    await r.m.control(id, { type: 'step', bars: 480 })
    const later = await candles(alias, '5m')
    expect(later.funding!.length).toBeGreaterThan(0)
    for (const p of later.funding!) expect(p.t).toBeLessThan(Date.UTC(2001, 0, 1))
    expect(later.nextFundingTime).toBeLessThan(Date.UTC(2001, 0, 1))
    const masked = frames()
    expect(JSON.stringify(masked)).not.toMatch(/BTC|ETH|"t":16|"nextFundingTime":16/)
    const fn = masked.at(-1)!.funding!
    expect(fn.map((f) => f.symbol).sort()).toEqual(
      snap.scenario.symbols.map((s) => s.symbol).sort(),
    )
    for (const f of fn) {
      expect(f.settled!.t).toBeLessThanOrEqual(masked.at(-1)!.status.t)
      expect(f.nextFundingTime).toBeGreaterThan(masked.at(-1)!.status.t)
    }
    await expect(r.m.decisions(id)).rejects.toMatchObject({ code: 'CONFLICT' })
    // playing to the last bar lifts the mask; that frame tells the client to reload
    await drive(r.sched, r.m.control(id, { type: 'seek', t: 4_000_000_000_000 }))
    const last = b.push('replay:frame', r.frames.at(-1)!) as ReplayFrame
    expect(last.status.atEnd).toBe(true)
    expect(last.reload).toBe(true)
    expect(JSON.stringify(last.bars)).toMatch(/BTCUSDT/)
    expect(r.m.maskOf(id)).toBeNull()
    const done = await r.m.finish(id)
    expect(done.scenario.title).toBe('Synthetic walk')
    expect(JSON.stringify(done)).toMatch(/BTCUSDT/)
    expect((await r.m.decisions(id))[0]!.command).toMatchObject({ symbol: 'BTCUSDT' })
  })

  it('review steps decision by decision and refuses new commands; a what-if fork shares what came before', async () => {
    const r = rig()
    const { summary } = await r.m.create({ scenarioId: 'synthetic' })
    const id = summary.id
    for (let i = 0; i < 3; i++) {
      await r.m.command(id, buy((0.1 * (i + 1)).toFixed(3)))
      await r.m.control(id, { type: 'step', bars: 10 })
    }
    const live = { hash: r.m.sessionOf(id).stateHash(), cursor: r.m.sessionOf(id).cursor() }
    const rev = await r.m.openSession(id, 'review')
    expect(rev.status.cursor).toBe(rev.status.cursor)
    const decisions = await r.m.decisions(id)
    expect(decisions).toHaveLength(3)
    await expect(r.m.command(id, buy())).rejects.toMatchObject({ code: 'CONFLICT' })
    await r.m.control(id, { type: 'decision', index: 1 })
    expect(r.m.sessionOf(id).applied).toBe(2)
    expect(r.m.sessionOf(id).cursor()).toBe(decisions[1]!.cursor)
    const atOne = r.m.sessionOf(id).stateHash()
    await r.m.control(id, { type: 'decision', index: 2 })
    await r.m.control(id, { type: 'decision', index: 1 })
    expect(r.m.sessionOf(id).stateHash()).toBe(atOne)
    await r.m.control(id, { type: 'decision', index: 0 })
    expect(r.m.sessionOf(id).applied).toBe(1)
    // playing the review to where the live session stood reproduces it
    await drive(
      r.sched,
      r.m.control(id, { type: 'seek', t: r.m.sessionOf(id).tl.closes[live.cursor - 1]! }),
    )
    expect(r.m.sessionOf(id).stateHash()).toBe(live.hash)

    const fork = await r.m.fork(id, 2)
    expect(fork.summary.forkedFrom).toEqual({ sessionId: id, commandIndex: 2 })
    expect(fork.summary.commands).toBe(2)
    expect(fork.status.cursor).toBe(decisions[2]!.cursor)
    await r.m.command(fork.summary.id, limit('1400'))
    expect(r.m.list()).toHaveLength(2)
  })

  it('review marks the commands the engine refused with their code and reason (issue 13.7)', async () => {
    const r = rig()
    const { summary } = await r.m.create({ scenarioId: 'synthetic' })
    const id = summary.id
    await r.m.command(id, buy('0.1'))
    await r.m.control(id, { type: 'step', bars: 5 })
    // cross margin: removing margin is refused (-4046: isolated positions only)
    const removal: TradeCommand = {
      kind: 'adjustMargin',
      symbol: 'BTCUSDT',
      positionSide: 'BOTH',
      action: 'REMOVE',
      amount: '2000',
    }
    const refused = await r.m.command(id, removal)
    await r.m.command(id, { kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 5 })
    await r.m.control(id, { type: 'step', bars: 5 })
    await r.m.command(id, buy('0.1')) // the same command as the first, taken again
    const live = refused.events.find((e) => e.type === 'commandRejected')
    expect(live).toBeDefined()
    await r.m.openSession(id, 'review')
    const decisions = await r.m.decisions(id)
    expect(decisions.map((d) => d.command.kind)).toEqual([
      'placeOrder',
      'adjustMargin',
      'setLeverage',
      'placeOrder',
    ])
    expect(live!.type === 'commandRejected' && live!.rejection.code).toBe(-4046)
    expect(decisions.map((d) => d.rejection?.code ?? null)).toEqual([null, -4046, null, null])
    expect(decisions[1]!.rejection!.message.length).toBeGreaterThan(5)
  })

  it('rename, duplicate, export, import and delete', async () => {
    const r = rig()
    const { summary } = await r.m.create({ scenarioId: 'synthetic', name: 'a' })
    const id = summary.id
    await r.m.command(id, buy())
    await r.m.control(id, { type: 'step', bars: 12 })
    expect((await r.m.rename(id, 'renamed')).name).toBe('renamed')
    const dup = await r.m.duplicate(id)
    expect(dup.name).toBe('renamed (copy)')
    expect(dup.commands).toBe(1)
    const exp = await r.m.exportSession(id)
    expect(exp.fileName).toBe('renamed.perpdojo-session')
    const imp = await r.m.importSession(exp.content)
    expect(imp.name).toBe('renamed')
    expect(imp.commands).toBe(1)
    await expect(
      r.m.importSession(exp.content.replace('BTCUSDT', 'BTCUSDX')),
    ).rejects.toMatchObject({
      code: 'CORRUPT_FILE',
    })
    expect(r.m.list()).toHaveLength(3)
    await r.m.remove(dup.id)
    expect(
      r.m
        .list()
        .map((s) => s.id)
        .sort(),
    ).toEqual([id, imp.id].sort())
    // renaming a closed session works too and survives a restart
    await r.m.closeAll()
    await r.m.rename(imp.id, 'imported')
    const m2 = r.reopen()
    expect((await m2.openSession(imp.id)).summary.name).toBe('imported')
  })

  it('concurrent calls on a closed session open it once', async () => {
    const r = rig()
    const { summary } = await r.m.create({ scenarioId: 'synthetic' })
    await r.m.closeAll()
    const m2 = r.reopen()
    const [a, b, ack] = await Promise.all([
      m2.openSession(summary.id),
      m2.openSession(summary.id),
      m2.command(summary.id, buy()),
    ])
    expect(a.summary.id).toBe(b.summary.id)
    expect(ack.accepted).toBe(true)
    await m2.closeAll()
    const m3 = r.reopen()
    const again = await m3.openSession(summary.id)
    expect(again.summary.commands).toBe(1)
    expect(again.recovered).toBeUndefined()
  })
})
