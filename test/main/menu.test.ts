/**
 * The native menu follows the download setting (issue 15: a setting hides "Get market
 * data…" entirely): hidden until the host answers, rebuilt when the desk switches it.
 * Electron is mocked; the host is the real one over a temp data folder.
 */
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHost, type Host } from '../../electron/host/host'
import { makeElectronMock } from './electron-mock'

const electron = makeElectronMock()
vi.mock('electron', () => electron.module)
const { buildMenu, followDownloadSetting } = await import('../../electron/main/menu')

interface Item {
  label?: string
  visible?: boolean
  submenu?: Item[]
  click?: () => void
}
/** The "Get Market Data…" item of the menu last set, or undefined when there is none. */
function getMarketData(): Item | undefined {
  const template = electron.menu.current?.template as Item[] | undefined
  const file = template?.find((m) => m.label === 'File')
  return file?.submenu?.find((i) => i.label === 'Get Market Data…')
}
const shown = () => getMarketData()?.visible !== false
const settled = () => new Promise((r) => setTimeout(r, 50))

let host: Host | null = null
afterEach(async () => {
  await host?.close()
  host = null
})

describe('application menu', () => {
  it('shows "Get Market Data…" only while downloads are on, and sends its command', () => {
    const send = vi.fn()
    buildMenu(send, { getMarketData: true })
    expect(shown()).toBe(true)
    getMarketData()!.click!()
    expect(send).toHaveBeenCalledWith('get-market-data')
    buildMenu(send, { getMarketData: false })
    expect(getMarketData()).toBeDefined()
    expect(shown()).toBe(false)
  })

  it('follows the setting kept by the host: at start, and when the desk switches it', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pd-menu-'))
    const h = (host = createHost({
      dataDir,
      resourcesDir: path.resolve('resources'),
      transport: 'electron',
      version: 't',
    }))
    const build = (opts: { getMarketData: boolean }) => buildMenu(() => {}, opts)
    const stop = followDownloadSetting(h, build)
    expect(shown()).toBe(false) // not offered before the host has answered
    await settled()
    expect(shown()).toBe(true) // the default is on
    expect(await h.dispatch('download:setEnabled', { enabled: false })).toMatchObject({ ok: true })
    expect(shown()).toBe(false)
    await h.dispatch('download:setEnabled', { enabled: true })
    expect(shown()).toBe(true)
    await h.dispatch('download:setEnabled', { enabled: false })
    stop()

    // a restart reads the saved setting: the item stays hidden
    await h.close()
    const again = (host = createHost({
      dataDir,
      resourcesDir: path.resolve('resources'),
      transport: 'electron',
      version: 't',
    }))
    buildMenu(() => {}, { getMarketData: true })
    followDownloadSetting(again, build)
    await settled()
    expect(shown()).toBe(false)
  })
})
