/**
 * The logical session a journal describes: its header, name, the active command list,
 * its branches, the branches set aside by practice rewinds, and the replay cursor.
 * `applyRecord` is used both when reading a journal and live (after each append), so the
 * in-memory session and a reopened one can never disagree.
 *
 * Rewinds are first-class. Branch 0 is the line the session started on, at its lead-in;
 * every rewind starts a new branch from the rewind point, continuing its parent's commands
 * before that point. A command belongs to the branch it was given on. The active line's
 * `origin` is the lowest cursor it started from (a rewind below the lead-in lowers it): review
 * folds from there and a what-if fork takes it as its lead-in, so decisions given after a
 * rewind to the start are read as what they are, not as a cursor going backwards. The
 * journal format did not change: branches are derived from the `rewind` and `restore`
 * records every journal already has, so older journals read the same way.
 */
import type { TradeCommand } from '../../../shared/trading/commands'
import type { HeaderRecord, JournalRecord, NewRecord } from './records'

export interface CommandEntry {
  cursor: number
  t: number
  command: TradeCommand
  /** The branch it was given on. */
  branch: number
}

/** A branch of the session: a rewind (or the start, branch 0) and what followed it. */
export interface LineBranch {
  id: number
  /** The branch whose commands before `from` this one continues; null for branch 0. */
  parent: number | null
  /** Cursor it starts from: the lead-in for branch 0, the rewind point otherwise. */
  from: number
}

/**
 * Commands set aside by a rewind to `point`, given while the cursor was up to `fromCursor`
 * on branch `branch`, whose line started at `origin`.
 */
export interface Branch {
  point: number
  fromCursor: number
  commands: CommandEntry[]
  branch: number
  origin: number
}

export interface SessionLog {
  header: HeaderRecord
  name: string
  /** The active line: every command it holds, in order. */
  commands: CommandEntry[]
  setAside: Branch[]
  /** Every branch ever started, in journal order (branch ids are indexes). */
  branches: LineBranch[]
  /** The active branch. */
  branch: number
  /** Lowest cursor the active line started from (≤ the header's lead-in). */
  origin: number
  cursor: number
  finished: boolean
}

function newLog(header: HeaderRecord): SessionLog {
  return {
    header,
    name: header.name,
    commands: [],
    setAside: [],
    branches: [{ id: 0, parent: null, from: header.startCursor }],
    branch: 0,
    origin: header.startCursor,
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
      log.commands.push({ cursor: rec.cursor, t: rec.t, command: rec.command, branch: log.branch })
      log.cursor = rec.cursor
      return null
    case 'cursor':
      if (rec.cursor < log.cursor) return `cursor moved back from ${log.cursor} to ${rec.cursor}`
      log.cursor = rec.cursor
      return null
    case 'rewind': {
      if (rec.cursor > log.cursor) return `rewind forward from ${log.cursor} to ${rec.cursor}`
      const later = log.commands.filter((c) => c.cursor >= rec.cursor)
      log.setAside.push({
        point: rec.cursor,
        fromCursor: log.cursor,
        commands: later,
        branch: log.branch,
        origin: log.origin,
      })
      log.commands = log.commands.filter((c) => c.cursor < rec.cursor)
      const id = log.branches.length
      log.branches.push({ id, parent: log.branch, from: rec.cursor })
      log.branch = id
      log.origin = Math.min(log.origin, rec.cursor)
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
        log.setAside.push({
          point: b.point,
          fromCursor: log.cursor,
          commands: tail,
          branch: log.branch,
          origin: log.origin,
        })
      log.commands = head.concat(b.commands)
      log.branch = b.branch
      log.origin = b.origin
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

/**
 * The log as it would be once `rec` is journaled, leaving `log` as it is: a move asks for its
 * re-fold (on the work thread) before it journals the record, so the record and the state it
 * describes are installed together.
 */
export function previewRecord(log: SessionLog, rec: NewRecord): SessionLog {
  const next: SessionLog = {
    ...log,
    commands: log.commands.slice(),
    setAside: log.setAside.slice(),
    branches: log.branches.slice(),
  }
  const why = applyRecord(next, { ...rec, seq: -1 } as JournalRecord)
  if (why) throw new Error(`a move the session cannot journal: ${why}`)
  return next
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
