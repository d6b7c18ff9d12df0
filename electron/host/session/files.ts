/**
 * Session files that need no open session: append to a closed journal, duplicate, fork,
 * export and import. Each writes a complete new journal with JournalWriter.create (temp
 * file, fsync, rename), so an interrupted copy never shows up as a half session.
 */
import * as fs from 'node:fs'
import { HostError } from '../../../shared/contract/errors'
import { JournalWriter, readJournalBuffer } from './journal'
import type { NewRecord } from './records'
import { foldRecords, type SessionLog } from './session-log'
import type { SessionStore } from './store'

function stripSeq<T extends { seq: number }>(r: T): NewRecord {
  const { seq: _seq, ...rest } = r
  return rest as unknown as NewRecord
}

export function appendClosed(store: SessionStore, id: string, rec: NewRecord): void {
  if (!store.exists(id)) throw new HostError('NOT_FOUND', `No session ${id}`)
  const read = store.read(id)
  if (read.problem)
    throw new HostError('CORRUPT_FILE', 'Open the session first to recover it', [read.problem])
  const w = new JournalWriter(store.journalPath(id), read.records.length, read.goodBytes)
  try {
    w.append(rec)
  } finally {
    w.close()
  }
}

export function readLogFromDisk(store: SessionStore, id: string): SessionLog {
  if (!store.exists(id)) throw new HostError('NOT_FOUND', `No session ${id}`)
  const folded = foldRecords(store.read(id).records)
  if (!folded) throw new HostError('CORRUPT_FILE', `Session ${id} cannot be read`)
  return folded.log
}

/** Copy the journal's good records plus a rename; snapshots come along. Returns the new id. */
export function duplicateFiles(store: SessionStore, id: string, log: SessionLog): string {
  const read = store.read(id)
  const used = foldRecords(read.records)?.used ?? 0
  const copy = store.newId()
  store.createJournal(copy, [
    ...read.records.slice(0, used).map(stripSeq),
    { type: 'rename', name: `${log.name} (copy)`.slice(0, 120) },
  ])
  store.copySnapshots(id, copy)
  return copy
}

/**
 * A what-if fork: the source header (practice, not blind, `forkedFrom`) and the first
 * `commandIndex` commands of its active line, with the cursor at that decision. The fork's
 * lead-in is the line's origin, so a line that a rewind took below the source's lead-in
 * (Home, then trades) keeps its decisions. Returns the new id.
 */
export function forkFiles(
  store: SessionStore,
  id: string,
  log: SessionLog,
  commandIndex: number,
  currentCursor: number,
): string {
  const idx = Math.min(commandIndex, log.commands.length)
  const at = idx < log.commands.length ? log.commands[idx]!.cursor : currentCursor
  const header = {
    ...stripSeq(log.header),
    mode: 'practice',
    blind: false,
    createdAt: new Date().toISOString(),
    name: `${log.name} — what-if #${idx + 1}`.slice(0, 120),
    startCursor: log.origin,
    forkedFrom: { sessionId: id, commandIndex: idx },
  } as NewRecord
  const records: NewRecord[] = [header]
  for (const c of log.commands.slice(0, idx))
    records.push({ type: 'cmd', cursor: c.cursor, t: c.t, command: c.command })
  const last = idx > 0 ? log.commands[idx - 1]!.cursor : log.origin
  if (at > last) records.push({ type: 'cursor', cursor: at })
  const fid = store.newId()
  store.createJournal(fid, records)
  // snapshots of the shared prefix stay valid (the prefix digest decides)
  store.copySnapshots(id, fid)
  return fid
}

export function exportFile(
  store: SessionStore,
  id: string,
  log: SessionLog,
): { fileName: string; content: string } {
  const buf = fs.readFileSync(store.journalPath(id))
  const read = readJournalBuffer(buf)
  const slug =
    log.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || id
  return {
    fileName: `${slug}.perpdojo-session`,
    content: buf.subarray(0, read.goodBytes).toString('utf8'),
  }
}

/** Validate a whole exported file; anything damaged imports nothing. Returns the new id. */
export function importFile(store: SessionStore, content: string): string {
  const read = readJournalBuffer(Buffer.from(content, 'utf8'))
  const folded = foldRecords(read.records)
  if (!folded)
    throw new HostError('CORRUPT_FILE', 'Not a PerpDojo session file', [
      read.problem ?? 'no header',
    ])
  const problem = read.problem ?? folded.problem
  if (problem)
    throw new HostError('CORRUPT_FILE', 'The session file is damaged; nothing was imported', [
      problem,
    ])
  const id = store.newId()
  store.createJournal(id, read.records.map(stripSeq))
  return id
}
