/**
 * The coach wired into the real host: guardrails vet `session:command` before the journal,
 * a stop attached by the ticket satisfies the stop rule, and switching the profile off lets
 * an unprotected order through.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { offProfile } from '../../electron/host/coach'
import { createHost, type Host } from '../../electron/host/host'
import type { CandleSet, CommandAck, SessionSnapshot } from '../../shared/contract'

let host: Host | null = null
afterEach(async () => host?.close())

async function call<T>(h: Host, method: string, payload: unknown): Promise<T> {
  const r = await h.dispatch(method, payload)
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`)
  return r.value as T
}

const order = (quantity: string) => ({
  kind: 'placeOrder',
  symbol: 'BTCUSDT',
  side: 'BUY',
  positionSide: 'BOTH',
  type: 'MARKET',
  quantity,
})

async function start() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pd-coachwire-'))
  host = createHost({
    dataDir,
    resourcesDir: path.resolve('resources'),
    transport: 'websocket',
    version: 't',
  })
  const snap = await call<SessionSnapshot>(host, 'session:create', { scenarioId: 'ftx-2022-11' })
  await call(host, 'replay:control', {
    sessionId: snap.summary.id,
    action: { type: 'step', bars: 5 },
  })
  return { h: host, id: snap.summary.id, dataDir }
}

describe('coach in the host', () => {
  it('refuses a 10x order without a stop with the GUARDRAIL code, and journals nothing', async () => {
    const { h, id } = await start()
    // ~20,900 x 5 BTC = ~104k notional on 10k equity: over the 5x stop-required line
    const ack = await call<CommandAck>(h, 'session:command', { sessionId: id, command: order('5') })
    expect(ack.accepted).toBe(false)
    expect(ack.rejection).toMatchObject({ name: 'GUARDRAIL', code: -9001 })
    expect(ack.account.positions).toHaveLength(0)
    const list = await call<{ id: string; commands: number }[]>(h, 'session:list', null)
    expect(list.find((s) => s.id === id)?.commands).toBe(0)
  })

  it('accepts the same order when the ticket attaches a stop inside the liquidation price', async () => {
    const { h, id } = await start()
    const ack = await call<CommandAck>(h, 'session:command', {
      sessionId: id,
      command: order('5'),
      attachedStop: { stopPrice: '20500', workingType: 'MARK_PRICE' },
    })
    expect(ack.accepted).toBe(true)
    expect(ack.account.positions).toHaveLength(1)
  })

  it('lets it through once the user switches the coach off', async () => {
    const { h, id } = await start()
    await call(h, 'coach:settings', { profile: offProfile() })
    const ack = await call<CommandAck>(h, 'session:command', { sessionId: id, command: order('5') })
    expect(ack.accepted).toBe(true)
  })
})

describe('closing the host', () => {
  it('waits for the coach store: the hit and the guardrail track are on disk, nothing written after', async () => {
    const { h, id, dataDir } = await start()
    const ack = await call<CommandAck>(h, 'session:command', { sessionId: id, command: order('5') })
    expect(ack.rejection).toMatchObject({ name: 'GUARDRAIL' })
    // the hit's save is still in flight here; close() must not return before it lands
    await h.close()
    host = null
    const dir = path.join(dataDir, 'coach', 'sessions')
    const saved = JSON.parse(readFileSync(path.join(dir, `${id}.json`), 'utf8')) as {
      hits: unknown[]
      track: { t: number } | null
    }
    expect(saved.hits).toHaveLength(1)
    // the session's guardrail track (peaks, locks) is saved when the coach lets go of it
    expect(saved.track?.t).toBeGreaterThan(0)
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
    // nothing is written once close() has returned
    rmSync(dataDir, { recursive: true, force: true })
    await new Promise((r) => setTimeout(r, 200))
    expect(existsSync(dataDir)).toBe(false)
  })
})

describe('session report as PDF', () => {
  it('prints through the host capability when the desktop app provides one', async () => {
    const printed: string[] = []
    host = createHost({
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'pd-pdf-')),
      resourcesDir: path.resolve('resources'),
      transport: 'electron',
      version: 't',
      printToPdf: async (html) => {
        printed.push(html)
        return new TextEncoder().encode('%PDF-1.7 fake')
      },
    })
    expect((await call<{ canPrintPdf: boolean }>(host, 'app:info', null)).canPrintPdf).toBe(true)
    const snap = await call<SessionSnapshot>(host, 'session:create', { scenarioId: 'ftx-2022-11' })
    const pdf = await call<{ fileName: string; mime: string; content: string; encoding: string }>(
      host,
      'coach:export',
      { sessionId: snap.summary.id, format: 'pdf' },
    )
    expect(pdf.mime).toBe('application/pdf')
    expect(pdf.fileName).toMatch(/\.pdf$/)
    expect(Buffer.from(pdf.content, 'base64').toString()).toBe('%PDF-1.7 fake')
    expect(printed[0]).toContain('<html')
  })

  it('says clearly that browser mode cannot print PDF', async () => {
    const { h, id } = await start()
    expect((await call<{ canPrintPdf: boolean }>(h, 'app:info', null)).canPrintPdf).toBe(false)
    const r = await h.dispatch('coach:export', { sessionId: id, format: 'pdf' })
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  })
})

describe('coach in a blind exam', () => {
  it('understands the aliases and never answers with the real symbol', async () => {
    host = createHost({
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'pd-blindcoach-')),
      resourcesDir: path.resolve('resources'),
      transport: 'websocket',
      version: 't',
    })
    const snap = await call<SessionSnapshot>(host, 'session:create', {
      scenarioId: 'ftx-2022-11',
      mode: 'exam',
      blind: true,
    })
    const id = snap.summary.id
    const alias = snap.scenario.symbols[0]!.symbol
    expect(alias).not.toMatch(/BTC|ETH/)
    await call(host, 'replay:control', { sessionId: id, action: { type: 'step', bars: 5 } })
    const sized = await call<unknown>(host, 'coach:sizer', {
      sessionId: id,
      symbol: alias,
      side: 'BUY',
      stopPercent: '2',
    })
    expect(JSON.stringify(sized)).not.toMatch(/BTCUSDT|ETHUSDT/)
    // quantities are rescaled with prices in a blind exam: size ~12x equity in shown units
    const shown = await call<CandleSet>(host, 'session:candles', {
      sessionId: id,
      symbol: alias,
      timeframe: '1m',
    })
    const qty = ((12 * 10_000) / shown.bars.at(-1)!.c).toFixed(5)
    const ack = await call<CommandAck>(host, 'session:command', {
      sessionId: id,
      command: { ...order(qty), symbol: alias },
    })
    expect(ack.rejection).toMatchObject({ name: 'GUARDRAIL' })
    expect(JSON.stringify(ack)).not.toMatch(/BTCUSDT|ETHUSDT/)
  })
})
