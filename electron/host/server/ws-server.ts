/**
 * The browser-mode transport: an HTTP server for the built renderer plus a WebSocket at
 * /ws that carries the shared contract. It binds to 127.0.0.1 only, and an upgrade is
 * refused unless (1) the Host header is our loopback address (DNS-rebinding guard),
 * (2) the Origin is exactly our own origin, and (3) the client offers the per-launch
 * secret token as a `token.<secret>` subprotocol. A web page the user happens to visit
 * therefore cannot drive the host.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { ClientFrame, ServerFrame } from '../../../shared/contract'
import { MAX_FRAME_BYTES } from '../../../shared/contract/upload'
import type { Host } from '../host'
import { requestPath, serveStatic } from './static-files'

export interface WebServer {
  url: string
  origin: string
  token: string
  port: number
  close(): Promise<void>
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function reject(socket: Duplex, status: number, reason: string) {
  if (socket.writable)
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

/** Close codes (RFC 6455 §7.4.1) for frames we refuse to read. */
const CLOSE_UNSUPPORTED = 1003

/** A ClientFrame's shape, checked without calling anything on the parsed value. */
function isClientFrame(x: unknown): x is ClientFrame {
  return (
    typeof x === 'object' &&
    x !== null &&
    !Array.isArray(x) &&
    Number.isSafeInteger((x as { id?: unknown }).id)
  )
}

export async function startWebServer(opts: {
  host: Host
  rendererDir: string
  port?: number
  token?: string
}): Promise<WebServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url')
  const http: Server = createServer((req, res) => {
    serveStatic(opts.rendererDir, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  })
  // A client that resets mid-request or sends garbage before the request line: answer 400
  // when we still can, and never let the socket's error reach the process.
  http.on('clientError', (_err, socket: Duplex) => reject(socket, 400, 'Bad Request'))
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    handleProtocols: (protocols) => (protocols.has('perpdojo') ? 'perpdojo' : false),
  })
  await new Promise<void>((resolve) => http.listen(opts.port ?? 0, '127.0.0.1', resolve))
  const port = (http.address() as AddressInfo).port
  const origin = `http://127.0.0.1:${port}`

  http.on('upgrade', (req, socket: Duplex, head) => {
    socket.on('error', () => socket.destroy())
    const pathname = requestPath(req.url)
    if (pathname === null) return reject(socket, 400, 'Bad Request')
    if (pathname !== '/ws') return reject(socket, 404, 'Not Found')
    if (req.headers.host !== `127.0.0.1:${port}`) return reject(socket, 403, 'Forbidden')
    if (req.headers.origin !== origin) return reject(socket, 403, 'Forbidden')
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((s) => s.trim())
    const presented = offered.find((p) => p.startsWith('token.'))?.slice('token.'.length) ?? ''
    if (!sameSecret(presented, token)) return reject(socket, 401, 'Unauthorized')
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws))
  })

  const clients = new Set<WebSocket>()
  const send = (ws: WebSocket, frame: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame))
  }
  const unsubscribe = opts.host.onPush((name, payload) => {
    for (const ws of clients) send(ws, { push: name, payload })
  })

  function attach(ws: WebSocket) {
    clients.add(ws)
    ws.on('close', () => clients.delete(ws))
    // Protocol violations (reserved opcode, RSV bits, unmasked frame, bad close code → 1002;
    // invalid UTF-8 → 1007; over maxPayload → 1009): `ws` has already sent the close frame
    // with the right code; only this socket goes.
    ws.on('error', () => ws.terminate())
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        ws.close(CLOSE_UNSUPPORTED, 'binary frames are not accepted')
        return
      }
      let frame: ClientFrame
      try {
        const parsed: unknown = JSON.parse(String(data))
        if (!isClientFrame(parsed)) throw new Error('not a frame')
        frame = parsed
      } catch {
        ws.close(CLOSE_UNSUPPORTED, 'malformed frame')
        return
      }
      opts.host
        .dispatch(frame.method, frame.params)
        .then((result) => send(ws, { id: frame.id, result }))
        .catch(() => ws.close(1011, 'internal error'))
    })
  }

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    port,
    async close() {
      unsubscribe()
      for (const ws of clients) ws.terminate()
      wss.close()
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }
}
