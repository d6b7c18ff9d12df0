/**
 * The host: the one implementation of the shared contract, used by Electron main and by
 * the browser-mode WebSocket server alike. `dispatch` takes an untrusted method name and
 * payload, validates it against the contract's schema, runs the handler and returns a
 * Result; unexpected throws become INTERNAL errors (logged here, never leaked as stacks).
 */
import {
  HostError,
  isMethodName,
  parseRequest,
  type HandlerTable,
  type MethodName,
  type PushName,
  type PushPayload,
  type Result,
} from '../../shared/contract'
import { DEFAULT_SCENARIO_ID } from '../../shared/market'
import type { HostContext, HostOptions } from './context'
import { appHandlers } from './handlers/app'
import { marketHandlers } from './handlers/market'
import { sessionHandlers } from './handlers/session'
import { tradingHandlers } from './handlers/trading'
import { uploadHandlers } from './handlers/upload'

type PushListener = <P extends PushName>(name: P, payload: PushPayload<P>) => void

export interface Host {
  dispatch(method: unknown, payload: unknown): Promise<Result<unknown>>
  onPush(listener: PushListener): () => void
  close(): Promise<void>
}

export function createHost(options: HostOptions): Host {
  const listeners = new Set<PushListener>()
  const ctx: HostContext = {
    dataDir: options.dataDir,
    resourcesDir: options.resourcesDir,
    transport: options.transport,
    version: options.version,
    defaultScenarioId: options.defaultScenarioId ?? DEFAULT_SCENARIO_ID,
    push: (name, payload) => {
      for (const l of listeners) l(name, payload)
    },
  }
  const sessions = sessionHandlers(ctx)
  const uploads = uploadHandlers(ctx)
  const trading = tradingHandlers(ctx, { peek: (id) => sessions.manager.peek(id) })
  const handlers = {
    ...appHandlers(ctx),
    ...marketHandlers(ctx),
    ...sessions.handlers,
    ...trading.handlers,
    ...uploads.handlers,
  } satisfies HandlerTable

  async function dispatch(method: unknown, payload: unknown): Promise<Result<unknown>> {
    if (!isMethodName(method)) {
      return {
        ok: false,
        error: { code: 'UNKNOWN_METHOD', message: `Unknown method ${String(method).slice(0, 60)}` },
      }
    }
    const parsed = parseRequest(method, payload)
    if (!parsed.ok) return parsed
    try {
      const handler = handlers[method] as (req: unknown) => unknown
      return { ok: true, value: await handler(parsed.value) }
    } catch (err) {
      if (err instanceof HostError) {
        return { ok: false, error: { code: err.code, message: err.message, details: err.details } }
      }
      console.error(`[host] ${method as MethodName} failed:`, err)
      return { ok: false, error: { code: 'INTERNAL', message: `Internal error in ${method}` } }
    }
  }

  return {
    dispatch,
    onPush(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async close() {
      listeners.clear()
      await sessions.close()
      await uploads.close()
    },
  }
}
