/**
 * One host per data folder. Two hosts appending to the same journals lose acknowledged
 * commands (issue 11 item 3), and Electron's single-instance lock does not cover the
 * browser mode, so every host entry point (the desktop app, `npm run web`) takes this lock
 * before it touches the folder.
 *
 * The lock is a file `perpdojo.lock` created exclusively (`wx`) holding the owner's pid,
 * its process start time (Linux: /proc/<pid>/stat, so a reused pid is not mistaken for
 * the owner), the mode and when it started. A lock whose process is gone is stale (the
 * owner crashed or was killed): it is taken over by an atomic rename, so of two hosts
 * racing for a stale lock only one wins.
 */
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import { hostname } from 'node:os'
import path from 'node:path'

export const LOCK_FILE = 'perpdojo.lock'

export interface LockOwner {
  pid: number
  /** Kernel start time of the process (clock ticks since boot; Linux only, else null). */
  startTime: string | null
  hostname: string
  mode: string
  startedAt: string
}

export interface DataLock {
  readonly file: string
  release(): void
}

/** Thrown when another live process holds the folder; the message is for the user. */
export class DataFolderLocked extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(
      `Another PerpDojo (${owner.mode}, process ${owner.pid}, started ${owner.startedAt}) ` +
        `is already using the data folder ${dataDir}. Two programs writing the same sessions ` +
        `would lose commands, so this one will not start. Close the other one first (or, for ` +
        `a separate set of sessions, set PERPDOJO_DATA_DIR to another folder).`,
    )
    this.name = 'DataFolderLocked'
  }
}

/** The start time of a process, or null where it cannot be read (not Linux, no such pid). */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Field 22; the command name (field 2) may hold spaces, so count after its ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null
  } catch {
    return null
  }
}

/** Lock files this process holds (a second host in the same process must refuse too). */
const heldHere = new Set<string>()

function isAlive(file: string, owner: LockOwner): boolean {
  if (owner.hostname !== hostname()) return true // another machine sharing the folder: trust it
  if (owner.pid === process.pid) return heldHere.has(file) // a second host in this process
  try {
    process.kill(owner.pid, 0)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  const now = processStartTime(owner.pid)
  return owner.startTime === null || now === null || now === owner.startTime
}

function readOwner(file: string): LockOwner | null {
  try {
    const o = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>
    if (!Number.isSafeInteger(o.pid)) return null
    return {
      pid: o.pid!,
      startTime: typeof o.startTime === 'string' ? o.startTime : null,
      hostname: String(o.hostname ?? ''),
      mode: String(o.mode ?? 'PerpDojo'),
      startedAt: String(o.startedAt ?? 'at an unknown time'),
    }
  } catch {
    return null // torn or foreign content: a crash while writing it
  }
}

/**
 * Takes the data folder's lock (the folder must exist). Throws DataFolderLocked when a live
 * process holds it; takes over a stale one.
 */
export function acquireDataLock(dataDir: string, mode: string): DataLock {
  mkdirSync(dataDir, { recursive: true })
  const file = path.join(dataDir, LOCK_FILE)
  const me: LockOwner = {
    pid: process.pid,
    startTime: processStartTime(process.pid),
    hostname: hostname(),
    mode,
    startedAt: new Date().toISOString(),
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(file, 'wx')
      try {
        writeSync(fd, JSON.stringify(me))
      } finally {
        closeSync(fd)
      }
      return lockHandle(file)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
    const owner = readOwner(file)
    if (owner && isAlive(file, owner)) throw new DataFolderLocked(dataDir, owner)
    takeOverStale(file, owner)
  }
  const owner = readOwner(file)
  throw new DataFolderLocked(dataDir, owner ?? { ...me, pid: -1, mode: 'unknown' })
}

/**
 * Moves a stale lock aside. If, between our read and the rename, another host had already
 * replaced it with a live lock, that lock is put back (link fails if a third took the name).
 */
function takeOverStale(file: string, seen: LockOwner | null) {
  const aside = `${file}.stale-${process.pid}`
  try {
    renameSync(file, aside)
  } catch {
    return // someone else moved it first; retry the create
  }
  const moved = readOwner(aside)
  const same = moved?.pid === seen?.pid && moved?.startedAt === seen?.startedAt
  if (!same && moved && isAlive(file, moved)) {
    try {
      linkSync(aside, file)
    } catch {
      /* a third host took the name: the create below will see it */
    }
  }
  try {
    unlinkSync(aside)
  } catch {
    /* already gone */
  }
}

function lockHandle(file: string): DataLock {
  heldHere.add(file)
  let held = true
  const release = () => {
    if (!held) return
    held = false
    heldHere.delete(file)
    process.off('exit', release)
    // Only remove the lock if it is still ours.
    if (readOwner(file)?.pid === process.pid) {
      try {
        unlinkSync(file)
      } catch {
        /* already gone */
      }
    }
  }
  process.on('exit', release)
  return { file, release }
}
