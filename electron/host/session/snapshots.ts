/**
 * Engine snapshots for fast resume. A snapshot is the engine state after folding the
 * first `applied` active commands and `cursor` bars, plus the events so far. It is only
 * used when the current command list starts with exactly those commands (checked with
 * a chained digest of the prefix), so a snapshot taken on a branch that a rewind set
 * aside is never applied to another branch by mistake.
 *
 * File: `<cursor>-<applied>-<digest prefix>.snap`, written to a temp name, fsynced and
 * renamed; line 1 is the crc32 of the JSON on line 2. A snapshot that fails its checksum
 * is ignored (the session re-folds from an older one or from the start).
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { hash } from 'node:crypto'
import type { EngineEvent } from '../../../shared/trading/events'
import { crc32Hex } from './journal'
import type { CommandEntry } from './session-log'

/** Version 2: bars fed at their close (replay/timeline.ts); version-1 snapshots folded the old order. */
export interface SnapshotFile {
  version: 2
  cursor: number
  applied: number
  /** Chained digest of the first `applied` commands. */
  prefix: string
  stateHash: string
  engine: unknown
  events: EngineEvent[]
}

const EMPTY_PREFIX = 'start'

/**
 * digest_i = sha1(digest_{i-1} | cursor | command JSON). One one-shot hash of the joined text
 * (the same bytes, so the same digests as snapshots already on disk carry): resume chains
 * every command of the journal, and five native calls per command cost more than the hash.
 */
export function chainDigest(prev: string, c: CommandEntry): string {
  return hash('sha1', `${prev}|${c.cursor}|${JSON.stringify(c.command)}`)
}

export function prefixChain(commands: CommandEntry[]): string[] {
  const out: string[] = [EMPTY_PREFIX]
  for (const c of commands) out.push(chainDigest(out[out.length - 1]!, c))
  return out
}

export interface SnapshotRef {
  file: string
  cursor: number
  applied: number
  prefix8: string
}

export class SnapshotStore {
  constructor(
    readonly dir: string,
    readonly keep = 6,
  ) {}

  list(): SnapshotRef[] {
    let names: string[]
    try {
      names = fs.readdirSync(this.dir)
    } catch {
      return []
    }
    const out: SnapshotRef[] = []
    for (const n of names) {
      const m = /^(\d+)-(\d+)-([0-9a-z]{1,8})\.snap$/.exec(n)
      if (m) out.push({ file: n, cursor: +m[1]!, applied: +m[2]!, prefix8: m[3]! })
    }
    return out.sort((a, b) => b.cursor - a.cursor || b.applied - a.applied)
  }

  /**
   * Best usable snapshot for `chain` (prefix digests of the active commands) at or before
   * `maxCursor`, holding at most `maxApplied` commands.
   */
  findBest(
    chain: readonly string[],
    commands: readonly CommandEntry[],
    maxCursor: number,
    maxApplied = Infinity,
  ): SnapshotFile | null {
    for (const ref of this.candidates(chain, commands, maxCursor, maxApplied)) {
      const snap = this.read(ref.file)
      if (snap && snap.prefix === chain[ref.applied] && snap.cursor === ref.cursor) return snap
    }
    return null
  }

  /**
   * Where a re-fold for these arguments would start, judged by the file names alone (no
   * snapshot read): the best candidate's cursor and commands, or the start. A candidate whose
   * file then fails its checksum sends the fold further back; that only costs time.
   */
  startFor(
    chain: readonly string[],
    commands: readonly CommandEntry[],
    maxCursor: number,
    maxApplied = Infinity,
  ): { cursor: number; applied: number } {
    for (const ref of this.candidates(chain, commands, maxCursor, maxApplied))
      return { cursor: ref.cursor, applied: ref.applied }
    return { cursor: 0, applied: 0 }
  }

  /** Snapshots whose names fit (best first): on this line, at or before maxCursor. */
  private *candidates(
    chain: readonly string[],
    commands: readonly CommandEntry[],
    maxCursor: number,
    maxApplied: number,
  ): Generator<SnapshotRef> {
    for (const ref of this.list()) {
      if (ref.cursor > maxCursor || ref.applied >= chain.length || ref.applied > maxApplied)
        continue
      if (!chain[ref.applied]!.startsWith(ref.prefix8)) continue
      // every later command must come at or after the snapshot's cursor
      const next = commands[ref.applied]
      if (next && next.cursor < ref.cursor) continue
      yield ref
    }
  }

  read(file: string): SnapshotFile | null {
    try {
      const text = fs.readFileSync(path.join(this.dir, file), 'utf8')
      const nl = text.indexOf('\n')
      if (nl !== 8) return null
      const json = text.slice(9).replace(/\n$/, '')
      if (crc32Hex(Buffer.from(json, 'utf8')) !== text.slice(0, 8)) return null
      const snap = JSON.parse(json) as SnapshotFile
      return snap.version === 2 ? snap : null
    } catch {
      return null
    }
  }

  write(snap: SnapshotFile): void {
    fs.mkdirSync(this.dir, { recursive: true })
    const name = `${snap.cursor}-${snap.applied}-${snap.prefix.slice(0, 8)}.snap`
    const json = JSON.stringify(snap)
    const tmp = path.join(this.dir, `${name}.tmp`)
    const fd = fs.openSync(tmp, 'w')
    try {
      fs.writeSync(fd, `${crc32Hex(Buffer.from(json, 'utf8'))}\n${json}\n`)
      fs.fdatasyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(tmp, path.join(this.dir, name))
    this.prune()
  }

  /** Remove temp files a crash left mid-write (they were never renamed into place). */
  cleanTemp(): void {
    try {
      for (const n of fs.readdirSync(this.dir))
        if (n.endsWith('.tmp')) fs.unlinkSync(path.join(this.dir, n))
    } catch {
      // no snapshot folder yet
    }
  }

  private prune(): void {
    const all = this.list()
    for (const ref of all.slice(this.keep)) {
      try {
        fs.unlinkSync(path.join(this.dir, ref.file))
      } catch {
        // already gone
      }
    }
  }
}
