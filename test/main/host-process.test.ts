/**
 * Issue 10 item 8: in the desktop app the host runs in a utility process; main only relays.
 * Main's client (host-client.ts) and the process's server (host-process.ts) are wired here
 * through an in-memory channel with structured cloning, around a real host (electron mocked).
 */
import { rmSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { makeElectronMock } from './electron-mock'
import { tempDir } from '../host/session/support'

const electron = makeElectronMock()
vi.mock('electron', () => electron.module)
const { remoteHost } = await import('../../electron/main/host-client')
const { serveHost } = await import('../../electron/main/host-process')
const { createHost } = await import('../../electron/host/host')
type FromHost = import('../../electron/main/host-wire').FromHost
type ToHost = import('../../electron/main/host-wire').ToHost

const dir = tempDir('pd-hostproc-')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function wire() {
  const toMain = new Set<(m: FromHost) => void>()
  const onExit = new Set<(c: number) => void>()
  let toHost: (m: ToHost) => void = () => {}
  let printer: ((html: string) => Promise<Uint8Array>) | undefined
  serveHost(
    {
      post: (m) => setImmediate(() => toMain.forEach((fn) => fn(structuredClone(m)))),
      onMessage: (fn) => (toHost = fn),
    },
    (o) => {
      printer = o.printToPdf
      return createHost(o)
    },
  )
  const child = {
    postMessage: (m: ToHost) => setImmediate(() => toHost(structuredClone(m))),
    on: (ev: string, fn: (x: never) => void) =>
      ev === 'message' ? toMain.add(fn as never) : onExit.add(fn as never),
    kill: () => true,
  }
  const printed: string[] = []
  const host = remoteHost(
    child as never,
    {
      dataDir: path.join(dir, 'data'),
      resourcesDir: path.resolve('resources'),
      transport: 'electron',
      version: 't',
    },
    async (html) => {
      printed.push(html)
      return new Uint8Array([37, 80, 68, 70])
    },
  )
  return { host, printed, exit: () => onExit.forEach((fn) => fn(1)), print: () => printer! }
}

describe('host in a utility process', () => {
  it('relays requests and pushes between main and the host process', async () => {
    const { host } = wire()
    const pushes: unknown[] = []
    host.onPush((name, payload) => pushes.push({ name, payload }))
    expect(await host.dispatch('app:ping', { echo: 'hi', notify: true })).toEqual({
      ok: true,
      value: { echo: 'hi' },
    })
    await new Promise((r) => setTimeout(r, 20))
    expect(pushes).toContainEqual({ name: 'app:notice', payload: { level: 'info', message: 'hi' } })
    const bad = await host.dispatch('no:such', null)
    expect(bad.ok === false && bad.error.code).toBe('UNKNOWN_METHOD')
    await host.close()
  })

  it('relays print-to-PDF back to main (printToPDF lives there)', async () => {
    const w = wire()
    await w.host.dispatch('app:ping', { echo: 'x' }) // host started
    const bytes = await w.print()('<h1>report</h1>')
    expect(Array.from(bytes)).toEqual([37, 80, 68, 70])
    expect(w.printed).toEqual(['<h1>report</h1>'])
    await w.host.close()
  })

  it('answers requests in flight when the host process dies, and every later one', async () => {
    const w = wire()
    const inFlight = w.host.dispatch('app:ping', { echo: 'x' })
    w.exit()
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(await w.host.dispatch('app:ping', { echo: 'y' })).toMatchObject({ ok: false })
  })
})
