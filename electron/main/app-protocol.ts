/**
 * The renderer is served from a privileged custom scheme, `app://perpdojo/…`, not from
 * file:// (Electron security checklist, "Use a custom protocol instead of file://"). The
 * handler serves only files inside the built renderer folder; every other URL is 404 /
 * 403, so a page can never read an arbitrary local file by URL.
 */
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { protocol } from 'electron'
import { CSP, contentType, requestPath } from '../host/server/static-files'

const APP_SCHEME = 'app'
export const APP_ORIGIN = 'app://perpdojo'
export const APP_RENDERER_URL = `${APP_ORIGIN}/index.html`

/** Must run before the app is ready: a standard, secure scheme (origin, fetch, storage). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false },
    },
  ])
}

/** The response for one app:// request, confined to `rendererDir`. */
export async function appResponse(rendererDir: string, url: string): Promise<Response> {
  const u = URL.canParse(url) ? new URL(url) : null
  if (!u || u.protocol !== `${APP_SCHEME}:` || u.host !== 'perpdojo')
    return new Response('Not found', { status: 404 })
  const rel = requestPath(u.pathname)
  if (rel === null) return new Response('Bad request', { status: 400 })
  const root = path.resolve(rendererDir)
  const file = path.resolve(root, '.' + (rel === '/' ? '/index.html' : rel))
  if (!file.startsWith(root + path.sep)) return new Response('Forbidden', { status: 403 })
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file')
    return new Response(new Uint8Array(await readFile(file)), {
      status: 200,
      headers: {
        'Content-Type': contentType(file),
        'Content-Security-Policy': CSP,
        'X-Content-Type-Options': 'nosniff',
      },
    })
  } catch {
    return new Response('Not found', { status: 404 })
  }
}

/** Serve the built renderer on app:// (after the app is ready). */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => appResponse(rendererDir, request.url))
}
