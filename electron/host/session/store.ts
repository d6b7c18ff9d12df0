/**
 * Where sessions live: `<dataDir>/sessions/<id>/`
 *
 *     journal.log          the append-only journal (./journal.ts), the source of truth
 *     meta.json            cached SessionSummary for the list (rewritten atomically)
 *     snapshots/*.snap     engine snapshots for fast resume (./snapshots.ts)
 *     journal.<stamp>.corrupt   a byte-for-byte copy of a journal that failed its
 *                          checksums, kept before the good prefix is reopened
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { randomBytes } from 'node:crypto'
import { HostError } from '../../../shared/contract/errors'
import type { SessionSummary } from '../../../shared/contract/session'
import { crc32Hex, JournalWriter, readJournalBuffer, type JournalRead } from './journal'
import type { NewRecord } from './records'

/**
 * A file-system failure on a session's files, as a message the user can act on (a journal
 * that is a folder, a read-only file or disk, a full disk) instead of INTERNAL.
 */
export function sessionFileError(err: unknown, file: string, doing: string): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  const why: Record<string, string> = {
    EISDIR: `${file} is a folder, not a session file`,
    EACCES: `PerpDojo may not ${doing} ${file} (permission denied)`,
    EPERM: `PerpDojo may not ${doing} ${file} (permission denied)`,
    EROFS: `${file} is on a read-only disk`,
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
  }
  const text = code ? why[code] : undefined
  if (!text) return err
  return new HostError('CORRUPT_FILE', `Cannot ${doing} the session: ${text}.`, [code!])
}

/** meta.json: the list's cached summary, bound to the journal it was computed from. */
interface MetaFile extends SessionSummary {
  /** seq and checksum of the journal's last record, and a checksum over this summary. */
  stamp: { seq: number; crc: string; check: string }
}

/** The outcome of checking meta.json against the journal. */
export type MetaCheck =
  | { ok: true; summary: SessionSummary }
  /** No usable meta (absent, or older than the journal): summarise from the journal. */
  | { ok: false; problem?: undefined }
  /** Meta and journal disagree in a way a crash cannot explain: a problem row. */
  | { ok: false; problem: string }

