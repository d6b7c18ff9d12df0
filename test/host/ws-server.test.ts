import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createHost, type Host } from '../../electron/host/host'
import { startWebServer, type WebServer } from '../../electron/host/server/ws-server'

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
