import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createHost, type Host } from '../../electron/host/host'
import { startWebServer, type WebServer } from '../../electron/host/server/ws-server'
import { MAX_FRAME_BYTES } from '../../shared/contract/upload'
import { frame, rawHttp, rawSocket, validPing, type RawSocket } from './fuzz/raw'

let dir: string
let host: Host
let server: WebServer

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'perpdojo-ws-'))
  const rendererDir = path.join(dir, 'renderer')
  mkdirSync(rendererDir)
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>')
  writeFileSync(path.join(dir, 'secret.txt'), 'not for you')
  host = createHost({
    dataDir: dir,
    resourcesDir: path.resolve('resources'),
    transport: 'websocket',
    version: 't',
  })
  server = await startWebServer({ host, rendererDir })
})
afterAll(async () => {
  await server.close()
  await host.close()
  rmSync(dir, { recursive: true, force: true })
})

function connect(opts: { token?: string | null; origin?: string; hostHeader?: string }) {
  const protocols = ['perpdojo']
  if (opts.token !== null) protocols.push(`token.${opts.token ?? server.token}`)
  return new WebSocket(`ws://127.0.0.1:${server.port}/ws`, protocols, {
    origin: opts.origin ?? server.origin,
    headers: opts.hostHeader ? { host: opts.hostHeader } : {},
  })
}

function refusal(ws: WebSocket): Promise<number> {
  return new Promise((resolve, reject) => {
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.on('open', () => reject(new Error('connection was accepted')))
  })
}

function rpc(ws: WebSocket, frame: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    ws.once('message', (d) => resolve(JSON.parse(String(d))))
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame))
  })
}

async function opened(): Promise<WebSocket> {
  const ws = connect({})
  await new Promise((resolve, reject) => {
    ws.on('open', resolve)
    ws.on('error', reject)
  })
  return ws
}

