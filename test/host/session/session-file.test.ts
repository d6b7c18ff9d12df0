/**
 * Issue 13 item 9: a session file carries the whole session. Through the host dispatcher (what
 * the desk and Electron call) on ftx-2022-11: a session with a journal note and tags, price and
 * margin alerts, guardrail hits and track, and drawings → export → delete → import: all of it
 * back under the new id, and nothing of the deleted session left in the data folder. A hostile
 * or damaged coach part imports nothing; a file exported before the coach part existed (a
 * real one, written by the host before this change) still imports; duplicate and fork.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Host } from '../../../electron/host/host'
import { crc32Hex } from '../../../electron/host/session/journal'
import type {
  CommandAck,
  HostErrorPayload,
  SessionSnapshot,
  SessionSummary,
} from '../../../shared/contract'
import type {
  AlertState,
  Drawing,
  GuardrailHit,
  SessionReport,
} from '../../../shared/contract/coach'
import type { TradeCommand } from '../../../shared/trading/commands'
import { call, hostRig } from './host-support'
import { tempDir } from './support'

const OLD_FILE = path.join(__dirname, 'fixtures', 'old-format.perpdojo-session')
const { host, closeAll } = hostRig()
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function refused(h: Host, method: string, payload: unknown): Promise<HostErrorPayload> {
  const r = await h.dispatch(method, payload)
  if (r.ok) throw new Error(`${method} was accepted`)
  return r.error
}

const order = (side: 'BUY' | 'SELL', extra: Partial<TradeCommand> = {}): TradeCommand =>
  ({
    kind: 'placeOrder',
    symbol: 'BTCUSDT',
    side,
    positionSide: 'BOTH',
    type: 'MARKET',
    quantity: '0.1',
    ...extra,
  }) as TradeCommand

const coachFile = (dataDir: string, id: string) =>
  path.join(dataDir, 'coach', 'sessions', `${id}.json`)
const coachFiles = (dataDir: string) => {
  const dir = path.join(dataDir, 'coach', 'sessions')
  return existsSync(dir) ? readdirSync(dir).sort() : []
}
const sessionDirs = (dataDir: string) => readdirSync(path.join(dataDir, 'sessions')).sort()

/** Everything the coach shows for a session, through the contract. */
async function coachView(h: Host, sessionId: string) {
  await call(h, 'session:open', { sessionId })
  const report = await call<SessionReport>(h, 'coach:report', { sessionId })
  return {
    journal: report.trades.map((t) => ({ id: t.id, journal: t.journal })),
    tags: report.tags,
    alerts: await call<AlertState[]>(h, 'alerts:list', { sessionId }),
    hits: await call<GuardrailHit[]>(h, 'coach:hits', { sessionId }),
    drawings: await call<Drawing[]>(h, 'drawings:list', { sessionId }),
  }
}

