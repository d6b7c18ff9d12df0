/**
 * Issue 11 items 8 and 9: damaged sessions are not shown as healthy. meta.json is a cache
 * checked against the journal (a tampered meta, a zeroed or shortened journal give a
 * `problem` row), a zeroed tail opens as a damaged tail with a .corrupt copy, a journal that
 * is a folder or cannot be written gets a clear message (not INTERNAL), and what an
 * interrupted create left behind (folder without journal, .tmp files) is swept.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SessionStore, sessionFileError } from '../../../electron/host/session/store'
import { readJournalFile } from '../../../electron/host/session/journal'
import type { TradeCommand } from '../../../shared/trading/commands'
import { rig, type Rig } from './helpers'

const buy: TradeCommand = {
  kind: 'placeOrder',
  symbol: 'BTCUSDT',
  side: 'BUY',
  positionSide: 'BOTH',
  type: 'MARKET',
  quantity: '0.01',
}

const rigs: Rig[] = []
afterEach(async () => {
  for (const r of rigs.splice(0)) {
    await r.m.closeAll()
    fs.rmSync(r.dataDir, { recursive: true, force: true })
  }
})

/** A closed session with `n` commands; returns the rig and the session's files. */
async function closedSession(n: number) {
  const r = rig()
  rigs.push(r)
  const { summary } = await r.m.create({ scenarioId: 'synthetic' })
  for (let i = 0; i < n; i++) {
    await r.m.command(summary.id, buy)
    await r.m.control(summary.id, { type: 'step', bars: 2 })
  }
  await r.m.closeAll()
  const dir = path.join(r.dataDir, 'sessions', summary.id)
  return {
    r,
    id: summary.id,
    journal: path.join(dir, 'journal.log'),
    meta: path.join(dir, 'meta.json'),
  }
}

describe('meta.json is checked against the journal', () => {
  it('an untouched session lists from its meta, healthy', async () => {
    const { r, id } = await closedSession(3)
    const row = r
      .reopen()
      .list()
      .find((s) => s.id === id)!
    expect(row.problem).toBeUndefined()
    expect(row.commands).toBe(3)
  })

  it('a tampered meta.json (−5 commands, 999,999,999 equity) is a problem row', async () => {
    const { r, id, meta } = await closedSession(2)
    const m = JSON.parse(fs.readFileSync(meta, 'utf8'))
    fs.writeFileSync(meta, JSON.stringify({ ...m, commands: -5, equity: '999999999' }))
    let row = r
      .reopen()
      .list()
      .find((s) => s.id === id)!
    expect(row.problem).toMatch(/changed outside PerpDojo/)
    expect(row.commands).toBe(2) // from the journal
    expect(row.equity).not.toBe('999999999')
    // a plausible-looking edit is caught by the checksum too
    fs.writeFileSync(meta, JSON.stringify({ ...m, equity: '999999999' }))
    row = r
      .reopen()
      .list()
      .find((s) => s.id === id)!
    expect(row.problem).toMatch(/changed outside PerpDojo/)
  })

  it('a journal whose tail was zeroed lists as damaged and opens with a .corrupt copy', async () => {
    const { r, id, journal } = await closedSession(4)
    const full = readJournalFile(journal)
    const bytes = fs.readFileSync(journal)
    bytes.fill(0, full.ends[full.ends.length - 3]!) // zero the last two records
    fs.writeFileSync(journal, bytes)
    const m = r.reopen()
    const row = m.list().find((s) => s.id === id)!
    expect(row.problem).toBeTruthy()
    const snap = await m.openSession(id)
    expect(snap.recovered?.message).toMatch(/zeroed/)
    expect(fs.readdirSync(path.dirname(journal)).some((f) => f.endsWith('.corrupt'))).toBe(true)
    await m.closeAll()
  })

  it('a fully zeroed journal is a problem row, not a healthy session', async () => {
    const { r, id, journal } = await closedSession(2)
    fs.writeFileSync(journal, Buffer.alloc(fs.statSync(journal).size))
    const row = r
      .reopen()
      .list()
      .find((s) => s.id === id)!
    expect(row.problem).toBeTruthy()
  })
})

describe('journal that cannot be used', () => {
  it('a journal that is a folder: a clear CORRUPT_FILE message, not INTERNAL', async () => {
    const { r, id, journal } = await closedSession(1)
    fs.rmSync(journal)
    fs.mkdirSync(journal)
    const m = r.reopen()
    await expect(m.openSession(id)).rejects.toMatchObject({
      code: 'CORRUPT_FILE',
      message: expect.stringMatching(/is a folder, not a session file/),
    })
    expect(m.list().find((s) => s.id === id)?.problem).toBeTruthy()
  })

  it('a read-only journal or disk: a clear message (errno mapped)', () => {
    // Tests run as root here, where chmod cannot make a file read-only: the mapping itself.
    for (const [code, text] of [
      ['EACCES', /permission denied/],
      ['EROFS', /read-only disk/],
      ['ENOSPC', /disk is full/],
    ] as const) {
      const err = sessionFileError(
        Object.assign(new Error('x'), { code }),
        '/x/journal.log',
        'write to',
      )
      expect(err).toMatchObject({ code: 'CORRUPT_FILE', message: expect.stringMatching(text) })
    }
  })
})

describe('interrupted creates leave nothing behind (item 9)', () => {
  it('a create that fails removes its folder', () => {
    const r = rig()
    rigs.push(r)
    const store = new SessionStore(r.dataDir)
    const bad = { type: 'rename', name: 1n } as never // JSON.stringify throws mid-create
    expect(() => store.createJournal('s-orphan', [bad])).toThrow()
    expect(fs.existsSync(store.dir('s-orphan'))).toBe(false)
  })

  it('orphan folders and .tmp files are swept when the manager starts', async () => {
    const { r, id } = await closedSession(1)
    const root = path.join(r.dataDir, 'sessions')
    fs.mkdirSync(path.join(root, 's-orphan'))
    fs.writeFileSync(path.join(root, 's-orphan', 'journal.log.tmp'), '')
    fs.writeFileSync(path.join(root, id, 'meta.json.tmp'), '')
    const m = r.reopen()
    expect(fs.existsSync(path.join(root, 's-orphan'))).toBe(false)
    expect(fs.existsSync(path.join(root, id, 'meta.json.tmp'))).toBe(false)
    expect(m.list().map((s) => s.id)).toEqual([id])
  })
})
