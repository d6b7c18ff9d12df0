import { describe, expect, it, vi } from 'vitest'
import type { Bridge } from '../../shared/contract'
import { makeElectronMock } from './electron-mock'

const electron = makeElectronMock()
vi.mock('electron', () => electron.module)
await import('../../electron/preload/index')
const { PUSH_CHANNEL, INVOKE_CHANNEL } = await import('../../electron/main/ipc-channels')

describe('preload bridge', () => {
  const api = electron.exposed.perpdojo as Bridge

  it('exposes exactly the contract bridge as window.perpdojo', () => {
    expect(Object.keys(electron.exposed)).toEqual(['perpdojo'])
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on'])
  })

  it('invokes through the single contract channel', async () => {
    await api.invoke('app:ping', { echo: 'x' })
    expect(electron.module.ipcRenderer.invoke).toHaveBeenCalledWith(INVOKE_CHANNEL, 'app:ping', {
      echo: 'x',
    })
  })

  it('delivers only the subscribed push, without the IPC event object, and unsubscribes', () => {
    const got: unknown[] = []
    const off = api.on('app:notice', (p) => got.push(p))
    const fire = (name: string, payload: unknown) =>
      electron.rendererListeners
        .get(PUSH_CHANNEL)!
        .forEach((fn) => fn({ sender: 'secret' }, name, payload))
    fire('app:notice', { level: 'info', message: 'a' })
    fire('replay:frame', { x: 1 })
    expect(got).toEqual([{ level: 'info', message: 'a' }])
    off()
    fire('app:notice', { level: 'info', message: 'b' })
    expect(got).toHaveLength(1)
  })

  it('refuses to subscribe to a channel outside the contract', () => {
    expect(() => api.on('evil:channel' as never, () => {})).toThrow(/Unknown push/)
  })
})
