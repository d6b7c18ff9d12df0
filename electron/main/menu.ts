/**
 * The native application menu. Replay commands are forwarded to the renderer as
 * `app:menu` pushes so the keyboard shortcuts and the menu run the same code.
 */
import { app, Menu, type MenuItemConstructorOptions } from 'electron'
import type { MenuCommand } from '../../shared/contract'
import type { DownloadSettings } from '../../shared/contract/download'
import type { Host } from '../host/host'

export interface MenuOptions {
  /** "Get Market Data…" is shown only while downloads are on (issue 15: a setting hides it). */
  getMarketData: boolean
}

export function buildMenu(send: (command: MenuCommand) => void, opts: MenuOptions) {
  const item = (
    label: string,
    command: MenuCommand,
    accelerator?: string,
  ): MenuItemConstructorOptions => ({
    label,
    accelerator,
    // Accelerators are shown but handled by the renderer's own key map, so keys work the
    // same in browser mode; registerAccelerator: false avoids double handling.
    registerAccelerator: false,
    click: () => send(command),
  })
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        item('New Session…', 'new-session', 'CmdOrCtrl+N'),
        item('Open Session…', 'open-session', 'CmdOrCtrl+O'),
        item('Import Market Data…', 'import-data', 'CmdOrCtrl+I'),
        { ...item('Get Market Data…', 'get-market-data'), visible: opts.getMarketData },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'Replay',
      submenu: [
        item('Play / Pause', 'play-pause', 'Space'),
        item('Step 1 Bar', 'step', 'Right'),
        item('Step 10 Bars', 'step-10', 'Shift+Right'),
        item('Next Event', 'next-event', 'N'),
      ],
    },
    {
      label: 'View',
      submenu: [
        item('Toggle Theme', 'toggle-theme'),
        item('Keyboard Shortcuts', 'shortcuts', '?'),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
      ],
    },
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}

/**
 * Keeps the menu in step with the download setting: hidden until the host says the feature
 * is on (a switched-off feature is never offered, not even for a moment), then rebuilt on
 * every `download:settingsChanged` push. Returns the unsubscribe.
 */
export function followDownloadSetting(
  host: Pick<Host, 'dispatch' | 'onPush'>,
  build: (opts: MenuOptions) => void,
): () => void {
  build({ getMarketData: false })
  let pushed = false
  const off = host.onPush((name, payload) => {
    if (name !== 'download:settingsChanged') return
    pushed = true
    build({ getMarketData: (payload as DownloadSettings).enabled })
  })
  void host.dispatch('download:settings', null).then((r) => {
    // a push that arrived first is newer than this answer
    if (r.ok && !pushed) build({ getMarketData: (r.value as DownloadSettings).enabled })
  })
  return off
}
