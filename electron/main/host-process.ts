/**
 * The host's utility process (bundled as out/main/host-process.js, started by main with
 * `utilityProcess.fork`). It builds the one host and answers main's relayed requests.
 */
import type { Result } from '../../shared/contract'
import { createHost, type Host } from '../host/host'
import type { HostOptions } from '../host/context'
import type { HostPort, ToHost } from './host-wire'

/** Serve one host over `port`; `make` builds it (createHost in production). */
export function serveHost(port: HostPort, make: (o: HostOptions) => Host = createHost): void {
  let host: Host | null = null
  let nextPrint = 1
  const printing = new Map<
    number,
    { resolve: (b: Uint8Array) => void; reject: (e: Error) => void }
  >()
  const printToPdf = (html: string) =>
    new Promise<Uint8Array>((resolve, reject) => {
      const id = nextPrint++
      printing.set(id, { resolve, reject })
      port.post({ type: 'print', id, html })
    })
  port.onMessage((m: ToHost) => {
    switch (m.type) {
      case 'init':
        host = make({ ...m.init, printToPdf })
        host.onPush((name, payload) => port.post({ type: 'push', name, payload }))
        port.post({ type: 'ready' })
        return
      case 'call': {
        const h = host
        const answer = (result: Result<unknown>) => port.post({ type: 'result', id: m.id, result })
        if (!h)
          return answer({ ok: false, error: { code: 'INTERNAL', message: 'Host not started' } })
        void h.dispatch(m.method, m.params).then(answer)
        return
      }
      case 'pdf': {
        const p = printing.get(m.id)
        printing.delete(m.id)
        if (p && m.ok) p.resolve(m.bytes)
        else if (p && !m.ok) p.reject(new Error(m.message))
        return
      }
      case 'close':
        void (host?.close() ?? Promise.resolve()).then(() => port.post({ type: 'closed' }))
        return
    }
  })
}

// In the utility process: Electron's parentPort carries main's messages.
const parentPort = (
  process as NodeJS.Process & {
    parentPort?: {
      on(e: 'message', fn: (ev: { data: ToHost }) => void): void
      postMessage(m: unknown): void
    }
  }
).parentPort
if (parentPort)
  serveHost({
    post: (m) => parentPort.postMessage(m),
    onMessage: (fn) => parentPort.on('message', (ev) => fn(ev.data)),
  })
