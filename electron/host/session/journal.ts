/**
 * The append-only session journal.
 *
 * File format: UTF-8 text, one record per line:
 *
 *     <crc32 of the JSON bytes, 8 lowercase hex> <space> <record JSON> \n
 *
 * Records carry `seq` = 0, 1, 2, … and the first is the header. A line is good when its
 * checksum matches, its JSON parses and validates, and its seq follows the previous one.
 * Reading stops at the first bad line: a torn tail after a power loss (a last line with
 * no newline, or half-written bytes) and any corruption further up are both "everything
 * from here on is dropped". The reader reports how many lines were dropped and where
 * the good prefix ends; it never throws on bad content.
 *
 * Durability: `append` writes the whole line into space the writer zeroed and fsynced
 * ahead of time (1 MB at a time), then fdatasync()s before returning, so a command is on
 * disk before the host acknowledges it and the sync flushes data, not the file size.
 * Zero bytes after the last record are that reserved space: readers treat them as the
 * end of the journal, not as damage — but only when they look like a reservation: every
 * reservation ends on a 4 KB boundary and leaves less than 1 MB + 4 KB of zeros behind
 * the last record. Zeros anywhere else (a tail zeroed from a record boundary in a closed
 * journal, a run longer than any reservation) are a damaged tail.
 *
 * On a nearly full disk the writer falls back to smaller reservations (64 KB, 4 KB, then
 * none: the record alone, with a full fsync), so a record of ~250 bytes still fits when
 * less than 1 MB is free.
 */
import * as fs from 'node:fs'
import * as zlib from 'node:zlib'
import { HostError } from '../../../shared/contract/errors'
import { parseRecord, type JournalRecord, type NewRecord } from './records'

export function crc32Hex(data: Buffer): string {
  return (zlib.crc32(data) >>> 0).toString(16).padStart(8, '0')
}

export function encodeRecord(record: JournalRecord): Buffer {
  const json = Buffer.from(JSON.stringify(record), 'utf8')
  return Buffer.concat([Buffer.from(crc32Hex(json) + ' ', 'ascii'), json, Buffer.from('\n')])
}

export interface JournalRead {
  records: JournalRecord[]
  /** Byte offset just after each good record. */
  ends: number[]
  /** Byte length of the good prefix. */
  goodBytes: number
  totalBytes: number
  /** Lines (including a torn partial line) after the good prefix. */
  droppedRecords: number
  /** Why reading stopped early; absent when the whole file is good. */
  problem?: string
}

const NL = 0x0a

export function readJournalBuffer(buf: Buffer): JournalRead {
  const records: JournalRecord[] = []
  const ends: number[] = []
  let pos = 0
  let problem: string | undefined
  while (pos < buf.length) {
    const nl = buf.indexOf(NL, pos)
    if (nl < 0) {
      problem = `torn last record at byte ${pos} (no line end)`
      break
    }
    const line = buf.subarray(pos, nl)
    const why = checkLine(line, records.length)
    if (typeof why === 'string') {
      problem = `record ${records.length + 1} at byte ${pos}: ${why}`
      break
    }
    records.push(why)
    pos = nl + 1
    ends.push(pos)
  }
  // zero bytes after the last record are the writer's preallocated space, not damage
  if (problem && isAllZero(buf, pos)) {
    problem = isReservation(buf.length, buf.length - pos)
      ? undefined
      : `zeroed from byte ${pos} (${buf.length - pos} bytes): not space the writer reserved`
  }
  let dropped = 0
  if (problem) {
    // count the remaining lines, a final unterminated fragment included
    const rest = buf.subarray(pos)
    for (let i = 0; i < rest.length; i++) if (rest[i] === NL) dropped++
    if (rest.length > 0 && rest[rest.length - 1] !== NL) dropped++
  }
  return {
    records,
    ends,
    goodBytes: pos,
    totalBytes: buf.length,
    droppedRecords: dropped,
    ...(problem ? { problem } : {}),
  }
}

/** Reservations end on this boundary (the last fallback reserves nothing). */
const RESERVE_ALIGN = 4096

/** Could `zeros` bytes of zeros ending a file of `size` bytes be the writer's reservation? */
function isReservation(size: number, zeros: number): boolean {
  return size % RESERVE_ALIGN === 0 && zeros < PREALLOCATE + RESERVE_ALIGN
}

function isAllZero(buf: Buffer, from: number): boolean {
  for (let i = from; i < buf.length; i++) if (buf[i] !== 0) return false
  return true
}

/**
 * The value of 8 lowercase hex digits at the start of `line` (as crc32Hex writes them), or -1.
 * Compared as a number: resume checks every record of a journal, and formatting each record's
 * checksum as text to compare strings cost more than the checksum itself.
 */
function hexCrc(line: Buffer): number {
  let v = 0
  for (let i = 0; i < 8; i++) {
    const b = line[i]!
    const d = b >= 0x30 && b <= 0x39 ? b - 0x30 : b >= 0x61 && b <= 0x66 ? b - 0x57 : -1
    if (d < 0) return -1
    v = v * 16 + d
  }
  return v
}

function checkLine(line: Buffer, expectedSeq: number): JournalRecord | string {
  if (line.length < 10 || line[8] !== 0x20) return 'malformed line'
  const json = line.subarray(9)
  if (zlib.crc32(json) >>> 0 !== hexCrc(line)) return 'checksum mismatch'
  let parsed: unknown
  try {
    parsed = JSON.parse(line.toString('utf8', 9))
  } catch {
    return 'unreadable JSON'
  }
  const rec = parseRecord(parsed)
  if (!rec) return 'not a valid record'
  if (rec.seq !== expectedSeq) return `out of sequence (seq ${rec.seq}, expected ${expectedSeq})`
  if ((expectedSeq === 0) !== (rec.type === 'header')) return 'header misplaced'
  return rec
}

