/**
 * The browser-mode fuzzer (issue 11): seeded, so a failure replays exactly. Three kinds of
 * hostile input go to a live host: malformed contract messages on an authenticated socket,
 * malformed HTTP requests and upgrades, and malformed WebSocket frames. After every batch a
 * fresh client must still get an answer to app:ping. Used by test/host/fuzz/fuzz.test.ts
 * (a few thousand inputs, in `npm test`) and by `npm run fuzz` (≥ 20,000).
 */
import WebSocket from 'ws'
import { METHOD_NAMES } from '../../../shared/contract'
import { rng } from '../session/support'
import { frame, rawHttp, rawSocket, validPing, type Target } from './raw'

export interface FuzzPlan {
  seed: number
  messages: number
  requests: number
  frames: number
  batch: number
  /** Called after each batch with whether the host still answered a valid request. */
  onBatch?: (alive: boolean) => void
}

export interface FuzzCounts {
  sent: number
  /** How the host answered: `error:CODE`, `ok`, `close:CODE`, `http:STATUS`, `none`. */
  outcomes: Record<string, number>
  failedPings: number
}

type Rand = () => number
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!

const HOSTILE_STRINGS = [
  '',
  '\u0000',
  '../../../../etc/passwd',
  '/etc/passwd',
  '__proto__',
  'constructor',
  '%zz',
  '\ud800',
  'x'.repeat(70_000),
  '-1',
  '1e400',
  'NaN',
  '<script>alert(1)</script>',
]
const HOSTILE_NUMBERS = [-1, 0, 1e308, -1e308, 2 ** 53 + 1, 0.1, -0.0, 1e-320]

function value(r: Rand, depth: number): unknown {
  const k = r()
  if (depth <= 0 || k < 0.35) {
    const j = r()
    if (j < 0.3) return pick(r, HOSTILE_STRINGS)
    if (j < 0.6) return pick(r, HOSTILE_NUMBERS)
    if (j < 0.7) return null
    if (j < 0.8) return r() < 0.5
    return Math.floor(r() * 1000).toString(36)
  }
  if (k < 0.55) return Array.from({ length: Math.floor(r() * 5) }, () => value(r, depth - 1))
  const o: Record<string, unknown> = {}
  const keys = ['id', 'symbol', 'side', 'price', 'quantity', 'scenarioId', 'kind', 'uploadId']
  for (let i = Math.floor(r() * 6); i > 0; i--)
    o[r() < 0.7 ? pick(r, keys) : pick(r, HOSTILE_STRINGS).slice(0, 40)] = value(r, depth - 1)
  return o
}

/** One malformed message: either text that is not a frame, or a frame with hostile fields. */
export function message(r: Rand, id: number): string {
  const k = r()
  if (k < 0.04) return pick(r, ['{', '[]', 'null', '"x"', '{"id":"1"}', '{"id":1.5}', '\u0000'])
  if (k < 0.07) {
    const d = 1000 + Math.floor(r() * 100_000)
    return `{"id":${id},"method":${'['.repeat(d)}${']'.repeat(d)},"params":null}`
  }
  const methods = [...METHOD_NAMES].filter((m) => m !== 'app:ping')
  const method =
    r() < 0.75 ? pick(r, methods) : r() < 0.5 ? value(r, 2) : pick(r, HOSTILE_STRINGS).slice(0, 80)
  return JSON.stringify({ id, method, params: value(r, 4) })
}

const HTTP_LINES = [
  'GET /% HTTP/1.1',
  'GET /%zz HTTP/1.1',
  'GET // HTTP/1.1',
  'HEAD /%E0%A4%A HTTP/1.1',
  'GET /..%2f..%2fetc%2fpasswd HTTP/1.1',
  'GET http://evil.example/ HTTP/1.1',
  'POST / HTTP/1.1',
  'GET * HTTP/1.1',
  'BREW /pot HTTP/1.1',
  'GET /ws HTTP/1.1',
  '\u0000\u0001\u0002',
  'GET / HTTP/9.9',
  'GET /' + 'a'.repeat(20_000) + ' HTTP/1.1',
]

/** One malformed HTTP request or upgrade (always a complete header block unless garbage). */
export function httpRequest(r: Rand, t: Target): string {
  const line =
    r() < 0.8
      ? pick(r, HTTP_LINES)
      : `GET /${Array.from({ length: 1 + Math.floor(r() * 12) }, () =>
          pick(r, ['%', '%zz', '%E0%A4', '/', '.', '..', '\\', 'a', '%00', '?', '#']),
        ).join('')} HTTP/1.1`
  const headers = [`Host: ${r() < 0.8 ? `127.0.0.1:${t.port}` : 'evil.example'}`]
  if (r() < 0.4)
    headers.push(
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Version: 13',
      `Sec-WebSocket-Key: ${r() < 0.8 ? 'dGhlIHNhbXBsZSBub25jZQ==' : '!!'}`,
      `Origin: ${r() < 0.7 ? t.origin : 'null'}`,
      `Sec-WebSocket-Protocol: perpdojo, token.${r() < 0.5 ? t.token : 'nope'}`,
    )
  if (r() < 0.1) headers.push('Content-Length: -5')
  if (r() < 0.1) headers.push('Transfer-Encoding: chunked, identity')
  return `${line}\r\n${headers.join('\r\n')}\r\n\r\n`
}

