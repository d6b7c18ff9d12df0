/**
 * App-wide hardening, following Electron's security checklist: no navigation, no new
 * windows, no webviews, every permission denied, and no request may leave the machine
 * (only the app:// renderer and devtools URLs load; in dev, the loopback dev server).
 * file:// and data: are not allowed: the renderer never needs them (app-protocol.ts).
 */
import { app, session, type WebContents } from 'electron'
import { APP_ORIGIN } from './app-protocol'

export function isAllowedUrl(url: string, devServerUrl?: string): boolean {
  if (url.startsWith(`${APP_ORIGIN}/`) || url.startsWith('devtools://')) return true
  if (devServerUrl && url.startsWith(devServerUrl)) return true
  if (devServerUrl && /^ws:\/\/(localhost|127\.0\.0\.1):\d+\//.test(url)) return true
  return false
}

/**
 * The hidden print windows (print-pdf.ts) load the report as a data: URL; only they may. Any
 * other data: request (the app window, a page it opened) is still cancelled.
 */
export const printWindows = new Set<number>()

export function hardenWebContents(contents: WebContents) {
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

export function hardenApp(devServerUrl?: string) {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents))
  const ses = session.defaultSession
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  ses.webRequest.onBeforeRequest((details, callback) => {
    const printing =
      details.url.startsWith('data:') &&
      details.webContentsId !== undefined &&
      printWindows.has(details.webContentsId)
    callback({ cancel: !printing && !isAllowedUrl(details.url, devServerUrl) })
  })
}
