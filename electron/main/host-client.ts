/**
 * Main's side of the host process: a `Host` (dispatch, onPush, close) whose work happens in
 * a utility process. registerIpc and the notifications use it exactly like an in-process host.
 */
import type { PushName, PushPayload, Result } from '../../shared/contract'
import type { Host } from '../host/host'
import type { FromHost, HostInit, ToHost } from './host-wire'

/** The child as main sees it (Electron's UtilityProcess, or a stand-in in tests). */
export interface HostChild {
  postMessage(m: ToHost): void
  on(event: 'message', fn: (m: FromHost) => void): void
  on(event: 'exit', fn: (code: number) => void): void
  kill(): boolean
}

type PushListener = <P extends PushName>(name: P, payload: PushPayload<P>) => void

export function remoteHost(
  child: HostChild,
  init: HostInit,
  printToPdf?: (html: string) => Promise<Uint8Array>,
): Host {
  let nextId = 1
  let exited = false
  const pending = new Map<number, (r: Result<unknown>) => void>()
  const listeners = new Set<PushListener>()
  let closed: (() => void) | null = null
  child.on('message', (m: FromHost) => {
    switch (m.type) {
      case 'result':
        pending.get(m.id)?.(m.result as Result<unknown>)
        pending.delete(m.id)
        return
      case 'push':
        for (const l of listeners) (l as (n: string, p: unknown) => void)(m.name, m.payload)
        return
      case 'print':
        if (!printToPdf)
          return child.postMessage({ type: 'pdf', id: m.id, ok: false, message: 'cannot print' })
        printToPdf(m.html).then(
          (bytes) => child.postMessage({ type: 'pdf', id: m.id, ok: true, bytes }),
          (err: Error) =>
            child.postMessage({ type: 'pdf', id: m.id, ok: false, message: err.message }),
        )
        return
      case 'closed':
        closed?.()
        return
    }
  })
  child.on('exit', () => {
    exited = true
    // Requests in flight when the host process died get an answer, never a hang.
    for (const [, answer] of pending)
      answer({ ok: false, error: { code: 'INTERNAL', message: 'The host process stopped' } })
    pending.clear()
    closed?.()
  })
  child.postMessage({ type: 'init', init })
  return {
    dispatch(method, params) {
      if (exited)
        return Promise.resolve({
          ok: false,
          error: { code: 'INTERNAL', message: 'The host process stopped' },
        })
      const id = nextId++
      return new Promise((resolve) => {
        pending.set(id, resolve)
        child.postMessage({ type: 'call', id, method, params })
      })
    },
    onPush(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close() {
      if (exited) return Promise.resolve()
      return new Promise<void>((resolve) => {
        closed = resolve
        child.postMessage({ type: 'close' })
      })
    },
  }
}