export function readJournalFile(path: string): JournalRead {
  return readJournalBuffer(fs.readFileSync(path))
}

/** Make a new directory entry durable (the file's name, not only its bytes). */
function fsyncDir(dir: string): void {
  let fd: number | undefined
  try {
    fd = fs.openSync(dir, 'r')
    fs.fsyncSync(fd)
  } catch {
    // some platforms (Windows) cannot fsync a directory; the rename is still atomic there
  } finally {
    if (fd !== undefined) fs.closeSync(fd)
  }
}

/** Space the writer reserves ahead of the records, so a record's fdatasync need not update the file size. */
const PREALLOCATE = 1 << 20
/** Smaller reservations tried in turn when the disk cannot take the full one (0: none). */
const FALLBACK_RESERVATIONS = [PREALLOCATE, 64 * 1024, RESERVE_ALIGN, 0]

export class JournalWriter {
  private fd: number
  private nextSeq: number
  /** Logical end: bytes of good records. */
  private size: number
  /** Physical file size (records plus zeroed, preallocated space). */
  private allocated: number
  /** Set when a failed append could not be undone: nothing more may be acknowledged. */
  private broken: string | null = null

  /**
   * Open an existing journal for appending after its good records: `nextSeq` records
   * ending at byte `end` (default: the file's size). Anything after `end` is overwritten.
   */
  constructor(
    readonly path: string,
    nextSeq: number,
    end?: number,
  ) {
    this.fd = fs.openSync(path, 'r+')
    this.allocated = fs.fstatSync(this.fd).size
    this.size = end ?? this.allocated
    this.nextSeq = nextSeq
  }

  /** Create a journal holding `records` (renumbered from 0), durably. */
  static create(path: string, records: NewRecord[]): JournalWriter {
    const tmp = `${path}.tmp`
    const bufs = records.map((r, i) => encodeRecord({ ...r, seq: i } as JournalRecord))
    const fd = fs.openSync(tmp, 'w')
    try {
      fs.writeSync(fd, Buffer.concat(bufs))
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(tmp, path)
    fsyncDir(pathDir(path))
    return new JournalWriter(path, records.length)
  }

  get seq(): number {
    return this.nextSeq
  }

  /**
   * Append one record and make it durable before returning. The bytes go into space
   * zeroed and fsynced beforehand, so the fdatasync flushes data only.
   */
  append(record: NewRecord, sync = true): JournalRecord {
    if (this.broken)
      throw new HostError('INTERNAL', `The session file cannot be written: ${this.broken}`)
    const full = { ...record, seq: this.nextSeq } as JournalRecord
    const buf = encodeRecord(full)
    try {
      // Without a reservation the write itself grows the file: a full fsync then.
      const grows = this.size + buf.length > this.allocated && !this.grow(buf.length)
      let off = 0
      while (off < buf.length)
        off += fs.writeSync(this.fd, buf, off, buf.length - off, this.size + off)
      if (grows) {
        fs.fsyncSync(this.fd)
        this.allocated = this.size + buf.length
      } else if (sync) fs.fdatasyncSync(this.fd)
    } catch (err) {
      // a half-written record must not sit in front of later ones: zero it back out
      const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message
      try {
        fs.ftruncateSync(this.fd, this.size)
        this.allocated = this.size
        fs.fsyncSync(this.fd)
      } catch {
        this.broken = why
      }
      throw new HostError(
        'INTERNAL',
        `Could not save to the session file (${why}); nothing was done`,
      )
    }
    this.size += buf.length
    this.nextSeq++
    return full
  }

  /**
   * Reserve zeroed space for at least `need` more bytes, ending on a 4 KB boundary; on a full
   * disk try smaller reservations. False when not even the smallest fits (the caller then
   * writes the record alone).
   */
  private grow(need: number): boolean {
    for (const chunk of FALLBACK_RESERVATIONS) {
      if (chunk === 0) return false
      // Ends on a 4 KB boundary, leaving chunk..chunk+4 KB of zeros after the record.
      const upTo = Math.ceil((this.size + need + chunk) / RESERVE_ALIGN) * RESERVE_ALIGN
      const add = upTo - this.allocated
      try {
        const zeros = Buffer.alloc(add)
        let off = 0
        while (off < add) off += fs.writeSync(this.fd, zeros, off, add - off, this.allocated + off)
        fs.fsyncSync(this.fd) // the size changed: a full fsync, once per reservation
        this.allocated = upTo
        return true
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code
        if (code !== 'ENOSPC' && code !== 'EDQUOT' && code !== 'EFBIG') throw err
        fs.ftruncateSync(this.fd, this.allocated) // drop the partial reservation, try smaller
      }
    }
    return false
  }

  /** Drop the preallocated tail and close (a killed writer leaves it; readers skip it). */
  close(): void {
    if (this.fd < 0) return
    try {
      if (this.allocated > this.size && !this.broken) {
        fs.ftruncateSync(this.fd, this.size)
        fs.fsyncSync(this.fd)
      }
    } finally {
      fs.closeSync(this.fd)
      this.fd = -1
    }
  }
}

function pathDir(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'))
  return i > 0 ? p.slice(0, i) : '.'
}
