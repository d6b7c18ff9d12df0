/** A write that fails half-way (disk full) must not leave a partial record in front of later ones. */
import * as path from 'node:path'
import { describe, expect, it, vi } from 'vitest'

const failing = vi.hoisted(() => ({ on: false, calls: 0 }))
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>()
  return {
    ...real,
    writeSync: ((...args: unknown[]) => {
      const write = real.writeSync as (...a: unknown[]) => number
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
})
