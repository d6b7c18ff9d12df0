import * as fs from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  JournalWriter,
  encodeRecord,
  readJournalBuffer,
  readJournalFile,
} from '../../../electron/host/session/journal'
import type { NewRecord } from '../../../electron/host/session/records'
import { DEFAULT_ENGINE_SETTINGS } from '../../../shared/trading/settings'
import { tempDir } from './support'

const header: NewRecord = {
  type: 'header',
  format: 'perpdojo-session',
  version: 1,
  scenarioId: 'synthetic',
  mode: 'practice',
  blind: false,
  settings: DEFAULT_ENGINE_SETTINGS,
  createdAt: '2026-01-01T00:00:00.000Z',
  name: 'test',
  startCursor: 1,
}
const cmd = (cursor: number): NewRecord => ({
  type: 'cmd',
  cursor,
  t: cursor * 60_000,
  command: { kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 10 },
})

function journalWith(n: number): string {
  const file = path.join(tempDir(), 'journal.log')
  const w = JournalWriter.create(file, [header])
  for (let i = 0; i < n; i++) w.append(cmd(i + 1))
  w.close()
  return file
}

describe('session journal', () => {
  it('reads back every appended record in order', () => {
    const read = readJournalFile(journalWith(5))
    expect(read.problem).toBeUndefined()
    expect(read.records.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4, 5])
    expect(read.goodBytes).toBe(read.totalBytes)
  })

  it('detects a torn last record (no line end) and keeps the good prefix', () => {
    const file = journalWith(3)
    const full = fs.readFileSync(file)
    fs.writeFileSync(file, full.subarray(0, full.length - 7))
    const read = readJournalFile(file)
    expect(read.records).toHaveLength(3)
    expect(read.droppedRecords).toBe(1)
    expect(read.problem).toMatch(/torn/)
  })

  it('stops at a flipped byte in the middle and counts what follows as dropped', () => {
    const file = journalWith(4)
    const buf = fs.readFileSync(file)
    const read0 = readJournalBuffer(buf)
    const at = read0.ends[1]! + 20 // inside record 3 (seq 2)
    buf[at] = buf[at]! ^ 0x20
    const read = readJournalBuffer(buf)
    expect(read.records).toHaveLength(2)
    expect(read.droppedRecords).toBe(3)
    expect(read.problem).toMatch(/checksum/)
  })

  it('rejects a record whose checksum is right but whose seq is out of order', () => {
    const a = encodeRecord({ ...header, seq: 0 } as never)
    const b = encodeRecord({ ...cmd(1), seq: 5 } as never)
    const read = readJournalBuffer(Buffer.concat([a, b]))
    expect(read.records).toHaveLength(1)
    expect(read.problem).toMatch(/sequence/)
  })

  it('rejects a well-formed line holding an invalid command', () => {
    const a = encodeRecord({ ...header, seq: 0 } as never)
    const bad = encodeRecord({
      seq: 1,
      type: 'cmd',
      cursor: 1,
      t: 0,
      command: { kind: 'nope' },
    } as never)
    const read = readJournalBuffer(Buffer.concat([a, bad]))
    expect(read.records).toHaveLength(1)
    expect(read.problem).toMatch(/not a valid record/)
  })

  it('never throws on garbage', () => {
    for (const junk of ['', '\n\n', 'abc', '00000000 {}\n', '\u0000'.repeat(64)]) {
      const read = readJournalBuffer(Buffer.from(junk))
      expect(read.records).toHaveLength(0)
    }
  })

  it('zero bytes after the last record (space the writer reserved, left by a kill) are not damage', () => {
    const file = journalWith(3)
    // a reservation ends on a 4 KB boundary
    fs.appendFileSync(file, Buffer.alloc(8192 - (fs.statSync(file).size % 4096)))
    const read = readJournalFile(file)
    expect(read.problem).toBeUndefined()
    expect(read.records).toHaveLength(4)
    // but a partial record before them is
    fs.writeFileSync(
      file,
      Buffer.concat([
        fs.readFileSync(file).subarray(0, read.goodBytes),
        Buffer.from('1234abcd {"se'),
        Buffer.alloc(100),
      ]),
    )
    expect(readJournalFile(file).problem).toMatch(/torn|record/)
  })

  it('a tail zeroed from a record boundary is damage, not reserved space (issue 11 item 8)', () => {
    const file = journalWith(5)
    const full = readJournalFile(file)
    const bytes = fs.readFileSync(file)
    // zero the last two records of a closed journal: same length, not on a 4 KB boundary
    bytes.fill(0, full.ends[3]!)
    fs.writeFileSync(file, bytes)
    const read = readJournalFile(file)
    expect(read.records).toHaveLength(4)
    expect(read.problem).toMatch(/zeroed from byte \d+/)
    // zeros longer than any reservation, even on a boundary, are damage too
    const padded = Buffer.concat([bytes.subarray(0, full.ends[3]!), Buffer.alloc(3 << 20)])
    const aligned = padded.subarray(0, padded.length - (padded.length % 4096))
    expect(readJournalBuffer(aligned).problem).toMatch(/zeroed/)
  })

  it('an open writer keeps the file readable at every moment and trims its reserve on close', () => {
    const file = path.join(tempDir(), 'journal.log')
    const w = JournalWriter.create(file, [header])
    for (let i = 1; i <= 50; i++) {
      w.append(cmd(i))
      const read = readJournalFile(file)
      expect(read.problem).toBeUndefined()
      expect(read.records).toHaveLength(i + 1)
    }
    expect(fs.statSync(file).size).toBeGreaterThan(1 << 20)
    w.close()
    expect(fs.statSync(file).size).toBe(readJournalFile(file).goodBytes)
  })
})
