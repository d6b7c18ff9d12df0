/**
 * The host: the one implementation of the shared contract, used by Electron main and by
 * the browser-mode WebSocket server alike. `dispatch` takes an untrusted method name and
 * payload, validates it against the contract's schema, runs the handler and returns a
 * Result; unexpected throws become INTERNAL errors (logged here, never leaked as stacks).
 */
import path from 'node:path'
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
import { bindCoach } from './coach-binding'
import { engines } from './engine-binding'
import { blindBoundary } from './blind-boundary'
import { uploadHandlers } from './handlers/upload'
import { downloadHandlers } from './handlers/download'
import { workerRunner } from './work/runner'

type PushListener = <P extends PushName>(name: P, payload: PushPayload<P>) => void

export interface Host {
  dispatch(method: unknown, payload: unknown): Promise<Result<unknown>>
  onPush(listener: PushListener): () => void
  close(): Promise<void>
}

/** A printable name for an untrusted method value (never calls its toString). */
function methodLabel(method: unknown): string {
  return typeof method === 'string'
    ? JSON.stringify(method.slice(0, 60))
    : `of type ${typeof method}`
}

export function createHost(options: HostOptions): Host {
  const listeners = new Set<PushListener>()
  const work =
    options.work ??
    (options.workWorker
      ? workerRunner(options.workWorker, {
          resourcesDir: options.resourcesDir,
          userDir: options.dataDir,
          cacheDir: path.join(options.dataDir, 'cache'),
        })
      : undefined)
  const ctx: HostContext = {
    dataDir: options.dataDir,
    resourcesDir: options.resourcesDir,
    transport: options.transport,
    version: options.version,
    defaultScenarioId: options.defaultScenarioId ?? DEFAULT_SCENARIO_ID,
    printToPdf: options.printToPdf,
    ...(options.importWorker ? { importWorker: options.importWorker } : {}),
    ...(work ? { work } : {}),
    push: (name, payload) => {
      const out = blind.push(name, payload) as typeof payload
      for (const l of listeners) l(name, out)
    },
  }
  // The coach is the session manager's gate, and reads sessions through the manager: the
  // binding reaches the manager once both exist (never during construction).
  const coach = bindCoach(ctx, () => sessions.manager)
  const sessions = sessionHandlers(ctx, { gate: coach.gate, sideData: coach.sideData })
  // The one blind boundary: requests are unmasked as they enter, answers and pushes masked
  // as they leave; nothing behind it knows a blind exam from any other session.
  const blind = blindBoundary((id) => sessions.manager.maskOf(id))
  const uploads = uploadHandlers(ctx)
  const trading = tradingHandlers(ctx, { peek: (id) => sessions.manager.peek(id), engine: engines })
  const handlers = {
    ...appHandlers(ctx),
    ...marketHandlers(ctx),
    ...sessions.handlers,
    ...trading.handlers,
    ...uploads.handlers,
    ...downloadHandlers(ctx).handlers,
    ...coach.handlers,
  } satisfies HandlerTable

  async function dispatch(method: unknown, payload: unknown): Promise<Result<unknown>> {
    if (!isMethodName(method)) {
      return {
        ok: false,
        error: { code: 'UNKNOWN_METHOD', message: `Unknown method ${methodLabel(method)}` },
      }
    }
    let request: unknown = null
    try {
      // Inside the try: a payload nested 100k deep can overflow the validator's stack.
      const parsed = parseRequest(method, payload)
      if (!parsed.ok) return parsed
      request = parsed.value
      const handler = handlers[method] as (req: unknown) => unknown
      const value = await handler(blind.request(method, request))
      return { ok: true, value: blind.response(method, request, value) }
    } catch (err) {
      if (err instanceof RangeError && /call stack/i.test(err.message))
        return {
          ok: false,
          error: { code: 'INVALID_REQUEST', message: 'Request nested too deeply' },
        }
      if (err instanceof HostError) {
        const message = blind.error(request, err.message)
        return { ok: false, error: { code: err.code, message, details: err.details } }
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
      await coach.close()
      await uploads.close()
      await work?.close()
    },
  }
}
