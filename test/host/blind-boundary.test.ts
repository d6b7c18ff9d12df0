/**
 * Issue 10.5 / 13.4: one blind boundary. A blind exam of EVERY bundled scenario (real data,
 * every symbol in it) is driven through every method of the contract (the table below must
 * name each one, so a new method cannot be forgotten) while every answer and every push is
 * recorded, the coach's answers included (sizer, what-if, stress test of the exam's own crash,
 * report and its exports, hits, a liquidation card); then, with the exam over, the real
 * candles that were revealed give each symbol's real price levels, and the record is scanned
 * for the real symbol and scenario names, any real price level (±1 %) and the real dates.
 * None may appear.
 *
 * The price scan is told what a number is: a value under a key that names an amount, a
 * percent, a ratio or a count (NOT_PRICES) is not a price, and a price under an object that
 * names its symbol is judged against that symbol's levels only (a masked SOL price may land
 * on a real DOGE level by chance; it tells nothing). Every other number — unknown keys, new
 * fields, numbers inside texts — is judged against every symbol's levels.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
import type { ScenarioInfo } from '../../shared/market'

const dirs: string[] = []
let host: Host | null = null
beforeAll(() => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pd-blind-'))
  dirs.push(dataDir)
  host = createHost({
    dataDir,
    resourcesDir: path.resolve('resources'),
    transport: 'websocket',
    version: 't',
  })
})
afterAll(async () => {
  await host?.close()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

const SCENARIOS = (
  JSON.parse(readFileSync(path.resolve('resources/scenarios/index.json'), 'utf8')) as {
    scenarios: string[]
  }
).scenarios

/** Each scenario's own words (its title's names); the coins come from its symbols. */
const SCENARIO_NAMES: Record<string, string> = {
  'ftx-2022-11': 'FTX',
  'black-thursday-2020-03': 'Black Thursday',
  'china-ban-2021-05': 'China',
  'celsius-2022-06': 'Celsius|3AC',
  'terra-2022-05': 'Terra|LUNA',
  'yen-carry-2024-08': 'Yen carry',
  'liquidations-2025-10': '10/10',
  'calm-2025-05': 'Calm practice week',
}
const COIN_NAMES: Record<string, string> = {
  BTC: 'Bitcoin',
  ETH: 'Ethereum|Ether\\b',
  XRP: 'Ripple',
  BNB: 'Binance Coin',
  DOGE: 'Dogecoin',
  SOL: 'Solana',
}
const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec'
/** A session id as SessionStore.newId makes it: the wall-clock day and random hex. */
const SESSION_ID = /^s\d{8}-[0-9a-f]{8}$/

/**
 * Keys whose numbers are amounts (USDT), percents, ratios, rates, counts, leverage or ids —
 * never a price level. A new key is not here, so a price added under it is scanned.
 */
const NOT_PRICES = new Set([
  // amounts (USDT: never rescaled), percents, ratios
  'initialMargin',
  'maintMargin',
  'fees',
  'fee',
  'pnl',
  'unrealizedPnl',
  'realizedPnl',
  'notional',
  'marginRatio',
  'worstMarginRatio',
  'effectiveLeverage',
  'marginCallRatios',
  'move',
  // the shown grids (one decimal finer than k × tick and step ÷ k): not levels
  'tickSize',
  'stepSize',
  'steps',
  // bar volumes and stop distances are rescaled quantities / differences, not levels
  'v',
  'volume',
  'stopDistance',
  // base quantities (rescaled by 1/k: not levels)
  'quantity',
  'executedQty',
  'size',
  'qty',
  'maxQuantity',
  // counts
  'cursor',
  'total',
  'advanced',
  'applied',
  'seq',
  'index',
  'bars',
  'trades',
  'wins',
  'losses',
  'positions',
  'liquidations',
  'leverage',
  'maxLeverage',
  'priceDp',
  'qtyDp',
  'elapsedMs',
  'durationMs',
])

/** Keys of amounts (USDT), percents, ratios, rates and wall-clock durations, by their names. */
const AMOUNT =
  /Balance$|[eE]quity|Pnl$|pnl$|[mM]argin$|[fF]ees?$|[fF]unding|[nN]otional|[aA]mount|insurance|socialized|ownLeg|covered|change|slippage|lastVsMark|[rR]atio|[pP]ercent|[rR]ate$|Ms$/
/**
 * Hypothetical prices: a what-if row is the price after a move of the current one
 * (current × (1 + move)), which lands on some real level for some move whatever the factor.
 */
const HYPOTHETICAL = /^coach:whatIf\.tables.*\.price$/

type Said = { what: string; value: unknown }
/** Sessions to delete once a scenario's scan is done. */
const cleanup: string[] = []

