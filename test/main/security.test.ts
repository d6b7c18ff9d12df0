import { describe, expect, it, vi } from 'vitest'
import { makeElectronMock } from './electron-mock'

const electron = makeElectronMock()
vi.mock('electron', () => electron.module)
const { hardenApp, hardenWebContents, isAllowedUrl, printWindows } =
  await import('../../electron/main/security')

describe('Electron hardening', () => {
  it('blocks navigation, redirects, webviews and new windows', () => {
    const listeners = new Map<string, (e: { preventDefault: () => void }) => void>()
    let openHandler: (() => unknown) | null = null
    const contents = {
      on: (ev: string, fn: (e: { preventDefault: () => void }) => void) => listeners.set(ev, fn),
      setWindowOpenHandler: (fn: () => unknown) => (openHandler = fn),
    }
    hardenWebContents(contents as never)
    for (const ev of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn()
      listeners.get(ev)!({ preventDefault })
      expect(preventDefault, ev).toHaveBeenCalled()
    }
    expect(openHandler!()).toEqual({ action: 'deny' })
  })

  it('denies every permission request and check', () => {
    hardenApp()
    const callback = vi.fn()
    electron.permissionRequest.handler!(null, 'media', callback)
    expect(callback).toHaveBeenCalledWith(false)
    expect(electron.permissionCheck.handler!()).toBe(false)
  })

  it('cancels every request that would leave the machine', () => {
    hardenApp()
    const decide = (url: string) => {
      let cancel: boolean | undefined
      electron.beforeRequest.handler!({ url }, (r: { cancel: boolean }) => (cancel = r.cancel))
      return cancel
    }
    expect(decide('https://fonts.googleapis.com/css')).toBe(true)
    expect(decide('http://127.0.0.1:9999/')).toBe(true)
    expect(decide('app://perpdojo/index.html')).toBe(false)
    expect(decide('app://perpdojo/assets/index.js')).toBe(false)
    // issue 11 item 11: file:// and data: are no longer allowed at all
    expect(decide('file:///app/out/renderer/index.html')).toBe(true)
    expect(decide('file:///etc/passwd')).toBe(true)
    expect(decide('data:text/html,<script>1</script>')).toBe(true)
    expect(decide('app://elsewhere/index.html')).toBe(true)
    // …except for a hidden print window, which loads the report as data:
    printWindows.add(42)
    let cancel: boolean | undefined
    electron.beforeRequest.handler!(
      { url: 'data:text/html,report', webContentsId: 42 },
      (r: { cancel: boolean }) => (cancel = r.cancel),
    )
    expect(cancel).toBe(false)
    printWindows.delete(42)
  })

  it('allows the loopback dev server only when one is configured', () => {
    expect(isAllowedUrl('http://localhost:5173/src/main.ts')).toBe(false)
    expect(isAllowedUrl('http://localhost:5173/src/main.ts', 'http://localhost:5173')).toBe(true)
  })
})