describe('browser-mode socket', () => {
  it('binds to the loopback address only', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it('refuses a connection without the token', async () => {
    expect(await refusal(connect({ token: null }))).toBe(401)
  })

  it('refuses a connection with a wrong token', async () => {
    expect(await refusal(connect({ token: 'x'.repeat(32) }))).toBe(401)
  })

  it('refuses a connection from a foreign Origin even with the token', async () => {
    expect(await refusal(connect({ origin: 'https://evil.example' }))).toBe(403)
  })

  it('refuses a rebinding attempt (Host header is not our loopback address)', async () => {
    expect(await refusal(connect({ hostHeader: `evil.example:${server.port}` }))).toBe(403)
  })

  it('answers a request and delivers a pushed event to an authenticated client', async () => {
    const ws = await opened()
    const frames: unknown[] = []
    const both = new Promise<void>((resolve) => {
      ws.on('message', (d) => {
        frames.push(JSON.parse(String(d)))
        if (frames.length === 2) resolve()
      })
    })
    ws.send(JSON.stringify({ id: 1, method: 'app:ping', params: { echo: 'hi', notify: true } }))
    await both
    expect(frames).toContainEqual({ id: 1, result: { ok: true, value: { echo: 'hi' } } })
    expect(frames).toContainEqual({ push: 'app:notice', payload: { level: 'info', message: 'hi' } })
    ws.close()
  })

  it('rejects hostile payloads with coded errors and keeps serving', async () => {
    const ws = await opened()
    const bad = (await rpc(ws, { id: 2, method: 'app:ping', params: { echo: 'x', extra: 1 } })) as {
      result: { ok: boolean; error: { code: string } }
    }
    expect(bad.result.ok).toBe(false)
    expect(bad.result.error.code).toBe('INVALID_REQUEST')
    const unknown = (await rpc(ws, { id: 3, method: '__proto__', params: null })) as {
      result: { error: { code: string } }
    }
    expect(unknown.result.error.code).toBe('UNKNOWN_METHOD')
    const ok = await rpc(ws, { id: 4, method: 'app:ping', params: { echo: 'still here' } })
    expect(ok).toEqual({ id: 4, result: { ok: true, value: { echo: 'still here' } } })
    ws.close()
  })

  it('closes a connection that sends a malformed frame', async () => {
    const ws = await opened()
    const code = await new Promise<number>((resolve) => {
      ws.on('close', (c) => resolve(c))
      ws.send('{not json')
    })
    expect(code).toBe(1003)
  })

  it('serves the renderer but nothing outside its folder', async () => {
    const index = await fetch(`${server.origin}/`)
    expect(index.status).toBe(200)
    expect(index.headers.get('content-security-policy')).toContain("default-src 'none'")
    const escape = await fetch(`${server.origin}/..%2fsecret.txt`)
    expect([403, 404]).toContain(escape.status)
    expect(await escape.text()).not.toContain('not for you')
  })
})

// Issue 11 items 1 and 2: hostile HTTP requests and hostile WebSocket frames must never kill
// the browser-mode host. Each case is sent raw (net.Socket); then a valid request must still
// be answered.
const target = () => ({ port: server.port, origin: server.origin, token: server.token })

describe('hostile HTTP requests (issue 11 item 1)', () => {
  const lines = [
    'GET /% HTTP/1.1',
    'GET /%zz HTTP/1.1',
    'GET // HTTP/1.1',
    'HEAD /%E0%A4%A HTTP/1.1',
    'GET //evil.example/x HTTP/1.1',
    'GET /%00 HTTP/1.1',
  ]
  for (const line of lines)
    it(`answers ${line} with a 4xx and keeps serving`, async () => {
      const status = await rawHttp(target(), `${line}\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`)
      expect(status).toBeGreaterThanOrEqual(400)
      expect(status).toBeLessThan(500)
      expect(await validPing(target())).toBe(true)
    })

  for (const p of ['//', '/%zz', '/%', '//ws'])
    it(`refuses an upgrade to ${p} and keeps serving`, async () => {
      const status = await rawHttp(
        target(),
        `GET ${p} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n` +
          `Sec-WebSocket-Version: 13\r\n\r\n`,
      )
      expect(status).toBeGreaterThanOrEqual(400)
      expect(await validPing(target())).toBe(true)
    })
})

describe('hostile frames from an authenticated client (issue 11 item 2)', () => {
  async function closeCodeAfter(bytes: Buffer): Promise<number | null> {
    const sock: RawSocket = await rawSocket(target())
    sock.write(bytes)
    const code = await sock.closed()
    return code
  }

  it('caps frames at the largest legitimate message (an upload chunk)', () => {
    // 4 MB decoded → 5.6 MB base64 plus the JSON envelope, and not the old 60 MB.
    expect(MAX_FRAME_BYTES).toBeGreaterThan(5_600_000)
    expect(MAX_FRAME_BYTES).toBeLessThan(6_000_000)
  })

  it('a frame announcing 61 MB closes that socket with 1009', async () => {
    expect(await closeCodeAfter(frame({ opcode: 1, length: 61 * 1024 * 1024 }))).toBe(1009)
    expect(await validPing(target())).toBe(true)
  })

  it('invalid UTF-8 in a text frame closes with 1007', async () => {
    expect(await closeCodeAfter(frame({ opcode: 1, payload: Buffer.from([0xc3, 0x28]) }))).toBe(
      1007,
    )
    expect(await validPing(target())).toBe(true)
  })

  it('a reserved opcode closes with 1002', async () => {
    expect(await closeCodeAfter(frame({ opcode: 3, payload: Buffer.from('x') }))).toBe(1002)
    expect(await validPing(target())).toBe(true)
  })

  it('RSV1 set without an extension closes with 1002', async () => {
    expect(await closeCodeAfter(frame({ opcode: 1, rsv1: true, payload: Buffer.from('{}') }))).toBe(
      1002,
    )
    expect(await validPing(target())).toBe(true)
  })

  it('an unmasked client frame closes with 1002', async () => {
    expect(
      await closeCodeAfter(frame({ opcode: 1, mask: false, payload: Buffer.from('{}') })),
    ).toBe(1002)
    expect(await validPing(target())).toBe(true)
  })

  it('close code 999 closes with 1002', async () => {
    const body = Buffer.alloc(2)
    body.writeUInt16BE(999)
    expect(await closeCodeAfter(frame({ opcode: 8, payload: body }))).toBe(1002)
    expect(await validPing(target())).toBe(true)
  })

  it('a method name nested 100k deep or with a hostile toString gets a coded error', async () => {
    const deep = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)
    for (const text of [
      `{"id":1,"method":${deep},"params":null}`,
      `{"id":2,"method":{"toString":1,"valueOf":1},"params":null}`,
      `{"id":3,"method":"app:ping","params":${deep}}`,
    ]) {
      const sock = await rawSocket(target())
      sock.write(frame({ opcode: 1, payload: Buffer.from(text) }))
      const reply = await sock.nextText()
      sock.destroy()
      expect(reply).toMatch(/"ok":false/)
    }
    expect(await validPing(target())).toBe(true)
  })

  it('a binary frame is refused with 1003', async () => {
    expect(await closeCodeAfter(frame({ opcode: 2, payload: Buffer.from('{}') }))).toBe(1003)
    expect(await validPing(target())).toBe(true)
  })
})
