/**
 * Uploads in progress: one folder per upload under `<dataDir>/uploads/<id>/`, files written
 * chunk by chunk at contiguous offsets. Every name is re-checked here (the contract schema
 * already did) and only ever used as the last path segment, below a folder chosen by the
 * host from the declared kind — never from anything the client wrote.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { HostError } from '../../../shared/contract/errors'
import {
  UPLOAD_CHUNK_BYTES,
  UPLOAD_MAX_FILES,
  UPLOAD_MAX_TOTAL_BYTES,
  uploadNameProblem,
  type UploadKind,
} from '../../../shared/contract/upload'

/** Folder per kind, named as Binance names its download folders, so the importer's path rules apply. */
const KIND_DIR: Record<UploadKind | 'none', string> = {
  last: 'klines',
  mark: 'markPriceKlines',
  index: 'indexPriceKlines',
  funding: 'fundingRate',
  premiumIndex: 'premiumIndexKlines',
  none: 'files',
}

export interface UploadFile {
  name: string
  size: number
  kind?: UploadKind | undefined
  /** Absolute path on disk (host-chosen folder + the checked name). */
  diskPath: string
  /** What the user sees in reports: the name, prefixed by the kind folder when one was given. */
  label: string
  received: number
  complete: boolean
}

export interface Upload {
  id: string
  dir: string
  files: UploadFile[]
  totalBytes: number
  touched: number
  /** Set while `import:commit` runs; aborting it cancels the import. */
  commit: AbortController | null
  /** Serialises chunk writes of this upload. */
  queue: Promise<unknown>
}

export interface UploadStoreOptions {
  dataDir: string
  maxTotalBytes?: number
  chunkBytes?: number
  /** Uploads untouched this long are discarded (a closed tab, a crashed renderer). */
  idleMs?: number
  maxOpen?: number
  now?: () => number
}

function uploadsRoot(dataDir: string): string {
  return path.join(dataDir, 'uploads')
}

export class UploadStore {
  private readonly uploads = new Map<string, Upload>()
  private readonly root: string
  readonly maxTotalBytes: number
  readonly chunkBytes: number
  private readonly idleMs: number
  private readonly maxOpen: number
  private readonly now: () => number

  constructor(opts: UploadStoreOptions) {
    this.root = uploadsRoot(opts.dataDir)
    this.maxTotalBytes = opts.maxTotalBytes ?? UPLOAD_MAX_TOTAL_BYTES
    this.chunkBytes = opts.chunkBytes ?? UPLOAD_CHUNK_BYTES
    this.idleMs = opts.idleMs ?? 15 * 60_000
    this.maxOpen = opts.maxOpen ?? 4
    this.now = opts.now ?? Date.now
  }

  get(id: string): Upload {
    const u = this.uploads.get(id)
    if (!u) throw new HostError('NOT_FOUND', 'Unknown or finished upload')
    return u
  }

  has(id: string): boolean {
    return this.uploads.has(id)
  }

  get openCount(): number {
    return this.uploads.size
  }

  async begin(files: { name: string; size: number; kind?: UploadKind }[]): Promise<Upload> {
    await this.expireIdle()
    if (this.uploads.size >= this.maxOpen)
      throw new HostError('CONFLICT', 'Too many uploads in progress; cancel one first')
    if (files.length === 0 || files.length > UPLOAD_MAX_FILES)
      throw new HostError('INVALID_REQUEST', `Upload 1 to ${UPLOAD_MAX_FILES} files`)
    let total = 0
    const seen = new Set<string>()
    const id = randomBytes(12).toString('hex')
    const dir = path.join(this.root, id)
    const list: UploadFile[] = files.map((f) => {
      const problem = uploadNameProblem(f.name)
      if (problem) throw new HostError('INVALID_REQUEST', `${JSON.stringify(f.name)}: ${problem}`)
      if (!Number.isSafeInteger(f.size) || f.size < 0)
        throw new HostError('INVALID_REQUEST', `${f.name}: bad size`)
      total += f.size
      const sub = KIND_DIR[f.kind ?? 'none']
      const key = `${sub}/${f.name.toLowerCase()}`
      if (seen.has(key))
        throw new HostError('INVALID_REQUEST', `Two files named ${f.name}; import them separately`)
      seen.add(key)
      const diskPath = path.join(dir, sub, f.name)
      // Belt and braces: the joined path must stay inside the upload folder.
      if (path.dirname(path.dirname(diskPath)) !== dir)
        throw new HostError('INVALID_REQUEST', `${f.name}: not a plain file name`)
      return {
        name: f.name,
        size: f.size,
        kind: f.kind,
        diskPath,
        label: f.kind && f.kind !== 'last' ? `${sub}/${f.name}` : f.name,
        received: 0,
        complete: false,
      }
    })
    if (total > this.maxTotalBytes)
      throw new HostError(
        'INVALID_REQUEST',
        `Upload too large: ${fmtBytes(total)} (at most ${fmtBytes(this.maxTotalBytes)} at once)`,
      )
    await mkdir(dir, { recursive: true })
    for (const sub of new Set(list.map((f) => path.dirname(f.diskPath))))
      await mkdir(sub, { recursive: true })
    const upload: Upload = {
      id,
      dir,
      files: list,
      totalBytes: total,
      touched: this.now(),
      commit: null,
      queue: Promise.resolve(),
    }
    this.uploads.set(id, upload)
    return upload
  }

