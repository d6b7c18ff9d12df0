/**
 * Power loss at any byte: a journal cut at a random offset (or with a random byte
 * flipped) always opens up to its last good record, keeps every command before the
 * damage, re-folds deterministically, and keeps a .corrupt copy when it dropped anything.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { readJournalBuffer } from '../../../electron/host/session/journal'
import type { TradeCommand } from '../../../shared/trading/commands'
import { rig } from './helpers'
import { tempDir } from './support'

const buy: TradeCommand = {
  kind: 'placeOrder',
  symbol: 'BTCUSDT',
  side: 'BUY',
  positionSide: 'BOTH',
  type: 'MARKET',
  quantity: '0.01',
}

let source = ''
let sessionId = ''
let journal = Buffer.alloc(0)

beforeAll(async () => {
  const r = rig({ snapshotEveryBars: 20, snapshotEveryCommands: 3 })
  const { summary } = await r.m.create({ scenarioId: 'synthetic' })
  sessionId = summary.id
  for (let i = 0; i < 12; i++) {
    await r.m.command(sessionId, buy)
    await r.m.control(sessionId, { type: 'step', bars: 3 + i })
  }
  await r.m.closeAll()
  source = r.dataDir
  journal = fs.readFileSync(path.join(source, 'sessions', sessionId, 'journal.log'))
})

function copySession(): string {
  const dataDir = tempDir('pd-power-')
  fs.cpSync(path.join(source, 'sessions'), path.join(dataDir, 'sessions'), { recursive: true })
  return dataDir
}

describe('power loss', () => {
  it('a journal cut at any byte or with any byte flipped opens up to its last good record', async () => {
    const full = readJournalBuffer(journal)
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: journal.length }),
        fc.boolean(),
        async (at, flip) => {
          const dataDir = copySession()
          const file = path.join(dataDir, 'sessions', sessionId, 'journal.log')
          const damaged = Buffer.from(journal)
          let bytes: Buffer
          if (flip && at < journal.length) {
            damaged[at] = damaged[at]! ^ 0x55
            bytes = damaged
          } else bytes = damaged.subarray(0, at)
          fs.writeFileSync(file, bytes)
          // records that end before the damage are good
          const goodBefore = full.ends.filter((e) => e <= at).length
          const cmdsBefore = full.records
            .slice(0, goodBefore)
            .filter((r) => r.type === 'cmd').length
          const r = rig({ dataDir })
          if (goodBefore === 0) {
            await expect(r.m.openSession(sessionId)).rejects.toMatchObject({ code: 'CORRUPT_FILE' })
            return
          }
          const snap = await r.m.openSession(sessionId)
          const s = r.m.sessionOf(sessionId)
          expect(s.log.commands.length).toBe(cmdsBefore)
          if (bytes.length > full.ends[goodBefore - 1]!) {
            expect(snap.recovered?.droppedRecords).toBeGreaterThan(0)
            const names = fs.readdirSync(path.dirname(file))
            expect(names.some((n) => n.endsWith('.corrupt'))).toBe(true)
          }
          const hash = s.stateHash()
          await r.m.closeAll()
          // and it re-folds to the same state from the start, without any snapshot
          fs.rmSync(path.join(dataDir, 'sessions', sessionId, 'snapshots'), {
            recursive: true,
            force: true,
          })
          const again = r.reopen()
          const snap2 = await again.openSession(sessionId)
          expect(snap2.recovered).toBeUndefined()
          expect(again.sessionOf(sessionId).stateHash()).toBe(hash)
          await again.closeAll()
          fs.rmSync(dataDir, { recursive: true, force: true })
        },
      ),
      { numRuns: 60 },
    )
  })
})