/** One malformed frame (sent on an authenticated raw socket). */
export function badFrame(r: Rand): Buffer {
  const payload = Buffer.from(message(r, 1).slice(0, 200))
  switch (Math.floor(r() * 9)) {
    case 0:
      return frame({ opcode: 1, length: 61 * 1024 * 1024, payload: payload.subarray(0, 10) })
    case 1:
      return frame({ opcode: 1, payload: Buffer.from([0xc3, 0x28, 0xff, 0xfe]) })
    case 2:
      return frame({ opcode: pick(r, [3, 4, 5, 6, 7, 11, 12, 13, 14, 15]), payload })
    case 3:
      return frame({ opcode: 1, rsv1: true, payload })
    case 4:
      return frame({ opcode: 1, mask: false, payload })
    case 5: {
      const b = Buffer.alloc(2)
      b.writeUInt16BE(pick(r, [0, 999, 1004, 1005, 1006, 1015, 2999, 5000, 65535]))
      return frame({ opcode: 8, payload: b })
    }
    case 6:
      return frame({ opcode: 9, payload: Buffer.alloc(200) }) // control frame > 125 bytes
    case 7:
      return frame({ opcode: 0, payload }) // continuation with nothing to continue
    default:
      return frame({ opcode: 2, payload })
  }
}

const bump = (c: FuzzCounts, key: string) => (c.outcomes[key] = (c.outcomes[key] ?? 0) + 1)

function connect(t: Target): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${t.port}/ws`, ['perpdojo', `token.${t.token}`], {
      origin: t.origin,
    })
    ws.on('open', () => resolve(ws))
    ws.on('error', reject)
  })
}

/** Sends `n` messages on one socket (reconnecting when the host closes it), tallying answers. */
async function sendMessages(t: Target, r: Rand, n: number, c: FuzzCounts): Promise<void> {
  let ws: WebSocket | null = null
  for (let i = 0; i < n; i++) {
    ws ??= await connect(t)
    const sock: WebSocket = ws
    const text = message(r, i + 1)
    c.sent++
    const outcome = await new Promise<string>((resolve) => {
      const timer = setTimeout(() => resolve('none'), 10_000)
      const onMessage = (d: WebSocket.RawData) => {
        const reply = JSON.parse(String(d)) as {
          id?: number
          result?: { ok: boolean; error?: { code: string } }
        }
        if (reply.id !== i + 1) return
        finish(reply.result?.ok ? 'ok' : `error:${reply.result?.error?.code ?? '?'}`)
      }
      const onClose = (code: number) => finish(`close:${code}`)
      const finish = (o: string) => {
        clearTimeout(timer)
        sock.off('message', onMessage)
        sock.off('close', onClose)
        resolve(o)
      }
      sock.on('message', onMessage)
      sock.on('close', onClose)
      sock.send(text)
    })
    bump(c, outcome)
    if (outcome.startsWith('close:') || outcome === 'none') {
      sock.terminate()
      ws = null
    }
  }
  ws?.close()
}

export async function runFuzz(t: Target, plan: FuzzPlan): Promise<FuzzCounts> {
  const r = rng(plan.seed)
  const c: FuzzCounts = { sent: 0, outcomes: {}, failedPings: 0 }
  const check = async () => {
    const alive = await validPing(t)
    if (!alive) c.failedPings++
    plan.onBatch?.(alive)
  }
  for (let done = 0; done < plan.messages; done += plan.batch) {
    await sendMessages(t, r, Math.min(plan.batch, plan.messages - done), c)
    await check()
  }
  for (let done = 0; done < plan.requests; done += plan.batch) {
    const n = Math.min(plan.batch, plan.requests - done)
    const statuses = await Promise.all(
      Array.from({ length: n }, () => rawHttp(t, httpRequest(r, t))),
    )
    for (const s of statuses) bump(c, `http:${s}`)
    c.sent += n
    await check()
  }
  for (let done = 0; done < plan.frames; done += plan.batch) {
    const n = Math.min(plan.batch, plan.frames - done)
    const codes = await Promise.all(
      Array.from({ length: n }, async () => {
        const f = badFrame(r)
        const sock = await rawSocket(t)
        sock.write(f)
        return sock.closed()
      }),
    )
    for (const code of codes) bump(c, `close:${code ?? 'none'}`)
    c.sent += n
    await check()
  }
  return c
}