  /** Append one chunk; rejected (nothing written) unless it continues the file exactly. */
  chunk(
    id: string,
    req: { fileIndex: number; name: string; offset: number; data: Buffer; final?: boolean },
  ): Promise<{ received: number; complete: boolean }> {
    const u = this.get(id)
    const run = u.queue.then(() => this.write(u, req))
    u.queue = run.catch(() => undefined)
    return run
  }

  private async write(
    u: Upload,
    req: { fileIndex: number; name: string; offset: number; data: Buffer; final?: boolean },
  ): Promise<{ received: number; complete: boolean }> {
    if (!this.uploads.has(u.id)) throw new HostError('NOT_FOUND', 'Upload was cancelled')
    if (u.commit) throw new HostError('CONFLICT', 'Upload is already being imported')
    const f = u.files[req.fileIndex]
    if (!f) throw new HostError('INVALID_REQUEST', `No file #${req.fileIndex} in this upload`)
    if (f.name !== req.name)
      throw new HostError('INVALID_REQUEST', `File #${req.fileIndex} is ${f.name}, not ${req.name}`)
    if (f.complete) throw new HostError('INVALID_REQUEST', `${f.name} is already complete`)
    if (req.offset !== f.received)
      throw new HostError(
        'INVALID_REQUEST',
        `${f.name}: chunk at offset ${req.offset}, expected ${f.received} (chunks must be contiguous)`,
      )
    if (req.data.length > this.chunkBytes)
      throw new HostError('INVALID_REQUEST', `Chunk larger than ${fmtBytes(this.chunkBytes)}`)
    if (f.received + req.data.length > f.size)
      throw new HostError('INVALID_REQUEST', `${f.name}: more bytes than the declared ${f.size}`)
    if (req.final && f.received + req.data.length !== f.size)
      throw new HostError(
        'INVALID_REQUEST',
        `${f.name}: ends at ${f.received + req.data.length} bytes, declared ${f.size}`,
      )
    u.touched = this.now()
    // 'wx' on the first chunk: never write over something already there.
    const fh = await open(f.diskPath, f.received === 0 ? 'wx' : 'r+')
    try {
      let done = 0
      while (done < req.data.length) {
        const { bytesWritten } = await fh.write(
          req.data,
          done,
          req.data.length - done,
          f.received + done,
        )
        done += bytesWritten
      }
    } finally {
      await fh.close()
    }
    f.received += req.data.length
    if (req.final) f.complete = true
    return { received: f.received, complete: f.complete }
  }

  /** Everything received? Throws a clear error naming the first incomplete file. */
  assertComplete(u: Upload): void {
    const missing = u.files.find((f) => !f.complete)
    if (missing)
      throw new HostError(
        'INVALID_REQUEST',
        `${missing.name}: only ${missing.received} of ${missing.size} bytes arrived`,
      )
  }

  /** Forget the upload and delete its folder (waits for a chunk being written). */
  async discard(id: string): Promise<boolean> {
    const u = this.uploads.get(id)
    if (!u) return false
    this.uploads.delete(id)
    u.commit?.abort()
    await u.queue
    await rm(u.dir, { recursive: true, force: true })
    return true
  }

  async expireIdle(): Promise<void> {
    const limit = this.now() - this.idleMs
    for (const u of [...this.uploads.values()])
      if (!u.commit && u.touched < limit) await this.discard(u.id)
  }

  /** Remove upload folders left by an earlier run (older than `olderThanMs`). */
  async sweepStale(olderThanMs = 60 * 60_000): Promise<void> {
    let names: string[]
    try {
      names = await readdir(this.root)
    } catch {
      return
    }
    for (const n of names) {
      if (this.uploads.has(n)) continue
      const p = path.join(this.root, n)
      try {
        const st = await stat(p)
        if (this.now() - st.mtimeMs > olderThanMs) await rm(p, { recursive: true, force: true })
      } catch {
        /* already gone */
      }
    }
  }

  async close(): Promise<void> {
    for (const id of [...this.uploads.keys()]) await this.discard(id)
  }
}

export function fmtBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(2)} GB`
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${n} B`
}