async function blindExam(scenarioId: string, census: boolean): Promise<string[]> {
  const h = host!
  const said: Said[] = []
  const pushed = new Set<string>()
  let lastAsked = 'nothing'
  const off = h.onPush((name, payload) => {
    pushed.add(name)
    const about = (payload as { status?: { sessionId?: string } }).status?.sessionId
    said.push({ what: `push ${name} (after ${lastAsked}, ${about})`, value: payload })
  })
  const asked = new Set<string>()
  async function call<T>(method: string, payload: unknown): Promise<T | null> {
    asked.add(method)
    lastAsked = method
    const r = await h.dispatch(method, payload)
    said.push({ what: method, value: r.ok ? r.value : r.error })
    return r.ok ? (r.value as T) : null
  }

  const snap = (await call<SessionSnapshot>('session:create', {
    scenarioId,
    mode: 'exam',
    blind: true,
  }))!
  const sessionId = snap.summary.id
  const series = snap.scenario.symbols
  const syms = series.map((s) => s.symbol)
  const [a, b] = syms as [string, string]
  const stepOf = (s: string) => series.find((x) => x.symbol === s)!.lastStep
  await call('session:watch', {
    sessionId,
    watch: syms.map((symbol) => ({ symbol, timeframe: stepOf(symbol) })),
  })
  await call('replay:control', { sessionId, action: { type: 'step', bars: 30 } })
  const lastOf = async (s: string) =>
    (await call<CandleSet>('session:candles', { sessionId, symbol: s, timeframe: stepOf(s) }))!
  const candles = await lastOf(a)
  const last = candles.bars.at(-1)!.c
  const tick = (x: number) => x.toFixed(4)
  const qty = (n: number, at = last) => (n / at).toFixed(5) // ~n USDT of notional
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
  expect(entry?.accepted, JSON.stringify(entry?.rejection)).toBe(true)
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
  expect(limit?.accepted, JSON.stringify(limit?.rejection)).toBe(true)
  const rest = limit?.account.openOrders.find((o) => o.type === 'LIMIT')
  expect(Math.abs(Number(rest?.price) / (last * 0.99) - 1)).toBeLessThan(1e-3)
  // a small position on every other symbol, so every symbol's figures pass the boundary
  for (const s of syms.slice(2)) {
    const at = (await lastOf(s)).bars.at(-1)!.c
    const ack = await call<CommandAck>('session:command', {
      sessionId,
      command: {
        kind: 'placeOrder',
        symbol: s,
        side: 'SELL',
        positionSide: 'BOTH',
        type: 'MARKET',
        quantity: qty(150, at),
      },
    })
    expect(ack?.accepted, `${s}: ${JSON.stringify(ack?.rejection)}`).toBe(true)
  }
  await call('session:command', {
    sessionId,
    command: { kind: 'setLeverage', symbol: b, leverage: 0 }, // rejected, with its text
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
          { t: candles.bars[Math.max(0, candles.bars.length - 10)]!.t, price: tick(last * 0.98) },
          { t: barT, price: tick(last) },
        ],
      },
    ],
  })
  expect(saved?.[0]?.points[1]?.t).toBe(barT)
  expect(Math.abs(Number(saved?.[0]?.points[1]?.price) / last - 1)).toBeLessThan(1e-3)
  await call('drawings:list', { sessionId })
  for (const s of syms)
    await call('coach:sizer', { sessionId, symbol: s, side: 'BUY', stopPercent: '2' })
  await call('coach:whatIf', { sessionId })
  // the exam's own crash among the stress tests: its row must not name it
  await call('coach:stressTest', { sessionId, scenarioIds: [scenarioId, 'ftx-2022-11'] })
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
  await call('coach:export', { sessionId, format: 'html' })
  await call('coach:journal', { sessionId, tradeId: 'x', note: 'n', tags: [] })
  await call('coach:settings', {})
  await call('coach:practiseCrash', { sessionId, scenarioId })
  await call('replay:control', { sessionId, action: { type: 'play' } })
  // (not 'max': that can play to the last bar, which ends the exam and lifts the mask)
  await call('replay:control', { sessionId, action: { type: 'speed', speed: 5 } })
  await call('replay:control', { sessionId, action: { type: 'pause' } })
  // a long on b at its highest leverage, isolated (guardrails off for it), stepped until it
  // is liquidated: its liquidation card and the coach's cool-down are scanned too
  const coachProfile = (await call<GuardrailProfile>('coach:settings', {}))!
  await call('coach:settings', { profile: { ...coachProfile, enabled: false } })
  const maxLev = series.find((x) => x.symbol === b)!.instrument.maxLeverage
  const lastB = (await lastOf(b)).bars.at(-1)!.c
  const bLev = await call<CommandAck>('session:command', {
    sessionId,
    command: { kind: 'setMarginType', symbol: b, marginType: 'ISOLATED' },
  })
  expect(bLev?.accepted, JSON.stringify(bLev?.rejection)).toBe(true)
  await call('session:command', {
    sessionId,
    command: { kind: 'setLeverage', symbol: b, leverage: maxLev },
  })
  const short = await call<CommandAck>('session:command', {
    sessionId,
    command: {
      kind: 'placeOrder',
      symbol: b,
      side: 'BUY',
      positionSide: 'BOTH',
      type: 'MARKET',
      quantity: qty(400, lastB),
    },
  })
  expect(short?.accepted, JSON.stringify(short?.rejection)).toBe(true)
  const liquidation = () =>
    said
      .flatMap((x) => (x.value as { events?: EngineEvent[] } | null)?.events ?? [])
      .find((e) => e.type === 'liquidation')
  for (let i = 0; i < 40 && !liquidation(); i++) {
    const st = await call<{ cursor: number; total: number }>('replay:control', {
      sessionId,
      action: { type: 'step', bars: 60 },
    })
    if (!st || st.total - st.cursor < 200) break
  }
  await call('coach:settings', { profile: { ...coachProfile, enabled: true } })
  const liq = liquidation()
  expect(liq, 'the max-leverage long is liquidated in the exam').toBeDefined()
  if (liq) {
    const card = await call<LiquidationCard>('session:liquidation', { sessionId, seq: liq.seq })
    expect(card?.rescue).toBeTruthy()
  } else await call('session:liquidation', { sessionId, seq: 1 })
  await call('coach:report', { sessionId })
  await call('coach:hits', { sessionId })
  await call('coach:export', { sessionId, format: 'html' })
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
  const copy = await call<{ id: string }>('session:duplicate', { sessionId })
  await call('session:list', null)
  await call('session:close', { sessionId })
  await call('session:list', null)
  await call('session:open', { sessionId })
  await call('alerts:remove', { sessionId, alertId: 'a1' })
  const during = said.length

  if (census) {
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
    // every push the contract has that a session can send was seen and scanned
    expect(pushed.has('replay:frame')).toBe(true)
    expect(PUSH_NAMES).toContain('alerts:fired')
  }
  off?.()

  // The exam ends: the real names come back, and with them the real levels to look for.
  const done = (await call<SessionSnapshot>('session:finish', { sessionId }))!
  expect(done.scenario.id).toBe(scenarioId)
  // (the next scenario's session list must not list this exam, unmasked now, as a leak)
  if (copy) cleanup.push(copy.id)
  cleanup.push(sessionId)
  return scan(
    sessionId,
    snap.scenario,
    done.scenario,
    said.slice(0, during),
    candles,
    async (s) =>
      (await call<CandleSet>('session:candles', {
        sessionId,
        symbol: s,
        timeframe: done.scenario.symbols.find((x) => x.symbol === s)!.lastStep,
      }))!,
  )
}

