import { beforeEach, describe, expect, it, vi } from 'vitest'
import { makeElectronMock } from './electron-mock'

const electron = makeElectronMock()
vi.mock('electron', () => electron.module)

const { registerIpc } = await import('../../electron/main/ipc')
const { INVOKE_CHANNEL, PUSH_CHANNEL } = await import('../../electron/main/ipc-channels')

const RENDERER = 'file:///app/out/renderer/index.html'

function fakeHost() {
  let push: ((name: string, payload: unknown) => void) | null = null
  return {
    dispatch: vi.fn(async (method: unknown, payload: unknown) => ({
      ok: true as const,
      value: { method, payload },
    })),
    onPush: vi.fn((l: (name: string, payload: unknown) => void) => {
      push = l
      return () => (push = null)
    }),
    close: vi.fn(async () => {}),
    emit: (name: string, payload: unknown) => push?.(name, payload),
  }
}

describe('Electron IPC adapter', () => {
  beforeEach(() => electron.handlers.clear())

  it('forwards a trusted invoke to the host dispatcher untouched (the host validates it)', async () => {
    const host = fakeHost()
    registerIpc(host as never, RENDERER, () => [])
    const handler = electron.handlers.get(INVOKE_CHANNEL)!
    const result = await handler({ senderFrame: { url: RENDERER + '#x' } }, 'app:ping', {
      echo: 'a',
    })
    expect(host.dispatch).toHaveBeenCalledWith('app:ping', { echo: 'a' })
    expect(result).toEqual({ ok: true, value: { method: 'app:ping', payload: { echo: 'a' } } })
  })

  it('refuses messages from any other frame without reaching the host', async () => {
    const host = fakeHost()
    registerIpc(host as never, RENDERER, () => [])
    const handler = electron.handlers.get(INVOKE_CHANNEL)!
    const result = await handler({ senderFrame: { url: 'https://evil.example/' } }, 'app:ping', {})
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } })
    expect(host.dispatch).not.toHaveBeenCalled()
  })

  it('sends host pushes to live windows only, and unregisters cleanly', () => {
    const host = fakeHost()
    const live = { isDestroyed: () => false, send: vi.fn() }
    const dead = { isDestroyed: () => true, send: vi.fn() }
    const dispose = registerIpc(host as never, RENDERER, () => [live, dead] as never)
    host.emit('app:notice', { level: 'info', message: 'm' })
    expect(live.send).toHaveBeenCalledWith(PUSH_CHANNEL, 'app:notice', {
      level: 'info',
      message: 'm',
    })
    expect(dead.send).not.toHaveBeenCalled()
    dispose()
    expect(electron.handlers.has(INVOKE_CHANNEL)).toBe(false)
  })

  it('validates real payloads end to end through the host (hostile input gets a coded error)', async () => {
    const { createHost } = await import('../../electron/host/host')
    const host = createHost({
      dataDir: '/nonexistent',
      resourcesDir: '/nonexistent',
      transport: 'electron',
      version: 't',
    })
    registerIpc(host, RENDERER, () => [])
    const handler = electron.handlers.get(INVOKE_CHANNEL)!
    const trusted = { senderFrame: { url: RENDERER } }
    expect(await handler(trusted, 'app:ping', { echo: 'ok' })).toEqual({
      ok: true,
      value: { echo: 'ok' },
    })
    const hostile = JSON.parse('{"echo":"x","__proto__":{"polluted":true}}')
    // A strict schema refuses the smuggled key outright, and nothing gets polluted.
    expect(await handler(trusted, 'app:ping', hostile)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(await handler(trusted, 'app:ping', { echo: 42 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    })
    expect(await handler(trusted, 'app:eval', 'process.exit()')).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD' },
    })
  })
})
