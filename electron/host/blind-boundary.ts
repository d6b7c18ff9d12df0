/**
 * The one blind boundary: a running blind exam is masked where requests enter the host
 * and where answers and pushes leave it, and nowhere else. Handlers, the session manager
 * and the coach work on real symbols, times and prices only; a new contract method or push
 * is masked without anyone remembering to (test/host/blind-boundary.test.ts enumerates them).
 *
 * Which session a message belongs to: the request's `sessionId`, else the answer's own
 * (a snapshot's summary, a frame's status, a push's `sessionId`); a session list masks each
 * entry by its id. `maskOf` answers null once the exam has ended, so the review is real.
 */
import { HostError } from '../../shared/contract/errors'
import type { BlindMask } from './session/blind'

export interface BlindBoundary {
  /** A validated request, as the handlers should see it. */
  request(method: string, req: unknown): unknown
  /** A handler's answer to `req`, as the client may see it. */
  response(method: string, req: unknown, value: unknown): unknown
  /** An error message about `req`, as the client may see it. */
  error(req: unknown, message: string): string
  /** A push, as the client may see it. */
  push(name: string, payload: unknown): unknown
}

type Rec = Record<string, unknown>
const rec = (v: unknown): Rec | null => (v && typeof v === 'object' ? (v as Rec) : null)

/**
 * Refused while the exam runs: each would hand out the real names, dates and prices (a
 * journal file, a report file, or a new practice session holding the exam's positions in
 * real terms).
 */
const REFUSED_WHILE_BLIND = new Map([
  ['session:export', 'A blind exam can be exported once it has ended'],
  ['session:fork', 'A what-if fork of a blind exam opens once the exam has ended'],
  ['coach:practiseCrash', 'Practising a crash with this portfolio opens once the exam has ended'],
  // a report file is a text (CSV, JSON, HTML): masking it as text would rescale every amount
  // and percent that happens to fall in a price range (and 'utf-8' itself), and the file
  // outlives the exam; the review exports the real report
  ['coach:export', 'The report can be exported once the exam has ended'],
])

/** The session a message speaks of, from the fields every session DTO carries. */
function sessionOf(...vs: unknown[]): string | null {
  for (const v of vs) {
    const r = rec(v)
    if (!r) continue
    if (typeof r.sessionId === 'string') return r.sessionId
    const summary = rec(r.summary)
    if (summary && typeof summary.id === 'string') return summary.id
    const status = rec(r.status)
    if (status && typeof status.sessionId === 'string') return status.sessionId
  }
  return null
}

export function blindBoundary(maskOf: (sessionId: string) => BlindMask | null): BlindBoundary {
  const maskFor = (...vs: unknown[]) => {
    const id = sessionOf(...vs)
    return id ? maskOf(id) : null
  }
  return {
    request(method, req) {
      const m = maskFor(req)
      if (!m) return req
      const refused = REFUSED_WHILE_BLIND.get(method)
      if (refused) throw new HostError('CONFLICT', refused)
      return m.in(req)
    },
    response(method, req, value) {
      if (method === 'session:list' && Array.isArray(value))
        return value.map((s: unknown) => {
          const id = rec(s)?.id
          const m = typeof id === 'string' ? maskOf(id) : null
          return m ? m.out(s) : s
        })
      const m = maskFor(req, value)
      if (!m) return value
      // an answer about one symbol that does not name it (an order preview) is rounded on
      // that symbol's grid
      const symbol = rec(req)?.symbol
      return m.out(value, typeof symbol === 'string' ? m.symbolIn(symbol) : undefined)
    },
    error(req, message) {
      const m = maskFor(req)
      return m ? m.out(message) : message
    },
    push(_name, payload) {
      const m = maskFor(payload)
      return m ? m.out(payload) : payload
    },
  }
}