/** A played FTX session with every kind of coach data; returns its id. */
async function richSession(h: Host): Promise<string> {
  const snap = await call<SessionSnapshot>(h, 'session:create', {
    scenarioId: 'ftx-2022-11',
    name: 'Carried whole',
  })
  const sessionId = snap.summary.id
  const cmd = (command: TradeCommand) =>
    call<CommandAck>(h, 'session:command', { sessionId, command })
  expect((await cmd(order('BUY'))).accepted).toBe(true)
  await call(h, 'replay:control', { sessionId, action: { type: 'step', bars: 5 } })
  expect((await cmd(order('SELL', { reduceOnly: true }))).accepted).toBe(true)
  // the coach's leverage cap (20x) refuses 50x: a guardrail hit
  const lev = await cmd({ kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 50 })
  expect(lev.rejection?.code).toBe(-9001)
  await call(h, 'replay:control', { sessionId, action: { type: 'step', bars: 3 } })
  const report = await call<SessionReport>(h, 'coach:report', { sessionId })
  expect(report.trades).toHaveLength(1)
  await call(h, 'coach:journal', {
    sessionId,
    tradeId: report.trades[0]!.id,
    note: 'Took the bounce, out before the next leg. «Plan» kept — 100 %.',
    tags: ['plan followed', 'FOMO'],
  })
  await call(h, 'alerts:set', {
    sessionId,
    alert: {
      id: 'eth-floor',
      kind: 'price',
      symbol: 'ETHUSDT',
      price: '1000.5',
      direction: 'below',
      source: 'mark',
      pause: true,
      note: 'ETH floor',
    },
  })
  await call(h, 'alerts:set', {
    sessionId,
    alert: { id: 'mr', kind: 'marginRatio', threshold: '50', scope: 'account', pause: false },
  })
  const t = snap.status.t
  await call(h, 'drawings:save', {
    sessionId,
    symbol: 'BTCUSDT',
    drawings: [
      { id: 'd1', kind: 'hline', symbol: 'BTCUSDT', points: [{ t, price: '20000.5' }] },
      {
        id: 'd2',
        kind: 'trend',
        symbol: 'BTCUSDT',
        points: [
          { t: t - 3_600_000, price: '20500' },
          { t, price: '20100.1' },
        ],
      },
    ],
  })
  await call(h, 'drawings:save', {
    sessionId,
    symbol: 'SOLUSDT',
    drawings: [{ id: 's1', kind: 'hline', symbol: 'SOLUSDT', points: [{ t, price: '31.25' }] }],
  })
  return sessionId
}

/** Replace an export's last (coach) line with `json`, under its right checksum. */
function lastLine(content: string, json: (old: string) => string): string {
  const start = content.lastIndexOf('\n', content.length - 2) + 1
  const text = json(content.slice(start + 9, -1))
  return `${content.slice(0, start)}${crc32Hex(Buffer.from(text, 'utf8'))} ${text}\n`
}

/** Rewrite an export's coach line with `mutate` applied to its data, checksum recomputed. */
function withCoach(content: string, mutate: (data: Record<string, unknown>) => void): string {
  return lastLine(content, (old) => {
    const line = JSON.parse(old) as { type: string; data: never }
    mutate(line.data)
    return JSON.stringify(line)
  })
}

