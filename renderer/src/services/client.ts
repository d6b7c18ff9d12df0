/**
 * The renderer's only door to the host. Stores call `hostClient`; nothing else in the
 * renderer touches `window.perpdojo` or the WebSocket. Errors come back as HostCallError
 * with the host's code, so stores can show a clear message.
 */
import type {
  Bridge,
  HostErrorPayload,
  MethodName,
  PushName,
  PushPayload,
  Request,
  Response,
} from '../../../shared/contract'
import { createWsBridge, tokenFromLocation } from './ws-bridge'

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge). Absent in browser mode. */
    perpdojo?: Bridge
  }
}

export class HostCallError extends Error {
  constructor(readonly payload: HostErrorPayload) {
    super(payload.message + (payload.details?.length ? `: ${payload.details.join('; ')}` : ''))
    this.name = 'HostCallError'
  }
}

function pickBridge(): Bridge {
  if (window.perpdojo) return window.perpdojo
  const token = tokenFromLocation(window.location)
  if (!token)
    throw new Error('No host: open the URL printed by `npm run web` (it carries the token).')
  const wsUrl = `ws://${window.location.host}/ws`
  return createWsBridge(wsUrl, token)
}

let bridge: Bridge | null = null
function current(): Bridge {
  bridge ??= pickBridge()
  return bridge
}

export const hostClient = {
  async call<M extends MethodName>(name: M, req: Request<M>): Promise<Response<M>> {
    const result = await current().invoke(name, req)
    if (!result.ok) throw new HostCallError(result.error)
    return result.value
  },
  on<P extends PushName>(name: P, listener: (payload: PushPayload<P>) => void): () => void {
    return current().on(name, listener)
  },
  get transport(): 'electron' | 'websocket' {
    return window.perpdojo ? 'electron' : 'websocket'
  },
}
