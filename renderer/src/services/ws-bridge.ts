/**
 * The browser-mode Bridge: the same contract as the Electron preload, over the host's
 * loopback WebSocket. The per-launch token comes from the URL fragment the host printed
 * (`#token=…`), which is never sent in HTTP requests or Referer headers.
 */
import type { Bridge, PushName, Result, ServerFrame } from '../../../shared/contract'

export function tokenFromLocation(loc: Location): string | null {
  const m = /(?:^|[#&])token=([A-Za-z0-9_-]{16,128})/.exec(loc.hash)
  return m ? m[1]! : null
}

export function createWsBridge(url: string, token: string): Bridge {
  let nextId = 1
  const pending = new Map<number, (r: Result<unknown>) => void>()
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  const socket = new WebSocket(url, ['perpdojo', `token.${token}`])
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true })
    socket.addEventListener('error', () => reject(new Error('Cannot reach the PerpDojo host')), {
      once: true,
    })
  })
  socket.addEventListener('message', (ev) => {
    const frame = JSON.parse(String(ev.data)) as ServerFrame
    if ('id' in frame) {
      pending.get(frame.id)?.(frame.result)
      pending.delete(frame.id)
    } else {
      listeners.get(frame.push)?.forEach((l) => l(frame.payload))
    }
  })
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) {
      resolve({ ok: false, error: { code: 'INTERNAL', message: 'Connection to the host closed' } })
    }
    pending.clear()
  })

  return {
    async invoke(name, req) {
      await opened
      const id = nextId++
      return new Promise((resolve) => {
        pending.set(id, resolve as (r: Result<unknown>) => void)
        socket.send(JSON.stringify({ id, method: name, params: req }))
      })
    },
    on(name: PushName, listener) {
      const set = listeners.get(name) ?? new Set()
      set.add(listener as (p: unknown) => void)
      listeners.set(name, set)
      return () => set.delete(listener as (p: unknown) => void)
    },
  }
}
