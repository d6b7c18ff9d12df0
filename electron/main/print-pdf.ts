/**
 * Prints report HTML to PDF bytes in a hidden, sandboxed window with JavaScript off: the
 * report is self-contained HTML the host generated, and it is laid out exactly as the user
 * would see it printed (Electron's webContents.printToPDF).
 */
import { BrowserWindow } from 'electron'
import { printWindows } from './security'

export async function printHtmlToPdf(html: string): Promise<Uint8Array> {
  const win = new BrowserWindow({
    show: false,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      javascript: false,
    },
  })
  const id = win.webContents.id
  printWindows.add(id)
  try {
    await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`)
    const pdf = await win.webContents.printToPDF({ printBackground: true, pageSize: 'A4' })
    return new Uint8Array(pdf)
  } finally {
    printWindows.delete(id)
    win.destroy()
  }
}
