/**
 * Issue 10.5 / 13.4: one blind boundary. A blind exam on the real FTX data is driven through
 * every method of the contract (the table below must name each one, so a new method cannot
 * be forgotten) while every answer and every push is recorded; then, with the exam over, the
 * real candles that were revealed give the real price levels, and the record is scanned for
 * the real symbol names, any real price level (±1 %) and the real dates. None may appear.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createHost, type Host } from '../../electron/host/host'
import {
  METHOD_NAMES,
  PUSH_NAMES,
  type CandleSet,
  type CommandAck,
  type LiquidationCard,
  type SessionSnapshot,
} from '../../shared/contract'
import type { EngineEvent } from '../../shared/trading/events'
import type { GuardrailProfile } from '../../shared/contract/coach'

const dirs: string[] = []
let host: Host | null = null
afterAll(async () => {
  await host?.close()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

type Said = { what: string; value: unknown }

describe('blind exam boundary', () => {
  it('no answer or push of a running blind exam carries a real name, price level or date', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pd-blind-'))
    dirs.push(dataDir)
    host = createHost({
      dataDir,
      resourcesDir: path.resolve('resources'),
      transport: 'websocket',
      version: 't',
    })
    const h = host
    const said: Said[] = []
    const pushed = new Set<string>()
    h.onPush((name, payload) => {
      pushed.add(name)
      const about = (payload as { status?: { sessionId?: string } }).status?.sessionId
      said.push({ what: `push ${name} (after ${lastAsked}, ${about})`, value: payload })
    })
    const asked = new Set<string>()
    let lastAsked = 'nothing'
    async function call<T>(method: string, payload: unknown): Promise<T | null> {
      asked.add(method)
      lastAsked = method
      const r = await h.dispatch(method, payload)
      said.push({ what: method, value: r.ok ? r.value : r.error })
      return r.ok ? (r.value as T) : null
    }

    const snap = (await call<SessionSnapshot>('session:create', {
      // BTC + ETH only: this scan flags any number within 1 % of any real price level, and with
      // FTX's six symbols (DOGE ~0.1, XRP ~0.4, SOL ~30) percent moves and other coins' masked
      // prices collide with real levels (false positives). Open issue for the blind boundary:
      // a scan that tells a coin's price from a coincidence; see the data session's report.
      scenarioId: 'calm-2025-05',
      mode: 'exam',
      blind: true,
    }))!
    const sessionId = snap.summary.id
    const [a, b] = snap.scenario.symbols.map((s) => s.symbol) as [string, string]
    await call('session:watch', { sessionId, watch: [{ symbol: a, timeframe: '1m' }] })
    await call('replay:control', { sessionId, action: { type: 'step', bars: 30 } })
    const candles = (await call<CandleSet>('session:candles', {
      sessionId,
      symbol: a,
      timeframe: '1m',
    }))!
    const last = candles.bars.at(-1)!.c
    const tick = (x: number) => x.toFixed(4)
    const qty = (n: number) => (n / last).toFixed(5) // ~n USDT of notional
    // a protected entry, a resting limit, a price alert, a stop amended, margin rules
    const entry = await call<CommandAck>('session:command', {
      sessionId,
      command: {
        kind: 'placeOrder',
        symbol: a,
        side: 'BUY',
        positionSide: 'BOTH',
        type: 'MARKET',
        quantity: qty(300),
        attached: { stopLoss: { stopPrice: tick(last * 0.97), workingType: 'MARK_PRICE' } },
      },
    })
    expect(entry?.accepted).toBe(true)
    // a price read off the desk comes back on the real tick: the limit rests, not -4014
    const limit = await call<CommandAck>('session:command', {
      sessionId,
      command: {
        kind: 'placeOrder',
        symbol: a,
        side: 'BUY',
        positionSide: 'BOTH',
        type: 'LIMIT',
        price: tick(last * 0.99),
        quantity: qty(200),
        timeInForce: 'GTC',
      },
    })
    expect(limit?.accepted).toBe(true)
    const rest = limit?.account.openOrders.find((o) => o.type === 'LIMIT')
    expect(Math.abs(Number(rest?.price) / (last * 0.99) - 1)).toBeLessThan(1e-4)
    await call('session:command', {
      sessionId,
      command: { kind: 'setLeverage', symbol: b, leverage: 500 }, // rejected, with its text
    })
    await call('order:preview', {
      sessionId,
      symbol: a,
      side: 'SELL',
      positionSide: 'BOTH',
      type: 'LIMIT',
      price: tick(last * 1.01),
      quantity: qty(250),
    })
    await call('session:preview', {
      sessionId,
      command: { kind: 'closePosition', symbol: a, positionSide: 'BOTH', fraction: '0.5' },
    })
    await call('alerts:set', {
      sessionId,
      alert: {
        id: 'a1',
        kind: 'price',
        symbol: a,
        price: tick(last * 1.001),
        direction: 'above',
        source: 'last',
        pause: false,
      },
    })
    await call('alerts:list', { sessionId })
    // a drawing made on the masked chart: stored in real terms, answered masked
    const barT = candles.bars.at(-1)!.t
    const saved = await call<{ points: { t: number; price: string }[] }[]>('drawings:save', {
      sessionId,
      symbol: a,
      drawings: [
        {
          id: 'd1',
          kind: 'trend',
          symbol: a,
          points: [
            { t: candles.bars.at(-10)!.t, price: tick(last * 0.98) },
            { t: barT, price: tick(last) },
          ],
        },
      ],
    })
    expect(saved?.[0]?.points[1]?.t).toBe(barT)
    expect(Math.abs(Number(saved?.[0]?.points[1]?.price) / last - 1)).toBeLessThan(1e-4)
    await call('drawings:list', { sessionId })
    await call('coach:sizer', { sessionId, symbol: a, side: 'BUY', stopPercent: '2' })
    await call('coach:whatIf', { sessionId })
    await call('coach:stressTest', { sessionId, scenarioIds: ['may-2021'] })
    await call('coach:check', {
      sessionId,
      command: {
        kind: 'placeOrder',
        symbol: b,
        side: 'SELL',
        positionSide: 'BOTH',
        type: 'MARKET',
        quantity: '0.1',
      },
    })
    await call('coach:hits', { sessionId })
    await call('coach:report', { sessionId })
    await call('coach:export', { sessionId, format: 'tradesCsv' })
    await call('coach:export', { sessionId, format: 'json' })
    await call('coach:journal', { sessionId, tradeId: 'x', note: 'n', tags: [] })
    await call('coach:settings', {})
    await call('coach:practiseCrash', { sessionId, scenarioId: 'may-2021' })
    await call('replay:control', { sessionId, action: { type: 'play' } })
    // (not 'max': that can play to the last bar, which ends the exam and lifts the mask)
    await call('replay:control', { sessionId, action: { type: 'speed', speed: 5 } })
    await call('replay:control', { sessionId, action: { type: 'pause' } })
    // a 100x isolated short on b (guardrails off for it), liquidated within the steps below:
    // its liquidation card is scanned too
    const coachProfile = (await call<GuardrailProfile>('coach:settings', {}))!
    await call('coach:settings', { profile: { ...coachProfile, enabled: false } })
    await call('session:command', {
      sessionId,
      command: { kind: 'setMarginType', symbol: b, marginType: 'ISOLATED' },
    })
    await call('session:command', {
      sessionId,
      command: { kind: 'setLeverage', symbol: b, leverage: 100 },
    })
    const lastB = (await call<CandleSet>('session:candles', {
      sessionId,
      symbol: b,
      timeframe: '1m',
    }))!.bars.at(-1)!.c
    await call('session:command', {
      sessionId,
      command: {
        kind: 'placeOrder',
        symbol: b,
        side: 'SELL',
        positionSide: 'BOTH',
        type: 'MARKET',
        quantity: (400 / lastB).toFixed(3),
      },
    })
    await call('replay:control', { sessionId, action: { type: 'step', bars: 600 } })
    await call('coach:settings', { profile: { ...coachProfile, enabled: true } })
    const liq = said
      .flatMap((x) => (x.value as { events?: EngineEvent[] } | null)?.events ?? [])
      .find((e) => e.type === 'liquidation')
    expect(liq, 'the 100x short is liquidated in the exam').toBeDefined()
    const card = await call<LiquidationCard>('session:liquidation', { sessionId, seq: liq!.seq })
    expect(card?.rescue).toBeTruthy()
    // (no 'nextEvent': with nothing pending it plays to the last bar, which ends the exam)
    await call('replay:control', { sessionId, action: { type: 'seek', t: snap.scenario.start } })
    await call('replay:control', { sessionId, action: { type: 'decision', index: 0 } })
    await call('session:rewind', { sessionId, t: snap.scenario.start })
    await call('session:restore', { sessionId })
    await call('session:decisions', { sessionId })
    await call('session:candles', { sessionId, symbol: b, timeframe: '1h' })
    await call('session:rename', { sessionId, name: 'my exam' })
    await call('session:list', null)
    await call('session:export', { sessionId })
    await call('session:fork', { sessionId, commandIndex: 0 })
    await call('session:duplicate', { sessionId })
    await call('session:list', null)
    await call('session:close', { sessionId })
    await call('session:list', null)
    await call('session:open', { sessionId })
    await call('alerts:remove', { sessionId, alertId: 'a1' })
    const during = said.length

    // Not about a session (the app, the library, imports): nothing of the exam to mask.
    const notSessionScoped = [
      'app:info',
      'app:ping',
      'scenario:list',
      'scenario:build', // a new library scenario from a library source, no session in it
      'import:files',
      'import:begin',
      'import:chunk',
      'import:commit',
      'import:cancel',
      'download:settings',
      'download:setEnabled',
      'download:start',
      'download:cancel',
      // after the exam (below): the mask is lifted by design
      'session:finish',
      'session:delete',
      'session:import',
    ]
    expect([...METHOD_NAMES].filter((m) => !asked.has(m) && !notSessionScoped.includes(m))).toEqual(
      [],
    )

    // The exam ends: the real names come back, and with them the real levels to look for.
    const done = (await call<SessionSnapshot>('session:finish', { sessionId }))!
    expect(JSON.stringify(done.scenario.symbols)).toMatch(/BTCUSDT/)
    const levels: [number, number][] = []
    for (const s of done.scenario.symbols) {
      const real = (await call<CandleSet>('session:candles', {
        sessionId,
        symbol: s.symbol,
        timeframe: '1m',
      }))!
      const xs = [...real.bars, ...real.mark].flatMap((x) => [x.o, x.h, x.l, x.c])
      levels.push([Math.min(...xs) * 0.99, Math.max(...xs) * 1.01])
    }
    const from = done.scenario.start - 90 * 86_400_000
    const to = done.scenario.end + 90 * 86_400_000

    const leaks: string[] = []
    const NAMES = /BTC|ETH|Bitcoin|Ethereum|FTX/
    const DATES = /20(22|23)-\d\d-\d\d|Nov(ember)? 2022/
    const check = (where: string, x: number, tok: string) => {
      if (x >= from && x <= to) leaks.push(`${where}: time ${tok}`)
      else if (levels.some(([lo, hi]) => x >= lo && x <= hi)) leaks.push(`${where}: price ${tok}`)
    }
    const walk = (where: string, v: unknown): void => {
      // bar volumes (quantities) and stop distances are rescaled too but are not levels: a
      // rescaled one may land in a price range by chance
      // bar counts (cursor, total, advanced) are not prices either; a what-if row is the price
      // after a hypothetical move (current × (1 + move)), which lands on some real level for
      // some move whatever the factor
      if (/\.(v|stopDistance|cursor|total|advanced|applied)$/.test(where)) return
      if (/^coach:whatIf\.tables.*\.price$/.test(where)) return
      if (typeof v === 'number') check(where, v, String(v))
      else if (typeof v === 'string') {
        if (v === sessionId) return
        if (NAMES.test(v)) leaks.push(`${where}: name in ${JSON.stringify(v.slice(0, 80))}`)
        if (DATES.test(v)) leaks.push(`${where}: date in ${JSON.stringify(v.slice(0, 80))}`)
        for (const tok of v.match(/\d[\d,]*(\.\d+)?/g) ?? [])
          check(where, Number(tok.replace(/,/g, '')), tok)
      } else if (Array.isArray(v)) v.forEach((x, i) => walk(`${where}[${i > 0 ? '*' : 0}]`, x))
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          if (NAMES.test(k)) leaks.push(`${where}: key ${k}`)
          walk(`${where}.${k}`, x)
        }
    }
    for (const { what, value } of said.slice(0, during)) walk(what, value)
    expect([...new Set(leaks.map((l) => l.replace(/\d{5,}/g, 'N')))].slice(0, 30)).toEqual([])
    // every push the contract has that a session can send was seen and scanned
    expect(pushed.has('replay:frame')).toBe(true)
    expect(PUSH_NAMES).toContain('alerts:fired')
  }, 120_000)
})

describe('blind mask', () => {
  it('leaves ids alone (a session id with a digit run that looks like a price stays valid)', async () => {
    const { createBlindMask } = await import('../../electron/host/session/blind')
    const m = createBlindMask(
      's1',
      ['BTCUSDT'],
      Date.UTC(2022, 10, 7),
      () => ({
        tickSize: '0.1',
        stepSize: '0.001',
      }),
      { BTCUSDT: { lo: 15_000, hi: 22_000 } },
    )
    const id = 's20261204-20951abc'
    const out = m.out({ summary: { id }, sessionId: id, message: 'at 20951 (order 20951abc)' })
    expect(out.summary.id).toBe(id)
    expect(out.sessionId).toBe(id)
    expect(out.message).toContain('20951abc')
    expect(out.message).not.toContain('at 20951 ')
  })
})
