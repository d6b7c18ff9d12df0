/**
 * Electron main: a thin adapter. It owns the window, the menu and OS integration; all
 * behaviour lives in the host (electron/host), which runs in a utility process
 * (host-process.ts) and is driven over the shared contract (host-client.ts relays).
 */
import { app, BrowserWindow, dialog, Notification, utilityProcess } from 'electron'
import path from 'node:path'
import { mkdirSync } from 'node:fs'
import pkg from '../../package.json'
import { APP_RENDERER_URL, registerAppScheme, serveRenderer } from './app-protocol'
import { acquireDataLock, DataFolderLocked, type DataLock } from '../host/data-lock'
import { remoteHost } from './host-client'
import { registerIpc } from './ipc'
import { PUSH_CHANNEL } from './ipc-channels'
import { buildMenu, followDownloadSetting } from './menu'
import { osNotificationsFor } from './notifications'
import { printHtmlToPdf } from './print-pdf'
import { hardenApp } from './security'
import { loadWindowState, saveWindowState } from './window-state'

const devServerUrl = process.env.ELECTRON_RENDERER_URL

function start() {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  // Same folder the browser mode uses (electron/host/paths.ts); PERPDOJO_DATA_DIR overrides.
  const dataDir = process.env.PERPDOJO_DATA_DIR
    ? path.resolve(process.env.PERPDOJO_DATA_DIR)
    : app.getPath('userData')
  mkdirSync(dataDir, { recursive: true })
  // The single-instance lock covers only other desktop windows; `npm run web` may hold the
  // same folder (electron/host/data-lock.ts).
  let lock: DataLock
  try {
    lock = acquireDataLock(dataDir, 'desktop app')
  } catch (err) {
    if (!(err instanceof DataFolderLocked)) throw err
    void app.whenReady().then(() => {
      dialog.showErrorBox('PerpDojo is already running', err.message)
      app.quit()
    })
    return
  }
  const rendererDir = path.join(__dirname, '..', 'renderer')
  const rendererUrl = devServerUrl ?? APP_RENDERER_URL
  registerAppScheme() // before ready
  let win: BrowserWindow | null = null

  app.on('second-instance', () => {
    if (!win) return
    if (win.isMinimized()) win.restore()
    win.focus()
  })

  void app.whenReady().then(() => {
    hardenApp(devServerUrl)
    if (!devServerUrl) serveRenderer(rendererDir)
    // The host runs in a utility process: a long request never freezes the window or menus.
    const child = utilityProcess.fork(path.join(__dirname, 'host-process.js'), [], {
      serviceName: 'PerpDojo host',
    })
    const host = remoteHost(
      child,
      {
        dataDir,
        resourcesDir: path.join(app.getAppPath(), 'resources'),
        transport: 'electron',
        version: pkg.version,
        importWorker: path.join(__dirname, 'import-worker.js'),
        workWorker: path.join(__dirname, 'work-worker.js'),
      },
      printHtmlToPdf,
    )
    registerIpc(host, rendererUrl, () => (win ? [win.webContents] : []))
    host.onPush((name, payload) => {
      if (!Notification.isSupported() || !win || (win.isFocused() && !win.isMinimized())) return
      for (const n of osNotificationsFor(name, payload)) new Notification(n).show()
    })
    followDownloadSetting(host, (opts) =>
      buildMenu((command) => win?.webContents.send(PUSH_CHANNEL, 'app:menu', command), opts),
    )

    const state = loadWindowState(dataDir)
    win = new BrowserWindow({
      ...state,
      minWidth: 1024,
      minHeight: 700,
      show: false,
      backgroundColor: '#0b0e11',
      title: 'PerpDojo',
      webPreferences: {
        preload: path.join(__dirname, '..', 'preload', 'index.js'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
      },
    })
    if (state.maximized) win.maximize()
    win.once('ready-to-show', () => win?.show())
    win.on('close', () => {
      if (!win) return
      saveWindowState(dataDir, { ...win.getNormalBounds(), maximized: win.isMaximized() })
    })
    void win.loadURL(rendererUrl)
    app.on('before-quit', () => void host.close().finally(() => lock.release()))
  })
  app.on('window-all-closed', () => app.quit())
}

start()
