/**
 * Serves the built renderer (out/renderer) to the browser mode. Read-only, GET/HEAD only,
 * paths confined to the root, and the same strict CSP the Electron window uses.
 */
import { createReadStream, promises as fs } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

/** The Content-Type for a file name (unknown: octet-stream, with nosniff). */
export function contentType(file: string): string {
  return TYPES[path.extname(file)] ?? 'application/octet-stream'
}

export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/**
 * The decoded path of a request target, or null when it is not a plain origin-form path we
 * can decode (`/%zz`, `//host`, a NUL byte…). Never throws: any web page the user visits can
 * point an <img> at the loopback port.
 */
export function requestPath(target: string | undefined): string | null {
  const raw = target ?? '/'
  if (!raw.startsWith('/') || raw.startsWith('//')) return null
  let pathname: string
  try {
    pathname = decodeURIComponent(new URL(raw, 'http://127.0.0.1').pathname)
  } catch {
    return null
  }
  return pathname.includes('\0') ? null : pathname
}

export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405).end()
    return
  }
  const decoded = requestPath(req.url)
  if (decoded === null) {
    res.writeHead(400, { 'Content-Type': 'text/plain' }).end('Bad request')
    return
  }
  const rel = decoded === '/' ? '/index.html' : decoded
  const file = path.resolve(root, '.' + rel)
  if (!file.startsWith(path.resolve(root) + path.sep)) {
    res.writeHead(403).end()
    return
  }
  try {
    const stat = await fs.stat(file)
    if (!stat.isFile()) throw new Error('not a file')
    res.writeHead(200, {
      'Content-Type': contentType(file),
      'Content-Length': stat.size,
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    })
    if (req.method === 'HEAD') res.end()
    // A file that vanishes between stat and read ends this response, not the host.
    else
      createReadStream(file)
        .on('error', () => res.destroy())
        .pipe(res)
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found')
  }
}
