/**
 * The logical session a journal describes: its header, name, the active command list,
 * the branches set aside by practice rewinds, and the replay cursor. `applyRecord` is
 * used both when reading a journal and live (after each append), so the in-memory
 * session and a reopened one can never disagree.
 */
import type { TradeCommand } from '../../../shared/trading/commands'
import type { HeaderRecord, JournalRecord } from './records'

export interface CommandEntry {
  cursor: number
  t: number
  command: TradeCommand
}

/** Commands set aside by a rewind to `point`, given while the cursor was up to `fromCursor`. */
export interface Branch {
  point: number
  fromCursor: number
  commands: CommandEntry[]
}

export interface SessionLog {
  header: HeaderRecord
  name: string
  commands: CommandEntry[]
  setAside: Branch[]
  cursor: number
  finished: boolean
}

export function newLog(header: HeaderRecord): SessionLog {
  return {
    header,
    name: header.name,
    commands: [],
    setAside: [],
    cursor: header.startCursor,
    finished: false,
  }
}

/** Apply one record; returns an error text when the record makes no sense here. */
export function applyRecord(log: SessionLog, rec: JournalRecord): string | null {
  switch (rec.type) {
    case 'header':
      return 'a second header'
    case 'cmd':
      if (rec.cursor < log.cursor)
        return `command at cursor ${rec.cursor} after cursor ${log.cursor}`
      log.commands.push({ cursor: rec.cursor, t: rec.t, command: rec.command })
      log.cursor = rec.cursor
      return null
    case 'cursor':
      if (rec.cursor < log.cursor) return `cursor moved back from ${log.cursor} to ${rec.cursor}`
      log.cursor = rec.cursor
      return null
    case 'rewind': {
      if (rec.cursor > log.cursor) return `rewind forward from ${log.cursor} to ${rec.cursor}`
      const later = log.commands.filter((c) => c.cursor >= rec.cursor)
      log.setAside.push({ point: rec.cursor, fromCursor: log.cursor, commands: later })
      log.commands = log.commands.filter((c) => c.cursor < rec.cursor)
      log.cursor = rec.cursor
      return null
    }
    case 'restore': {
      const b = log.setAside.pop()
      if (!b) return 'restore with nothing set aside'
      const tail = log.commands.filter((c) => c.cursor >= b.point)
      const head = log.commands.filter((c) => c.cursor < b.point)
      // what was done after the rewind is swapped out, not lost
      if (tail.length > 0)
        log.setAside.push({ point: b.point, fromCursor: log.cursor, commands: tail })
      log.commands = head.concat(b.commands)
      log.cursor = Math.max(b.fromCursor, b.commands.at(-1)?.cursor ?? 0)
      return null
    }
    case 'rename':
      log.name = rec.name
      return null
    case 'finish':
      log.finished = true
      return null
  }
}

export interface FoldedJournal {
  log: SessionLog
  /** Records that made sense (a prefix of the input). */
  used: number
  problem?: string
}

export function foldRecords(records: JournalRecord[]): FoldedJournal | null {
  const head = records[0]
  if (!head || head.type !== 'header') return null
  const log = newLog(head)
  for (let i = 1; i < records.length; i++) {
    const why = applyRecord(log, records[i]!)
    if (why) return { log, used: i, problem: `record ${i + 1}: ${why}` }
  }
  return { log, used: records.length }
}

export function setAsideCount(log: SessionLog): number {
  let n = 0
  for (const b of log.setAside) n += b.commands.length
  return n
}
