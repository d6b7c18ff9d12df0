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
import type { SessionSummary } from '../../../shared/contract/session'
import { readJournalBuffer, type JournalRead } from './journal'

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
    return readJournalBuffer(fs.readFileSync(this.journalPath(id)))
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

  readMeta(id: string): SessionSummary | null {
    try {
      const m = JSON.parse(fs.readFileSync(path.join(this.dir(id), 'meta.json'), 'utf8'))
      return m && m.id === id ? (m as SessionSummary) : null
    } catch {
      return null
    }
  }

  writeMeta(summary: SessionSummary): void {
    const file = path.join(this.dir(summary.id), 'meta.json')
    const tmp = `${file}.tmp`
    try {
      fs.writeFileSync(tmp, JSON.stringify(summary))
      fs.renameSync(tmp, file)
    } catch {
      // meta is a cache; the journal stays the truth
    }
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
