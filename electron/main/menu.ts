/**
 * The native application menu. Replay commands are forwarded to the renderer as
 * `app:menu` pushes so the keyboard shortcuts and the menu run the same code.
 */
import { app, Menu, type MenuItemConstructorOptions } from 'electron'
import type { MenuCommand } from '../../shared/contract'

export function buildMenu(send: (command: MenuCommand) => void) {
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
        item('Get Market Data…', 'get-market-data'),
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
