/**
 * One HTTP GET into a file, the way the downloader needs it: only to the archive's origin
 * (redirects too, at most `maxRedirects`), an idle timeout (no byte for `idleMs`, including
 * before the headers), resume of a partial `.part` file with a Range request, byte progress and
 * cancel. Errors are coded (DownloadError) so the dialog can say what happened.
 */
import { createWriteStream } from 'node:fs'
import { stat, truncate } from 'node:fs/promises'
import http from 'node:http'
import https from 'node:https'
import { allowedUrl, type ArchiveOrigin } from './archive'

export type DownloadErrorCode =
  | 'NOT_FOUND'
  | 'HTTP_STATUS'
  | 'TIMEOUT'
  | 'CONNECTION_DROPPED'
  | 'REDIRECT_REFUSED'
  | 'TOO_MANY_REDIRECTS'
  | 'TOO_LARGE'
  | 'CANCELLED'
  | 'CHECKSUM_MISMATCH'
  | 'BAD_CHECKSUM_FILE'
  | 'NETWORK'

export class DownloadError extends Error {
  constructor(
    readonly code: DownloadErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'DownloadError'
  }
}

export interface GetOptions {
  origin: ArchiveOrigin
  signal?: AbortSignal
  /** No byte (or no response) for this long: TIMEOUT. */
  idleMs: number
  maxRedirects: number
  /** Refuse bodies larger than this. */
  maxBytes: number
  onBytes?: (n: number) => void
}

interface Opened {
  res: http.IncomingMessage
  req: http.ClientRequest
  /** Set when the idle timer fired (the abort that follows must be reported as TIMEOUT). */
  timedOut: () => boolean
}

/** Open a GET, following allowed redirects; resolves with the final response. */
function open(url: URL, headers: Record<string, string>, o: GetOptions): Promise<Opened> {
  return new Promise((resolve, reject) => {
    let redirects = 0
    let timedOut = false
    const go = (u: URL) => {
      if (!allowedUrl(o.origin, u))
        return reject(new DownloadError('REDIRECT_REFUSED', `refused to contact ${u.origin}`))
      const lib = u.protocol === 'https:' ? https : http
      const req = lib.get(u, { headers, signal: o.signal, timeout: o.idleMs }, (res) => {
        const s = res.statusCode ?? 0
        if (s >= 300 && s < 400 && res.headers.location) {
          res.resume()
          if (++redirects > o.maxRedirects)
            return reject(
              new DownloadError('TOO_MANY_REDIRECTS', `more than ${o.maxRedirects} redirects`),
            )
          return go(new URL(res.headers.location, u))
        }
        resolve({ res, req, timedOut: () => timedOut })
      })
      req.on('timeout', () => {
        timedOut = true
        req.destroy(new DownloadError('TIMEOUT', `no data for ${o.idleMs / 1000} s`))
      })
      req.on('error', (err) => reject(coded(err, o.signal)))
    }
    go(url)
  })
}

function coded(err: unknown, signal?: AbortSignal): DownloadError {
  if (err instanceof DownloadError) return err
  if (signal?.aborted) return new DownloadError('CANCELLED', 'cancelled')
  const e = err as NodeJS.ErrnoException
  if (e.code === 'ECONNRESET' || e.code === 'EPIPE' || e.message === 'aborted')
    return new DownloadError('CONNECTION_DROPPED', 'the connection dropped')
  return new DownloadError('NETWORK', e.message || String(err))
}

/** Fetch a small text file (a .CHECKSUM) into memory. */
export async function getText(url: URL, o: GetOptions): Promise<string> {
  const { res } = await open(url, {}, o)
  const s = res.statusCode ?? 0
  if (s === 404) {
    res.resume()
    throw new DownloadError('NOT_FOUND', 'not in the archive (404)')
  }
  if (s !== 200) {
    res.resume()
    throw new DownloadError('HTTP_STATUS', `HTTP ${s}`)
  }
  const chunks: Buffer[] = []
  let n = 0
  return new Promise((resolve, reject) => {
    res.on('data', (c: Buffer) => {
      n += c.length
      if (n > 4096) res.destroy(new DownloadError('TOO_LARGE', 'checksum file too large'))
      else chunks.push(c)
    })
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    res.on('error', (err) => reject(coded(err, o.signal)))
    res.on('aborted', () =>
      reject(new DownloadError('CONNECTION_DROPPED', 'the connection dropped')),
    )
  })
}

/**
 * GET `url` into `part`, resuming from its current size. Resolves with the total size once
 * the whole body has arrived; rejects (keeping what arrived, for the next resume) otherwise.
 */
export async function getToPart(url: URL, part: string, o: GetOptions): Promise<number> {
  let have = 0
  try {
    have = (await stat(part)).size
  } catch {
    have = 0
  }
  const { res, req, timedOut } = await open(url, have > 0 ? { Range: `bytes=${have}-` } : {}, o)
  const s = res.statusCode ?? 0
  if (s === 404) {
    res.resume()
    throw new DownloadError('NOT_FOUND', 'not in the archive (404)')
  }
  if (s === 416 && have > 0) {
    // what we hold is not a prefix of this file any more: start over
    res.resume()
    await truncate(part, 0)
    return getToPart(url, part, o)
  }
  if (s !== 200 && s !== 206) {
    res.resume()
    throw new DownloadError('HTTP_STATUS', `HTTP ${s}`)
  }
  let start = 0
  let total = Number(res.headers['content-length'] ?? NaN)
  if (s === 206) {
    const m = /bytes (\d+)-\d+\/(\d+)/.exec(String(res.headers['content-range'] ?? ''))
    if (!m || Number(m[1]) !== have) {
      res.resume()
      await truncate(part, 0)
      return getToPart(url, part, o)
    }
    start = have
    total = Number(m[2])
  }
  if (Number.isFinite(total) && total > o.maxBytes) {
    res.destroy()
    throw new DownloadError('TOO_LARGE', `file is ${total} bytes, more than allowed`)
  }
  if (start === 0 && have > 0) await truncate(part, 0) // the server ignored the range
  const out = createWriteStream(part, { flags: start > 0 ? 'a' : 'w' })
  let got = start
  return new Promise<number>((resolve, reject) => {
    let done = false
    const fail = (err: DownloadError) => {
      if (done) return
      done = true
      res.destroy()
      const why = timedOut()
        ? new DownloadError('TIMEOUT', `no data for ${o.idleMs / 1000} s after ${got} bytes`)
        : err
      out.end(() => reject(why))
    }
    const dropped = () =>
      new DownloadError('CONNECTION_DROPPED', `the connection dropped after ${got} bytes`)
    res.on('data', (c: Buffer) => {
      got += c.length
      if (got > o.maxBytes) return fail(new DownloadError('TOO_LARGE', 'file larger than allowed'))
      o.onBytes?.(c.length)
    })
    res.on('aborted', () => fail(dropped()))
    res.on('error', (err) => fail(o.signal?.aborted ? coded(err, o.signal) : dropped()))
    req.on('error', (err) => fail(coded(err, o.signal)))
    res.on('end', () => {
      if (Number.isFinite(total) && got !== total) return fail(dropped())
      if (done) return
      done = true
      out.end(() => resolve(got))
    })
    res.pipe(out, { end: false })
  })
}
