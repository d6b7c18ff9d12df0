/** Hosts on the bundled scenarios for tests through the dispatcher, closed after each test. */
import * as path from 'node:path'
import { afterEach } from 'vitest'
import { createHost, type Host } from '../../../electron/host/host'

const resourcesDir = path.resolve(__dirname, '../../../resources')

/**
 * `host(dataDir)` starts a host over that data folder; every host started is closed after each
 * test (or by `closeAll()`, e.g. to restart on the same folder).
 */
export function hostRig() {
  let hosts: Host[] = []
  async function closeAll() {
    for (const h of hosts) await h.close()
    hosts = []
  }
  afterEach(closeAll)
  return {
    host(dataDir: string): Host {
      const h = createHost({ dataDir, resourcesDir, transport: 'websocket', version: 'test' })
      hosts.push(h)
      return h
    },
    closeAll,
  }
}

/** A method's answer; a refusal fails the test with the host's error. */
export async function call<T>(h: Host, method: string, payload: unknown): Promise<T> {
  const r = await h.dispatch(method, payload)
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`)
  return r.value as T
}
