/**
 * Session files that need no open session: append to a closed journal, duplicate, fork,
 * export and import. Each writes a complete new journal with JournalWriter.create (temp
 * file, fsync, rename), so an interrupted copy never shows up as a half session.
 *
 * An export file (`.perpdojo-session`) is the journal's good prefix, byte for byte, followed
 * by one more checksummed line that carries what the host keeps beside the journal (the
 * coach's notes, tags, alerts, guardrail record and drawings, ./side-data.ts):
 *
 *     <crc32 8 hex> {"type":"coach","data":{…}}\n
 *
 * A file without that line (exported before issue 13 item 9) is a journal alone and still
 * imports.
 */
import * as fs from 'node:fs'
import { HostError } from '../../../shared/contract/errors'
import { crc32Hex, JournalWriter, readJournalBuffer } from './journal'
import type { HeaderRecord, JournalRecord, NewRecord } from './records'
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

/** The side part's line: always written with these first bytes after the checksum. */
const SIDE_LINE = /^[0-9a-f]{8} \{"type":"coach",/

function sideLine(data: unknown): string {
  const json = JSON.stringify({ type: 'coach', data })
  return `${crc32Hex(Buffer.from(json, 'utf8'))} ${json}\n`
}

export function exportFile(
  store: SessionStore,
  id: string,
  log: SessionLog,
  side?: unknown,
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
    content:
      buf.subarray(0, read.goodBytes).toString('utf8') + (side === undefined ? '' : sideLine(side)),
  }
}

/** A session file read and checked: its journal records and, when it has one, its side part. */
export interface SessionFile {
  records: JournalRecord[]
  header: HeaderRecord
  /** The side part's data (unchecked: the side's own `check` decides); absent in old files. */
  side?: unknown
}

/** The error for a side part that fails any check (its checksum here, its fields in the side). */
export function sidePartDamaged(why: string): HostError {
  return new HostError(
    'CORRUPT_FILE',
    "The session file's coach part (notes, tags, alerts, guardrails, drawings) is damaged; nothing was imported",
    [why],
  )
}

/** Split off the side line (the file's last line when present) and check its checksum. */
function splitSide(content: string): { journal: string; side?: unknown } {
  const start = content.lastIndexOf('\n', content.length - 2) + 1
  const last = content.slice(start)
  if (!SIDE_LINE.test(last)) return { journal: content }
  const damaged = sidePartDamaged
  if (!last.endsWith('\n')) throw damaged('its last line is cut off (no line end)')
  const json = last.slice(9, -1)
  if (crc32Hex(Buffer.from(json, 'utf8')) !== last.slice(0, 8)) throw damaged('checksum mismatch')
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    throw damaged('not JSON')
  }
  const rec = parsed as { type?: unknown; data?: unknown }
  if (Object.keys(rec).length !== 2 || rec.data === undefined)
    throw damaged('the line holds other fields than type and data')
  return { journal: content.slice(0, start), side: rec.data }
}

/** Validate a whole exported file's journal; anything damaged imports nothing. */
export function readSessionFile(content: string): SessionFile {
  const { journal, side } = splitSide(content)
  const read = readJournalBuffer(Buffer.from(journal, 'utf8'))
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
  return {
    records: read.records,
    header: folded.log.header,
    ...(side === undefined ? {} : { side }),
  }
}

/** Write a checked file's journal as a new session. Returns the new id. */
export function importFile(store: SessionStore, file: SessionFile): string {
  const id = store.newId()
  store.createJournal(id, file.records.map(stripSeq))
  return id
}
