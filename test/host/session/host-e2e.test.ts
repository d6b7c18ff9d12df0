/**
 * End to end through the host dispatcher (what the browser client and Electron both
 * call): a session on the bundled ftx-2022-11 scenario, candles, play, a market order,
 * a restart.
 */
import { rmSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type {
  CandleSet,
  CommandAck,
  ReplayFrame,
  ReplayStatus,
  SessionSnapshot,
  SessionSummary,
} from '../../../shared/contract'
import { call, hostRig } from './host-support'
import { tempDir } from './support'
import { binanceKlines, writeFile } from '../data/support/fixtures'

const { host } = hostRig()

describe('host: sessions end to end on ftx-2022-11', () => {
  it('creates a session, serves candles, plays, fills a market order and survives a restart', async () => {
    const dataDir = tempDir()
    const h = host(dataDir)
    const frames: ReplayFrame[] = []
    h.onPush((name, payload) => {
      if (name === 'replay:frame') frames.push(payload as ReplayFrame)
    })
    const snap = await call<SessionSnapshot>(h, 'session:create', { scenarioId: 'ftx-2022-11' })
    const id = snap.summary.id
    expect(snap.scenario.symbols.map((s) => s.symbol)).toEqual([
      'BTCUSDT',
      'ETHUSDT',
      'SOLUSDT',
      'DOGEUSDT',
      'XRPUSDT',
      'BNBUSDT',
    ])
    expect(snap.status.total).toBe(5760)

    const c1 = await call<CandleSet>(h, 'session:candles', {
      sessionId: id,
      symbol: 'BTCUSDT',
      timeframe: '1h',
    })
    expect(c1.bars.length).toBeGreaterThan(0)
    expect(c1.bars.at(-1)!.t).toBeLessThanOrEqual(snap.status.t)

    await call<ReplayStatus>(h, 'replay:control', {
      sessionId: id,
      action: { type: 'speed', speed: 600 },
    })
    await call<ReplayStatus>(h, 'replay:control', { sessionId: id, action: { type: 'play' } })
    await new Promise((r) => setTimeout(r, 150))
    const paused = await call<ReplayStatus>(h, 'replay:control', {
      sessionId: id,
      action: { type: 'pause' },
    })
    expect(paused.playing).toBe(false)
    expect(paused.cursor).toBeGreaterThan(snap.status.cursor)
    expect(frames.length).toBeGreaterThan(0)
    expect(frames.reduce((n, f) => n + f.advanced, 0)).toBe(paused.cursor - snap.status.cursor)

    const ack = await call<CommandAck>(h, 'session:command', {
      sessionId: id,
      command: {
        kind: 'placeOrder',
        symbol: 'BTCUSDT',
        side: 'BUY',
        positionSide: 'BOTH',
        type: 'MARKET',
        quantity: '0.05',
      },
    })
    expect(ack.accepted).toBe(true)
    expect(ack.events.some((e) => e.type === 'orderFilled')).toBe(true)
    expect(ack.account.positions.find((p) => p.symbol === 'BTCUSDT')?.size).toBe('0.05')

    const bad = await h.dispatch('session:command', {
      sessionId: id,
      command: { kind: 'placeOrder' },
    })
    expect(bad.ok).toBe(false)

    await call(h, 'replay:control', { sessionId: id, action: { type: 'step', bars: 30 } })
    const list = await call<SessionSummary[]>(h, 'session:list', null)
    expect(list[0]!.commands).toBe(1)
    await h.close()

    const h2 = host(dataDir)
    const again = await call<SessionSnapshot>(h2, 'session:open', { sessionId: id })
    expect(again.status.cursor).toBe(paused.cursor + 30)
    expect(again.account.positions.find((p) => p.symbol === 'BTCUSDT')?.size).toBe('0.05')
    expect(again.events.length).toBeGreaterThan(0)
  })

  it('lists the bundled scenarios', async () => {
    const h = host(tempDir())
    const list = await call<{ id: string }[]>(h, 'scenario:list', null)
    expect(list.map((s) => s.id)).toContain('ftx-2022-11')
  })

  it('imports Binance files through the upload methods and replays them as a new session', async () => {
    const dataDir = tempDir()
    const h = host(dataDir)
    const progress: unknown[] = []
    h.onPush((name, payload) => {
      if (name === 'import:progress') progress.push(payload)
    })
    const bytes = Buffer.from(binanceKlines(240, { price: 40000 }).join('\n') + '\n')
    const name = 'BTCUSDT-1m-2024-01-01.csv'
    const { uploadId } = await call<{ uploadId: string }>(h, 'import:begin', {
      files: [{ name, size: bytes.length }],
    })
    await call(h, 'import:chunk', {
      uploadId,
      fileIndex: 0,
      name,
      offset: 0,
      dataBase64: bytes.toString('base64'),
      final: true,
    })
    const report = await call<{ ok: boolean; scenarioId?: string; rowsRead: number }>(
      h,
      'import:commit',
      { uploadId, title: 'My import' },
    )
    expect(report.ok).toBe(true)
    expect(report.rowsRead).toBe(240)
    const list = await call<{ id: string; source: string }[]>(h, 'scenario:list', null)
    expect(list.find((s) => s.id === report.scenarioId)?.source).toBe('user')
    const snap = await call<SessionSnapshot>(h, 'session:create', { scenarioId: report.scenarioId })
    expect(snap.status.total).toBe(240)
    const st = await call<ReplayStatus>(h, 'replay:control', {
      sessionId: snap.summary.id,
      action: { type: 'seek', t: 4_000_000_000_000 },
    })
    expect(st.atEnd).toBe(true)
    const bad = await h.dispatch('session:create', { scenarioId: 'no-such-scenario' })
    expect(bad.ok === false && bad.error.code).toBe('NOT_FOUND')
  })

  it('names scenarios by id only: no folder path through the contract (issue 11 item 6)', async () => {
    const dataDir = tempDir()
    const folder = tempDir('pd-import-in-')
    writeFile(folder, 'BTCUSDT-1m-2024-01-01.csv', binanceKlines(60).join('\n') + '\n')
    const h = host(dataDir)
    for (const scenarioId of [folder, '../../etc', 'a/b', '.hidden', 'C:\\x', 'UPPER'] as const) {
      const r = await h.dispatch('session:create', { scenarioId })
      expect(r.ok === false && r.error.code).toBe('INVALID_REQUEST')
    }
    // No method imports host paths any more.
    const files = await h.dispatch('import:files', { paths: [folder] })
    expect(files.ok === false && files.error.code).toBe('UNKNOWN_METHOD')
    // A shared session file whose header names a folder is refused, not loaded.
    const good = await call<SessionSnapshot>(h, 'session:create', { scenarioId: 'ftx-2022-11' })
    const exported = await call<{ content: string }>(h, 'session:export', {
      sessionId: good.summary.id,
    })
    const tampered = exported.content.replace(
      '"scenarioId":"ftx-2022-11"',
      `"scenarioId":${JSON.stringify(folder)}`,
    )
    expect(tampered).not.toBe(exported.content)
    const imported = await h.dispatch('session:import', { content: tampered })
    expect(imported.ok).toBe(false)
    rmSync(folder, { recursive: true, force: true })
    rmSync(dataDir, { recursive: true, force: true })
  })
})