export class SessionStore {
  readonly root: string

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'sessions')
  }

  dir(id: string): string {
    return path.join(this.root, id)
  }

  journalPath(id: string): string {
    return path.join(this.dir(id), 'journal.log')
  }

  snapshotDir(id: string): string {
    return path.join(this.dir(id), 'snapshots')
  }

  exists(id: string): boolean {
    return fs.existsSync(this.journalPath(id))
  }

  ids(): string[] {
    try {
      return (
        fs
          .readdirSync(this.root, { withFileTypes: true })
          .filter((d) => d.isDirectory() && /^[a-z0-9-]{1,64}$/.test(d.name))
          .map((d) => d.name)
          // a create interrupted before its journal was renamed into place is not a session
          .filter((id) => fs.existsSync(this.journalPath(id)))
      )
    } catch {
      return []
    }
  }

  newId(): string {
    const d = new Date().toISOString().slice(0, 10).replace(/-/g, '')
    for (;;) {
      const id = `s${d}-${randomBytes(4).toString('hex')}`
      if (!fs.existsSync(this.dir(id))) return id
    }
  }

  makeDir(id: string): void {
    fs.mkdirSync(this.dir(id), { recursive: true })
  }

  read(id: string): JournalRead {
    try {
      return readJournalBuffer(fs.readFileSync(this.journalPath(id)))
    } catch (err) {
      throw sessionFileError(err, this.journalPath(id), 'read')
    }
  }

  /**
   * Create a session folder holding a new journal of `records`. On any failure (a full disk)
   * the half-made folder is removed: no orphan folder, no empty `.tmp` file is left.
   */
  createJournal(id: string, records: NewRecord[]): void {
    try {
      this.makeDir(id)
      JournalWriter.create(this.journalPath(id), records).close()
    } catch (err) {
      this.remove(id)
      throw sessionFileError(err, this.journalPath(id), 'create')
    }
  }

  /**
   * Remove what an interrupted create left behind: session folders without a journal and
   * stray `.tmp` files. Run when the manager starts, before any writer is open.
   */
  sweepOrphans(): void {
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(this.root, { withFileTypes: true })
    } catch {
      return
    }
    for (const d of entries) {
      if (!d.isDirectory() || !/^[a-z0-9-]{1,64}$/.test(d.name)) continue
      const dir = this.dir(d.name)
      try {
        if (!fs.existsSync(this.journalPath(d.name))) {
          fs.rmSync(dir, { recursive: true, force: true })
          continue
        }
        for (const f of fs.readdirSync(dir))
          if (f.endsWith('.tmp')) fs.rmSync(path.join(dir, f), { force: true })
      } catch {
        // best effort: a folder we cannot clean stays; it is not listed without a journal
      }
    }
  }

  /**
   * Keep a copy of a journal with a bad tail, then cut the live file back to its good
   * prefix so appends continue cleanly. Returns the copy's file name.
   */
  quarantineTail(id: string, goodBytes: number): string {
    const src = this.journalPath(id)
    const stamp = new Date().toISOString().replace(/[:.]/g, '-')
    const copy = path.join(this.dir(id), `journal.${stamp}.corrupt`)
    fs.copyFileSync(src, copy)
    fs.truncateSync(src, goodBytes)
    return path.basename(copy)
  }

  /** The cached summary when it still matches the journal, else null. */
  readMeta(id: string): SessionSummary | null {
    const c = this.checkMeta(id)
    return c.ok ? c.summary : null
  }

  /**
   * meta.json is a cache: it is used only when its stamp matches the journal's last record
   * and its own checksum holds. A journal that moved on (a crash after a command, before
   * the meta write) just means "summarise from the journal"; a journal that holds less than
   * the meta saw, or a meta edited by hand, is a problem the list shows (issue 11 item 8).
   */
  checkMeta(id: string): MetaCheck {
    let m: MetaFile
    try {
      m = JSON.parse(fs.readFileSync(path.join(this.dir(id), 'meta.json'), 'utf8')) as MetaFile
    } catch {
      return { ok: false }
    }
    if (!m || m.id !== id || typeof m.stamp !== 'object' || m.stamp === null) return { ok: false }
    const { stamp, ...summary } = m
    if (metaCheck(summary, stamp.crc) !== stamp.check || !plausibleSummary(summary))
      return {
        ok: false,
        problem:
          'its saved summary (meta.json) was changed outside PerpDojo; figures are from the journal',
      }
    const last = this.lastRecord(id)
    if (!last) return { ok: false, problem: 'the journal is unreadable' }
    if (last.seq < stamp.seq)
      return {
        ok: false,
        problem: `the journal holds ${last.seq + 1} records but held ${stamp.seq + 1}: it was damaged (open it to recover the good part)`,
      }
    if (last.seq === stamp.seq && last.crc !== stamp.crc)
      return { ok: false, problem: 'the journal does not match its saved summary: it was changed' }
    if (last.seq > stamp.seq) return { ok: false } // meta is behind: a crash before its write
    return { ok: true, summary }
  }

  writeMeta(summary: SessionSummary): void {
    const file = path.join(this.dir(summary.id), 'meta.json')
    const tmp = `${file}.tmp`
    try {
      const last = this.lastRecord(summary.id)
      if (!last) return
      const meta: MetaFile = {
        ...summary,
        stamp: { seq: last.seq, crc: last.crc, check: metaCheck(summary, last.crc) },
      }
      fs.writeFileSync(tmp, JSON.stringify(meta))
      fs.renameSync(tmp, file)
    } catch {
      // meta is a cache; the journal stays the truth
    }
  }

  /**
   * seq and checksum of the journal's last complete line, found by scanning bytes from the
   * end (no JSON parse of the whole journal; zeros of a reservation skipped).
   */
  lastRecord(id: string): { seq: number; crc: string } | null {
    let buf: Buffer
    try {
      buf = fs.readFileSync(this.journalPath(id))
    } catch {
      return null
    }
    let end = buf.length
    while (end > 0 && buf[end - 1] === 0) end--
    if (end === 0 || buf[end - 1] !== 0x0a) return null
    const start = buf.lastIndexOf(0x0a, end - 2) + 1
    const line = buf.subarray(start, end - 1)
    const crc = line.subarray(0, 8).toString('ascii')
    if (crc32Hex(line.subarray(9)) !== crc) return null
    // seq is the record's last key (JournalWriter.append spreads it in last)
    const seq = [
      ...line
        .subarray(9)
        .toString('utf8')
        .matchAll(/"seq":(\d+)/g),
    ].at(-1)
    return seq ? { seq: Number(seq[1]), crc } : null
  }

  remove(id: string): void {
    fs.rmSync(this.dir(id), { recursive: true, force: true })
  }

  copySnapshots(from: string, to: string): void {
    const src = this.snapshotDir(from)
    if (!fs.existsSync(src)) return
    fs.mkdirSync(this.snapshotDir(to), { recursive: true })
    for (const f of fs.readdirSync(src)) {
      if (f.endsWith('.snap'))
        fs.copyFileSync(path.join(src, f), path.join(this.snapshotDir(to), f))
    }
  }
}

function metaCheck(summary: SessionSummary, journalCrc: string): string {
  return crc32Hex(Buffer.from(journalCrc + JSON.stringify(summary), 'utf8'))
}

/** Values no session can have (a hand-edited file): negative counts, non-decimal equity. */
function plausibleSummary(s: SessionSummary): boolean {
  return (
    Number.isSafeInteger(s.commands) &&
    s.commands >= 0 &&
    (s.equity === '' || /^-?\d{1,20}(\.\d{1,18})?$/.test(s.equity))
  )
}
