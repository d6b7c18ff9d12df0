/** A write that fails half-way (disk full) must not leave a partial record in front of later ones. */
import * as path from 'node:path'
import { describe, expect, it, vi } from 'vitest'

const failing = vi.hoisted(() => ({ on: false, calls: 0, free: null as number | null }))
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>()
  return {
    ...real,
    writeSync: ((...args: unknown[]) => {
      const write = real.writeSync as (...a: unknown[]) => number
      if (failing.free !== null && typeof args[3] === 'number') {
        // a nearly full disk: a write larger than the free space fails whole
        if (args[3] > failing.free)
          throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })
        failing.free -= args[3]
      }
      if (failing.on) {
        // the first write of the failing append lands 10 bytes, then the disk is full
        if (failing.calls++ === 0) return write(args[0], args[1], args[2], 10, args[4])
        throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })
      }
      return write(...args)
    }) as typeof real.writeSync,
  }
})

import { JournalWriter, readJournalFile } from '../../../electron/host/session/journal'
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

describe('journal writer failures', () => {
  it('a failed append is cut back off, reported, and later appends stay readable', () => {
    const file = path.join(tempDir(), 'journal.log')
    const w = JournalWriter.create(file, [header])
    w.append(cmd(1))
    failing.on = true
    expect(() => w.append(cmd(2))).toThrow(/ENOSPC/)
    failing.on = false
    const mid = readJournalFile(file)
    expect(mid.problem).toBeUndefined()
    expect(mid.records).toHaveLength(2)
    w.append(cmd(3))
    w.close()
    const read = readJournalFile(file)
    expect(read.problem).toBeUndefined()
    expect(read.records.map((r) => r.type)).toEqual(['header', 'cmd', 'cmd'])
  })

  it('a nearly full disk takes smaller reservations: commands still fit (issue 11 item 9)', () => {
    for (const free of [200_000, 6_000, 3_000]) {
      const file = path.join(tempDir(), 'journal.log')
      const w = JournalWriter.create(file, [header])
      failing.free = free
      try {
        // ~130-byte records: far less than 1 MB free, yet each one is written
        for (let i = 1; i <= 10; i++) w.append(cmd(i))
      } finally {
        failing.free = null
      }
      const mid = readJournalFile(file)
      expect(mid.problem).toBeUndefined()
      expect(mid.records).toHaveLength(11)
      w.close()
      expect(readJournalFile(file).records).toHaveLength(11)
    }
  })

  it('with no room even for one record, the append fails cleanly and nothing is torn', () => {
    const file = path.join(tempDir(), 'journal.log')
    const w = JournalWriter.create(file, [header])
    failing.free = 20
    try {
      expect(() => w.append(cmd(1))).toThrow(/ENOSPC/)
    } finally {
      failing.free = null
    }
    w.append(cmd(2))
    w.close()
    const read = readJournalFile(file)
    expect(read.problem).toBeUndefined()
    expect(read.records).toHaveLength(2)
  })
})
