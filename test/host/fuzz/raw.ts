/**
 * Raw clients for the hostile-input tests and the fuzzer: HTTP requests written byte by
 * byte on a TCP socket, and a hand-rolled WebSocket client that can send frames the `ws`
 * library would never produce (reserved opcodes, RSV bits, unmasked, lying lengths).
 */
import { randomBytes } from 'node:crypto'
import net from 'node:net'
import WebSocket from 'ws'

export interface Target {
  port: number
  origin: string
  token: string
}

const TIMEOUT_MS = 5_000

/** Sends `text` as it is and resolves with the HTTP status of the answer (0: none). */
export function rawHttp(t: Target, text: string | Buffer): Promise<number> {
  return new Promise((resolve) => {
    const sock = net.connect(t.port, '127.0.0.1')
    let buf = ''
    const done = (status: number) => {
      clearTimeout(timer)
      sock.destroy()
      resolve(status)
    }
    const timer = setTimeout(() => done(0), TIMEOUT_MS)
    sock.on('error', () => done(0))
    sock.on('close', () => done(0))
    sock.on('data', (d) => {
      buf += d.toString('latin1')
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(buf)
      if (m) done(Number(m[1]))
    })
    sock.write(text)
  })
}

export interface FrameSpec {
  opcode: number
  payload?: Buffer
  /** Announce this length (default: the payload's); only the payload's bytes are sent. */
  length?: number
  mask?: boolean
  fin?: boolean
  rsv1?: boolean
}

/** One client→server frame, masked unless told otherwise. */
export function frame(f: FrameSpec): Buffer {
  const payload = f.payload ?? Buffer.alloc(0)
  const len = f.length ?? payload.length
  const mask = f.mask ?? true
  const head: number[] = [((f.fin ?? true) ? 0x80 : 0) | (f.rsv1 ? 0x40 : 0) | (f.opcode & 0x0f)]
  const m = mask ? 0x80 : 0
  if (len < 126) head.push(m | len)
  else if (len < 65536) head.push(m | 126, len >> 8, len & 0xff)
  else {
    head.push(m | 127)
    const big = Buffer.alloc(8)
    big.writeBigUInt64BE(BigInt(len))
    head.push(...big)
  }
  if (!mask) return Buffer.concat([Buffer.from(head), payload])
  const key = randomBytes(4)
  const body = Buffer.from(payload)
  for (let i = 0; i < body.length; i++) body[i]! ^= key[i % 4]!
  return Buffer.concat([Buffer.from(head), key, body])
}

export interface RawSocket {
  write(b: Buffer): void
  /** The close code of the server's close frame (null: the socket ended without one). */
  closed(): Promise<number | null>
  /** The next text frame from the server. */
  nextText(): Promise<string>
  destroy(): void
}

interface ServerFrame {
  opcode: number
  payload: Buffer
}

/** Opens an authenticated WebSocket by hand and returns the raw socket after the 101. */
export function rawSocket(t: Target): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(t.port, '127.0.0.1')
    let buf = Buffer.alloc(0)
    let upgraded = false
    const frames: ServerFrame[] = []
    const waiters: (() => void)[] = []
    let ended = false
    const wake = () => {
      for (const w of waiters.splice(0)) w()
    }
    const parse = () => {
      for (;;) {
        if (buf.length < 2) return
        let len = buf[1]! & 0x7f
        let off = 2
        if (len === 126) {
          if (buf.length < 4) return
          len = buf.readUInt16BE(2)
          off = 4
        } else if (len === 127) {
          if (buf.length < 10) return
          len = Number(buf.readBigUInt64BE(2))
          off = 10
        }
        if (buf.length < off + len) return
        frames.push({ opcode: buf[0]! & 0x0f, payload: buf.subarray(off, off + len) })
        buf = buf.subarray(off + len)
      }
    }
    sock.on('error', () => {})
    sock.on('close', () => {
      ended = true
      wake()
      if (!upgraded) reject(new Error('upgrade refused'))
    })
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d])
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n')
        if (end < 0) return
        const head = buf.subarray(0, end).toString('latin1')
        if (!head.startsWith('HTTP/1.1 101')) {
          sock.destroy()
          return reject(new Error(head.split('\r\n')[0]))
        }
        upgraded = true
        buf = buf.subarray(end + 4)
        resolve(api)
      }
      parse()
      wake()
    })
    const next = (want: (f: ServerFrame) => boolean): Promise<ServerFrame | null> =>
      new Promise((res) => {
        const timer = setTimeout(() => res(null), TIMEOUT_MS)
        const check = () => {
          const i = frames.findIndex(want)
          if (i >= 0) {
            clearTimeout(timer)
            return res(frames.splice(i, 1)[0]!)
          }
          if (ended) {
            clearTimeout(timer)
            return res(null)
          }
          waiters.push(check)
        }
        check()
      })
    const api: RawSocket = {
      write: (b) => {
        if (!sock.destroyed) sock.write(b)
      },
      async closed() {
        const f = await next((x) => x.opcode === 8)
        sock.destroy()
        return f && f.payload.length >= 2 ? f.payload.readUInt16BE(0) : null
      },
      async nextText() {
        const f = await next((x) => x.opcode === 1)
        return f ? f.payload.toString('utf8') : ''
      },
      destroy: () => sock.destroy(),
    }
    sock.write(
      `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${t.port}\r\nOrigin: ${t.origin}\r\n` +
        `Upgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n` +
        `Sec-WebSocket-Protocol: perpdojo, token.${t.token}\r\n\r\n`,
    )
  })
}

/** A fresh authenticated client sends app:ping; true when the answer is right. */
export function validPing(t: Target): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${t.port}/ws`, ['perpdojo', `token.${t.token}`], {
      origin: t.origin,
    })
    const done = (ok: boolean) => {
      clearTimeout(timer)
      ws.terminate()
      resolve(ok)
    }
    const timer = setTimeout(() => done(false), TIMEOUT_MS)
    ws.on('error', () => done(false))
    ws.on('open', () =>
      ws.send(JSON.stringify({ id: 7, method: 'app:ping', params: { echo: 'alive' } })),
    )
    ws.on('message', (d) => {
      const reply = JSON.parse(String(d)) as { id?: number; result?: { ok?: boolean } }
      if (reply.id === 7) done(reply.result?.ok === true)
    })
  })
}
