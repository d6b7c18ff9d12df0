/**
 * The upload path end to end through the real host dispatcher and the browser-mode WebSocket
 * server: full-size 4 MB chunks fit the 60 MB frame cap, progress and stage pushes arrive,
 * and the new scenario is in `scenario:list`.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { UPLOAD_CHUNK_BYTES } from '../../../shared/contract/upload'
import { createHost, type Host } from '../../../electron/host/host'
import { startWebServer, type WebServer } from '../../../electron/host/server/ws-server'
import { BINANCE_HEADER, RESOURCES, binanceKlines, tempDir } from '../data/support/fixtures'

let dir: string
let host: Host
let server: WebServer
let ws: WebSocket
const pushes: { push: string; payload: { stage?: string; rows?: number } }[] = []
const waiting = new Map<number, (r: unknown) => void>()
let nextId = 1

beforeAll(async () => {
  dir = tempDir('pd-upload-ws-')
  const rendererDir = path.join(dir, 'renderer')
  mkdirSync(rendererDir)
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>')
  host = createHost({
    dataDir: dir,
    resourcesDir: RESOURCES,
    transport: 'websocket',
    version: 't',
  })
  server = await startWebServer({ host, rendererDir })
  ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, ['perpdojo', `token.${server.token}`], {
    origin: server.origin,
  })
  ws.on('message', (d) => {
    const frame = JSON.parse(String(d))
    if ('id' in frame) waiting.get(frame.id)?.(frame.result)
    else pushes.push(frame)
  })
  await new Promise((resolve, reject) => {
    ws.on('open', resolve)
    ws.on('error', reject)
  })
})
afterAll(async () => {
  ws.close()
  await server.close()
  await host.close()
  rmSync(dir, { recursive: true, force: true })
})

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test wire frames, checked by matchers
type Wire = { ok: boolean; value?: any; error?: { code: string; message: string } }
function rpc(method: string, params: unknown): Promise<Wire> {
  const id = nextId++
  return new Promise((resolve) => {
    waiting.set(id, resolve as (r: unknown) => void)
    ws.send(JSON.stringify({ id, method, params }))
  })
}

describe('upload over the WebSocket', () => {
  it('uploads ~12 MB in 4 MB chunks and imports it', async () => {
    const rows = binanceKlines(200_000)
    const data = Buffer.from([BINANCE_HEADER, ...rows].join('\n') + '\n')
    expect(data.length).toBeGreaterThan(2 * UPLOAD_CHUNK_BYTES)
    const name = 'BTCUSDT-1m-2024-01-01.csv'
    const begun = await rpc('import:begin', { files: [{ name, size: data.length }] })
    expect(begun.ok).toBe(true)
    const { uploadId, chunkBytes } = begun.value
    expect(chunkBytes).toBe(UPLOAD_CHUNK_BYTES)
    for (let offset = 0; offset < data.length; offset += chunkBytes) {
      const part = data.subarray(offset, offset + chunkBytes)
      const r = await rpc('import:chunk', {
        uploadId,
        fileIndex: 0,
        name,
        offset,
        dataBase64: part.toString('base64'),
        ...(offset + part.length === data.length ? { final: true } : {}),
      })
      expect(r).toMatchObject({ ok: true, value: { received: offset + part.length } })
    }
    const rep = await rpc('import:commit', { uploadId, title: 'Over the socket' })
    expect(rep.ok).toBe(true)
    expect(rep.value).toMatchObject({ ok: true, rowsRead: 200_000, errors: [] })
    expect(pushes.some((p) => p.push === 'import:progress' && p.payload.rows === 200_000)).toBe(
      true,
    )
    expect(pushes.filter((p) => p.push === 'import:stage').map((p) => p.payload.stage)).toEqual([
      'importing',
      'done',
    ])
    const list = await rpc('scenario:list', null)
    expect(list.value.map((s: { id: string }) => s.id)).toContain(rep.value.scenarioId)
    const uploads = path.join(dir, 'uploads')
    expect(existsSync(uploads) ? readdirSync(uploads) : []).toEqual([])
  })

  it('a hostile name is refused by the dispatcher schema', async () => {
    const r = await rpc('import:begin', { files: [{ name: '../../escape.csv', size: 1 }] })
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } })
  })
})
