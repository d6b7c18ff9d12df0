/**
 * The one typed contract between the renderer and the host. Both transports (Electron
 * IPC through the preload, and the loopback WebSocket of the browser mode) carry exactly
 * these methods and pushes; the host's handler table must cover every method
 * (`satisfies HandlerTable`, so a missing handler is a compile error).
 */
import * as v from 'valibot'
import { appMethods, appPushes } from './app'
import { marketMethods, marketPushes } from './market'
import { sessionMethods, sessionPushes } from './session'
import { tradingMethods } from './trading'
import { coachMethods, coachPushes } from './coach'
import { uploadMethods, uploadPushes } from './upload'
import { downloadMethods, downloadPushes } from './download'
import type { HostErrorPayload, Result } from './errors'

export const METHODS = {
  ...appMethods,
  ...marketMethods,
  ...sessionMethods,
  ...tradingMethods,
  ...uploadMethods,
  ...downloadMethods,
  ...coachMethods,
}
export const PUSHES = {
  ...appPushes,
  ...marketPushes,
  ...sessionPushes,
  ...uploadPushes,
  ...downloadPushes,
  ...coachPushes,
}

export type Methods = typeof METHODS
export type MethodName = keyof Methods
export type Request<M extends MethodName> = v.InferOutput<Methods[M]['req']>
export type Response<M extends MethodName> = Exclude<Methods[M]['res'], undefined>
export type PushName = keyof typeof PUSHES
export type PushPayload<P extends PushName> = Exclude<(typeof PUSHES)[P], undefined>

export const METHOD_NAMES = Object.keys(METHODS) as MethodName[]
export const PUSH_NAMES = Object.keys(PUSHES) as PushName[]

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(METHODS, name)
}

/** Validate an untrusted payload for a method; returns the parsed request or an error payload. */
export function parseRequest<M extends MethodName>(
  name: M,
  payload: unknown,
): { ok: true; value: Request<M> } | { ok: false; error: HostErrorPayload } {
  const result = v.safeParse(METHODS[name].req as v.GenericSchema, payload)
  if (result.success) return { ok: true, value: result.output as Request<M> }
  return {
    ok: false,
    error: {
      code: 'INVALID_REQUEST',
      message: `Invalid request for ${name}`,
      details: result.issues.slice(0, 10).map((i) => {
        const where = i.path?.map((p) => String(p.key)).join('.') ?? ''
        return where ? `${where}: ${i.message}` : i.message
      }),
    },
  }
}

/** What the host implements: one handler per method. */
export type HandlerTable = {
  [M in MethodName]: (req: Request<M>) => Promise<Response<M>> | Response<M>
}

/** What the renderer sees, whichever transport is underneath. */
export interface Bridge {
  invoke<M extends MethodName>(name: M, req: Request<M>): Promise<Result<Response<M>>>
  on<P extends PushName>(name: P, listener: (payload: PushPayload<P>) => void): () => void
}

/** Wire frames of the WebSocket transport (Electron IPC carries the same shapes). */
export type ClientFrame = { id: number; method: string; params: unknown }
export type ServerFrame =
  { id: number; result: Result<unknown> } | { push: string; payload: unknown }

export * from './errors'
export type * from './app'
export type * from './market'
export type * from './session'
export type * from './trading'
export type * from './upload'
export type * from './download'