describe('session file: the session and its coach data travel together (issue 13.9)', () => {
  it('export → delete → import brings back notes, tags, alerts, guardrail hits and track, drawings; the deleted session leaves nothing behind', async () => {
    const dataDir = tempDir()
    dirs.push(dataDir)
    const h = host(dataDir)
    const id = await richSession(h)
    const before = await coachView(h, id)
    const snapBefore = await call<SessionSnapshot>(h, 'session:open', { sessionId: id })
    expect(before.journal[0]!.journal?.tags).toEqual(['plan followed', 'FOMO'])
    expect(before.alerts.map((a) => a.spec.id)).toEqual(['eth-floor', 'mr'])
    expect(before.hits.map((x) => [x.rule, x.severity])).toEqual([['maxLeverage', 'block']])
    expect(before.drawings.map((d) => d.id)).toEqual(['d1', 'd2', 's1'])

    const exported = await call<{ fileName: string; content: string }>(h, 'session:export', {
      sessionId: id,
    })
    expect(exported.fileName).toBe('carried-whole.perpdojo-session')
    // the journal, byte for byte, then one checksummed coach line
    const lines = exported.content.trimEnd().split('\n')
    expect(lines.at(-1)).toMatch(/^[0-9a-f]{8} \{"type":"coach","data":\{"format":"perpdojo-coach"/)
    expect(
      exported.content.startsWith(
        readFileSync(path.join(dataDir, 'sessions', id, 'journal.log'), 'utf8').replace(/\0+$/, ''),
      ),
    ).toBe(true)
    const track = (JSON.parse(readFileSync(coachFile(dataDir, id), 'utf8')) as { track: unknown })
      .track
    expect(track).toMatchObject({ t: expect.any(Number), track: { startEquity: '10000' } })

    await call(h, 'session:delete', { sessionId: id })
    expect(existsSync(coachFile(dataDir, id))).toBe(false)
    expect(existsSync(path.join(dataDir, 'sessions', id))).toBe(false)
    expect(coachFiles(dataDir)).toEqual([])

    const imported = await call<SessionSummary>(h, 'session:import', { content: exported.content })
    expect(imported.id).not.toBe(id)
    expect(imported.commands).toBe(2) // the refused 50x never reached the journal
    const snap = await call<SessionSnapshot>(h, 'session:open', { sessionId: imported.id })
    expect(snap.status.t).toBe(snapBefore.status.t)
    expect(snap.account).toEqual(snapBefore.account)
    expect(await coachView(h, imported.id)).toEqual(before)
    const saved = JSON.parse(readFileSync(coachFile(dataDir, imported.id), 'utf8')) as {
      track: unknown
    }
    expect(saved.track).toEqual(track)
    // only the imported session's coach file, and still none for the deleted id after a restart
    // (closing the host saves the track of every session the coach holds)
    expect(coachFiles(dataDir)).toEqual([`${imported.id}.json`])
    await closeAll()
    expect(coachFiles(dataDir)).toEqual([`${imported.id}.json`])
    const h2 = host(dataDir)
    expect(await coachView(h2, imported.id)).toEqual(before)
  })

  it('a hostile or damaged coach part: a clear CORRUPT_FILE, nothing imported, nothing written', async () => {
    const dataDir = tempDir()
    dirs.push(dataDir)
    const h = host(dataDir)
    const id = await richSession(h)
    const good = (await call<{ content: string }>(h, 'session:export', { sessionId: id })).content
    const files = coachFiles(dataDir)
    const sessions = sessionDirs(dataDir)
    const set = (k: string, v: unknown) => (d: Record<string, unknown>) => void (d[k] = v)
    const first = (k: string, patch: Record<string, unknown>) => (d: Record<string, unknown>) =>
      void Object.assign((d[k] as Record<string, unknown>[])[0]!, patch)
    const cases: [string, string, RegExp][] = [
      ['flipped byte', good.replace('Took the bounce', 'Took the bounds'), /checksum/],
      ['torn coach line', good.slice(0, -2), /cut off|damaged/],
      ['not JSON', lastLine(good, (old) => old.slice(0, -1)), /not JSON/],
      ['no data', lastLine(good, () => '{"type":"coach","more":1}'), /type and data/],
      ['newer version', withCoach(good, set('version', 99)), /version/],
      ['unknown field', withCoach(good, set('script', '<script>')), /script/],
      ['journal not a list', withCoach(good, set('journal', 'notes')), /journal/],
      ['note too long', withCoach(good, first('journal', { note: 'x'.repeat(4001) })), /note/],
      ['unknown tag', withCoach(good, first('journal', { tags: ['YOLO'] })), /tags/],
      ['tag twice', withCoach(good, first('journal', { tags: ['FOMO', 'FOMO'] })), /twice/],
      ['bad date', withCoach(good, first('journal', { updatedAt: 'yesterday' })), /updatedAt/],
      [
        'alert on a symbol the session does not have',
        withCoach(good, (d) => {
          ;(d.alerts as { spec: { symbol: string } }[])[0]!.spec.symbol = 'LUNAUSDT'
        }),
        /LUNAUSDT/,
      ],
      [
        'alert price not a decimal',
        withCoach(good, (d) => {
          ;(d.alerts as { spec: { price: string } }[])[0]!.spec.price = '1e9'
        }),
        /alerts/,
      ],
      ['alert armed not a boolean', withCoach(good, first('alerts', { armed: 'yes' })), /armed/],
      [
        'two alerts with one id',
        withCoach(good, (d) => void (d.alerts as unknown[]).push((d.alerts as unknown[])[0])),
        /eth-floor/,
      ],
      ['unknown guardrail rule', withCoach(good, first('hits', { rule: 'yolo' })), /rule/],
      ['hit time negative', withCoach(good, first('hits', { t: -1 })), /hits/],
      [
        'track equity not a decimal',
        withCoach(good, (d) => {
          ;(d.track as { track: { peakEquity: string } }).track.peakEquity = 'lots'
        }),
        /peakEquity/,
      ],
      [
        'drawing price at zero',
        withCoach(good, first('drawings', { points: [{ t: 1, price: '0' }] })),
        /above zero/,
      ],
      [
        'drawing on a symbol the session does not have',
        withCoach(good, first('drawings', { symbol: 'FOOUSDT' })),
        /FOOUSDT/,
      ],
      [
        '101 drawings on one symbol',
        withCoach(good, (d) => {
          const one = (d.drawings as Drawing[])[0]!
          d.drawings = Array.from({ length: 101 }, (_, i) => ({ ...one, id: `h${i}` }))
        }),
        /at most 100/,
      ],
      [
        'prototype key',
        lastLine(good, (old) => old.replace('"data":{', '"data":{"__proto__":{"x":1},')),
        /__proto__/,
      ],
    ]
    for (const [what, content, why] of cases) {
      expect(content, what).not.toBe(good)
      const err = await refused(h, 'session:import', { content })
      expect(err.code, what).toBe('CORRUPT_FILE')
      expect(err.message, what).toMatch(/coach part .* damaged; nothing was imported/)
      expect((err.details ?? []).join(' '), what).toMatch(why)
      expect(coachFiles(dataDir), what).toEqual(files)
      expect(sessionDirs(dataDir), what).toEqual(sessions)
    }
    // a damaged journal with a good coach part imports nothing either
    const badJournal = withCoach(good.replace('"quantity":"0.1"', '"quantity":"0.2"'), () => {})
    expect((await refused(h, 'session:import', { content: badJournal })).code).toBe('CORRUPT_FILE')
    // a coach part that cannot be written takes the new journal with it
    rmSync(path.join(dataDir, 'coach', 'sessions'), { recursive: true })
    writeFileSync(path.join(dataDir, 'coach', 'sessions'), 'in the way')
    const err = await refused(h, 'session:import', { content: good })
    expect(err.code).toBe('IMPORT_FAILED')
    expect(err.message).toMatch(/nothing was imported/)
    expect(sessionDirs(dataDir)).toEqual(sessions)
    rmSync(path.join(dataDir, 'coach', 'sessions'))
    // the untouched file imports
    const ok = await call<SessionSummary>(h, 'session:import', { content: good })
    expect(sessionDirs(dataDir)).toEqual([...sessions, ok.id].sort())
  })

  it('a file exported before the coach part existed still imports (a real old export)', async () => {
    const dataDir = tempDir()
    dirs.push(dataDir)
    const h = host(dataDir)
    const content = readFileSync(OLD_FILE, 'utf8')
    expect(content).not.toContain('"type":"coach"')
    const imported = await call<SessionSummary>(h, 'session:import', { content })
    expect(imported).toMatchObject({ name: 'Old format fixture', commands: 1 })
    const snap = await call<SessionSnapshot>(h, 'session:open', { sessionId: imported.id })
    expect(snap.account.positions.find((p) => p.symbol === 'BTCUSDT')?.size).toBe('0.1')
    expect(snap.status.cursor).toBe(1446)
    expect(await coachView(h, imported.id)).toMatchObject({ alerts: [], hits: [], drawings: [] })
    // exported again, it now carries a coach part, and imports again
    const again = await call<{ content: string }>(h, 'session:export', { sessionId: imported.id })
    expect(again.content.startsWith(content)).toBe(true)
    expect(again.content).toContain('{"type":"coach"')
    expect(
      (await call<SessionSummary>(h, 'session:import', { content: again.content })).commands,
    ).toBe(1)
  })

  it('duplicate copies all the coach data; a what-if fork keeps drawings and alerts (armed again) only', async () => {
    const dataDir = tempDir()
    dirs.push(dataDir)
    const h = host(dataDir)
    const id = await richSession(h)
    const before = await coachView(h, id)
    const dup = await call<SessionSummary>(h, 'session:duplicate', { sessionId: id })
    expect(await coachView(h, dup.id)).toEqual(before)
    const fork = await call<SessionSnapshot>(h, 'session:fork', { sessionId: id, commandIndex: 1 })
    const forked = await coachView(h, fork.summary.id)
    expect(forked.drawings).toEqual(before.drawings)
    expect(forked.alerts).toEqual(before.alerts.map((a) => ({ spec: a.spec, armed: true })))
    expect(forked.hits).toEqual([])
    expect(forked.journal.every((t) => t.journal === undefined)).toBe(true)
    // the source is untouched; deleting the duplicate removes its file only
    await call(h, 'session:delete', { sessionId: dup.id })
    expect(existsSync(coachFile(dataDir, dup.id))).toBe(false)
    expect(await coachView(h, id)).toEqual(before)
  })

  it('a coach file left behind by a delete before this change is swept when the host starts', async () => {
    const dataDir = tempDir()
    dirs.push(dataDir)
    const h = host(dataDir)
    const id = await richSession(h)
    await closeAll()
    // what deleting a session used to leave: its coach file, with no session folder
    const stray = coachFile(dataDir, 's20240101-0badc0de')
    mkdirSync(path.dirname(stray), { recursive: true })
    writeFileSync(stray, readFileSync(coachFile(dataDir, id)))
    const before = coachFiles(dataDir)
    expect(before).toEqual([`${id}.json`, 's20240101-0badc0de.json'].sort())
    const h2 = host(dataDir)
    await vi.waitFor(() => expect(existsSync(stray)).toBe(false), { timeout: 15_000 })
    expect(coachFiles(dataDir)).toEqual([`${id}.json`])
    expect((await coachView(h2, id)).alerts).toHaveLength(2)
  })

  it("exported while open for review, the file holds the session's guardrail track, not the review's", async () => {
    const dataDir = tempDir()
    dirs.push(dataDir)
    const h = host(dataDir)
    const id = await richSession(h)
    const trackOf = (content: string) =>
      (JSON.parse(content.trimEnd().split('\n').at(-1)!.slice(9)) as { data: { track: unknown } })
        .data.track
    const live = trackOf(
      (await call<{ content: string }>(h, 'session:export', { sessionId: id })).content,
    )
    expect(live).toMatchObject({ t: expect.any(Number) })
    await call(h, 'session:open', { sessionId: id, mode: 'review' })
    // review folds from the start: the coach sees earlier replay times and rewinds its track
    await call(h, 'replay:control', { sessionId: id, action: { type: 'step', bars: 2 } })
    const inReview = await call<{ content: string }>(h, 'session:export', { sessionId: id })
    expect(trackOf(inReview.content)).toEqual(live)
  })

  it('a review never writes the coach data: closed while open for review, the session keeps its own track, hits and alerts', async () => {
    const dataDir = tempDir()
    dirs.push(dataDir)
    const h = host(dataDir)
    const id = await richSession(h)
    const coachLine = (content: string) =>
      JSON.parse(content.trimEnd().split('\n').at(-1)!.slice(9)) as {
        data: { track: unknown; hits: unknown; alerts: unknown }
      }
    const live = coachLine(
      (await call<{ content: string }>(h, 'session:export', { sessionId: id })).content,
    ).data
    await call(h, 'session:open', { sessionId: id, mode: 'review' })
    // review folds from the start and plays again: the coach sees earlier replay times
    await call(h, 'replay:control', { sessionId: id, action: { type: 'step', bars: 2 } })
    await closeAll() // the host closes with the session still open for review
    const h2 = host(dataDir)
    const after = coachLine(
      (await call<{ content: string }>(h2, 'session:export', { sessionId: id })).content,
    ).data
    expect(after.track).toEqual(live.track)
    expect(after.hits).toEqual(live.hits)
    expect(after.alerts).toEqual(live.alerts)
  })
})