/**
 * Scan what a running blind exam said for the real names, price levels (±1 %) and dates.
 * `masked`/`real`: the scenario as the exam showed it and as the review reveals it (the same
 * symbols in the same order: alias i is real symbol i).
 */
async function scan(
  sessionId: string,
  masked: ScenarioInfo,
  real: ScenarioInfo,
  said: Said[],
  shownFirst: CandleSet,
  candlesOf: (real: string) => Promise<CandleSet>,
): Promise<string[]> {
  const levels = new Map<string, [number, number]>()
  const excused = new Map<string, [number, number]>()
  const aliasOf = new Map<string, string>()
  // the exam's price factor k, read off the first symbol's candles as shown and as real
  const shift = masked.start - real.start
  let k = 0
  for (const [i, s] of real.symbols.entries()) {
    const c = await candlesOf(s.symbol)
    if (i === 0) {
      const shown = shownFirst.bars.at(-1)!
      k = shown.c / c.bars.find((b) => b.t === shown.t - shift)!.c
    }
    const xs = [...c.bars, ...c.mark].flatMap((x) => [x.o, x.h, x.l, x.c])
    const [lo, hi] = [Math.min(...xs), Math.max(...xs)]
    levels.set(s.symbol, [lo * 0.99, hi * 1.01])
    // a shown price (real × k), or one the test derived from it (±3 %: a stop, a limit, a
    // sizer's 2 % stop), is masked whatever real level it happens to land near; the factor
    // keeps real × k off the real levels (drawFactor), not the test's ±3 % around them
    excused.set(s.symbol, [lo * k * 0.96, hi * k * 1.04])
    aliasOf.set(masked.symbols[i]!.symbol, s.symbol)
  }
  expect(k < 0.61 || k > 1.69, `price factor ${k}`).toBe(true)
  const from = real.start - 90 * 86_400_000
  const to = real.end + 90 * 86_400_000
  // the real dates: ISO days of the window ±90 days, and "Mon yyyy" of the window's months
  const days = new Set<string>()
  const months = new Set<string>()
  for (let t = from; t <= to; t += 86_400_000) days.add(new Date(t).toISOString().slice(0, 10))
  for (let t = real.start; t < real.end + 86_400_000; t += 86_400_000) {
    const d = new Date(t)
    months.add(`${MONTHS.split('|')[d.getUTCMonth()]}[a-z]* ${d.getUTCFullYear()}`)
  }
  const DATES = new RegExp(`${[...days].join('|')}|${[...months].join('|')}`)
  // the real names: this exam's coins (ticker anywhere in a word that starts with it, and
  // the coin's name) and its scenario's own words; other coins and other scenarios (the
  // stress test's rows) are the library, not this exam
  const bases = real.symbols.map((s) => s.instrument.base)
  const NAMES = new RegExp(
    [
      `(?<![A-Z])(${bases.join('|')})`,
      ...bases.map((b) => COIN_NAMES[b]).filter(Boolean),
      SCENARIO_NAMES[real.id] ?? real.title,
    ].join('|'),
  )

  const ISO = /\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?Z?)?/g
  const leaks: string[] = []
  /** A time is checked under every key; a price level only where a price can be. */
  const check = (where: string, x: number, tok: string, key: string, symbol?: string) => {
    if (x >= from && x <= to) return void leaks.push(`${where}: time ${tok}`)
    if (NOT_PRICES.has(key) || AMOUNT.test(key) || HYPOTHETICAL.test(where)) return
    const syms = symbol && levels.has(symbol) ? [symbol] : [...levels.keys()]
    const inside = (r: [number, number] | undefined) => !!r && x >= r[0] && x <= r[1]
    if (syms.some((s) => inside(levels.get(s))) && !syms.some((s) => inside(excused.get(s))))
      leaks.push(`${where}: price ${tok}`)
  }
  const walk = (where: string, v: unknown, key: string, symbol?: string): void => {
    if (typeof v === 'number') check(where, v, String(v), key, symbol)
    else if (typeof v === 'string') {
      // any session id (this exam's, a duplicate's, the list's): random hex, whose digit runs
      // can look like a price level ('s…-27c76ce1' read as 76 on terra)
      if (v === sessionId || SESSION_ID.test(v)) return
      if (NAMES.test(v)) leaks.push(`${where}: name in ${JSON.stringify(v.slice(0, 80))}`)
      if (DATES.test(v)) leaks.push(`${where}: date in ${JSON.stringify(v.slice(0, 80))}`)
      if (/^-?\d+(\.\d+)?$/.test(v)) check(where, Number(v), v, key, symbol)
      else
        // (a number with its unit — 25%, 5x, 8 h, 12.5 USDT — is no price)
        for (const tok of v
          .replace(ISO, ' ')
          .match(
            /\d[\d,]*(\.\d+)?(?![\d.]|-[a-z]|\s?(%|x\b|[hmd]\b|hours?\b|minutes?\b|days?\b|bars?\b|USDT\b))/g,
          ) ?? [])
          check(
            where,
            Number(tok.replace(/,/g, '')),
            `${tok} in ${JSON.stringify(v.slice(0, 100))}`,
            '',
          )
    } else if (Array.isArray(v))
      v.forEach((x, i) => walk(`${where}[${i > 0 ? '*' : 0}]`, x, key, symbol))
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>
      const own = typeof o.symbol === 'string' ? (aliasOf.get(o.symbol) ?? symbol) : symbol
      for (const [k, x] of Object.entries(o)) {
        if (NAMES.test(k)) leaks.push(`${where}: key ${k}`)
        // a map keyed by symbol alias: its values are that symbol's
        walk(`${where}.${k}`, x, aliasOf.has(k) ? key : k, aliasOf.get(k) ?? own)
      }
    }
  }
  for (const { what, value } of said) walk(what, value, '')
  return [...new Set(leaks.map((l) => l.replace(/\d{5,}/g, 'N')))]
}

describe('blind exam boundary', () => {
  for (const [i, id] of SCENARIOS.entries())
    it(`${id}: no answer or push of a running blind exam carries a real name, price level or date`, async () => {
      const leaks = await blindExam(id, i === 0)
      for (const sessionId of cleanup.splice(0))
        expect((await host!.dispatch('session:delete', { sessionId })).ok).toBe(true)
      if (leaks.length) console.log(`${id} leaks:\n${leaks.join('\n')}`)
      expect(leaks.slice(0, 40)).toEqual([])
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
