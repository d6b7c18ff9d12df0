/**
 * Blind exams: the host hides what would let a user recognise a famous crash day.
 *
 * While a blind exam runs, everything leaving the host for that session goes through
 * `out` and everything entering it through `in` — once, at the host's boundary
 * (../blind-boundary.ts), never by the handlers:
 *  - symbols get aliases (COINAUSDT, COINBUSDT, … in an order drawn from the session
 *    id), in every `symbol` field, in map keys and inside any text, base assets included
 *    (BTC → COINA);
 *  - every replay time is shifted by a whole number of days so the window starts on
 *    2000-01-03 (a Monday): time of day and funding hours stay true, the date does not;
 *    ISO dates inside texts move with it;
 *  - every price is multiplied by a per-exam factor k (drawn from the session id; see
 *    drawFactor) and every base quantity divided by it, so notional, margin,
 *    PnL, fees and balances (USDT) are untouched and the arithmetic a trader does by hand
 *    still holds. Prices leave rounded one decimal finer than k × tick (quantities one finer
 *    than step ÷ k) and come back rounded to the real tick and step, so a price read off
 *    the desk and typed back is the same real price. Numbers inside texts that fall in a
 *    symbol's recorded price range are rescaled too. The engine runs on the real data;
 *  - the scenario's title, briefing, provenance and key moments are withheld.
 * When the exam ends (last bar, or session:finish) the mask is lifted: the review shows
 * the real names, dates and prices.
 */
import { createHash } from 'node:crypto'
import Decimal from 'decimal.js'
import { HostError } from '../../../shared/contract/errors'
import type { ScenarioInfo, SymbolId } from '../../../shared/market'

const BLIND_EPOCH = Date.UTC(2000, 0, 3)
const DAY = 86_400_000
const TIME_KEYS = new Set([
  't',
  'start',
  'end',
  'replayFrom',
  'from',
  'to',
  'replayTime',
  'nextFundingTime',
  'until',
  'time',
  'fundingTime',
  'closedAt',
  'crashTime',
  'crossedAt',
  'generatedAt',
  'lastFiredAt',
  'liquidatedAt',
  'openedAt',
])
/** Replay-time keys that are wall-clock ISO strings elsewhere (summaries): numbers only. */
const NUMERIC_TIME_KEYS = new Set(['createdAt', 'updatedAt'])
const STEP_KEYS = new Set(['lastStep', 'markStep', 'timeframe', 'baseTimeframe', 'step'])
const TIMEFRAME = /^\d+[mhd]$/
/** Session ids (store.ts newId): s<yyyymmdd>-<8 hex>. */
const SESSION_ID = /^s\d{8}-[0-9a-f]{8}$/
/** Keys whose value is a price (engine views, events, bars, coach answers, requests). */
const PRICE_KEYS = new Set([
  'price',
  'stopPrice',
  'avgPrice',
  'activationPrice',
  'trailingStopPrice',
  'entryPrice',
  'breakEvenPrice',
  'markPrice',
  'liquidationPrice',
  'bankruptcyPrice',
  'fillPrice',
  'triggerPrice',
  'exitPrice',
  'lastPrice',
  'last',
  'mark',
  'o',
  'h',
  'l',
  'c',
  'tickSize',
  'level',
  'entry',
  'exit',
  'stop',
  'stopAt',
  'lineAt',
  'trailExtreme',
  'estLiqPrice',
  'estimatedLiquidationPrice',
  'priceAbove',
  'priceBelow',
  'low',
  'high',
  'stopAtEntry',
  'worstMark',
  'entryBefore',
  'entryAfter',
  'stopDistance',
  'liquidationBefore',
  'liquidationAfter',
])
/** Identifiers: only the symbol names in them are aliased (a hex digit run is not a price). */
const ID_KEYS = new Set([
  'id',
  'sessionId',
  'orderId',
  'clientOrderId',
  'tradeId',
  'alertId',
  'uploadId',
  'forkedFrom',
  // another library scenario's id (the stress test's rows): 'ftx-2022-11' holds no price
  'scenarioId',
])
/** Keys whose value is a base-asset quantity. */
const QTY_KEYS = new Set([
  'quantity',
  'executedQty',
  'size',
  'qty',
  'stepSize',
  'v',
  'volume',
  'maxQuantity',
  'minQty',
  'maxQty',
])
/** Series of [replay time, value] pairs (the report's equity curve). */
const TIME_SERIES = new Set(['equity', 'equityCurve', 'drawdown'])
/** Maps keyed by symbol whose values are prices. */
const PRICE_MAPS = new Set(['marks', 'prices'])

export interface InstrumentSteps {
  tickSize: string
  stepSize: string
}

export interface BlindMask {
  symbolOut(s: SymbolId): SymbolId
  symbolIn(s: SymbolId): SymbolId
  timeOut(t: number): number
  timeIn(t: number): number
  /** The per-exam price factor (decimal string). */
  readonly factor: string
  /**
   * Deep copy of a DTO leaving the host: symbols, times, prices, quantities, texts.
   * `symbol`: the real symbol the answer is about when it does not say (an order preview).
   */
  out<T>(value: T, symbol?: SymbolId): T
  /** Deep copy of a request entering the host: aliases, shifted times, scaled prices back. */
  in<T>(value: T): T
  scenario(info: ScenarioInfo): ScenarioInfo
}

function base(symbol: string): string {
  return symbol.replace(/(USDT|USDC|BUSD|USD)$/, '')
}

/**
 * The price factor: in 0.25–0.6 or 1.7–4 and, where the window allows, far enough from 1
 * that no rescaled price lands within 1 % of a level the window really traded at (k above
 * 1.02 × hi/lo or below 0.98 × lo/hi for every symbol). A window wider than 4× (a collapse
 * to near zero) cannot avoid that and keeps the plain bands. The grid rounding in and out
 * (one decimal finer than tick and step) holds for any k in 0.25–4.
 */
function drawFactor(seed: Buffer, ranges: Record<SymbolId, { lo: number; hi: number }>): number {
  const ratio = Math.max(1, ...Object.values(ranges).map((r) => (r.lo > 0 ? r.hi / r.lo : 1)))
  const lowTop = Math.max(0.3, Math.min(0.6, 0.98 / ratio))
  const highBottom = Math.min(3.5, Math.max(1.7, 1.02 * ratio))
  const u = seed.readUInt16BE(16) / 65_535
  return seed[18]! % 2 === 0 ? 0.25 + u * (lowTop - 0.25) : highBottom + u * (4 - highBottom)
}

const dp = (step: string) => Math.max(0, new Decimal(step).decimalPlaces())
const DEC = /^-?\d+(\.\d+)?$/

export function createBlindMask(
  sessionId: string,
  symbols: SymbolId[],
  start: number,
  steps: (symbol: SymbolId) => InstrumentSteps,
  ranges: Record<SymbolId, { lo: number; hi: number }> = {},
): BlindMask {
  const seed = createHash('sha1').update(sessionId).digest()
  const order = symbols.map((s, i) => ({ s, k: seed[i % seed.length]! * 1000 + i }))
  order.sort((a, b) => a.k - b.k)
  const aliasOut = new Map<string, string>()
  const aliasIn = new Map<string, string>()
  const texts: [RegExp, string][] = []
  order.forEach(({ s }, i) => {
    const coin = `COIN${String.fromCharCode(65 + i)}`
    const alias = `${coin}${s.slice(base(s).length) || 'USDT'}`
    aliasOut.set(s, alias)
    aliasIn.set(alias, s)
    texts.push([new RegExp(s, 'g'), alias])
  })
  order.forEach(({ s }, i) => {
    const b = base(s)
    // the base alone, or before another quote (a note about the COIN-M BTCUSD_PERP file)
    if (b && b !== s)
      texts.push([new RegExp(`\\b${b}(?=USD|\\b)`, 'g'), `COIN${String.fromCharCode(65 + i)}`])
  })
  const shift = BLIND_EPOCH - Math.floor(start / DAY) * DAY
  const k = new Decimal(drawFactor(seed, ranges).toFixed(4))

  const facts = new Map<string, { tick: Decimal; step: Decimal; pdp: number; qdp: number }>()
  for (const s of symbols) {
    const f = steps(s)
    const tick = new Decimal(f.tickSize)
    const step = new Decimal(f.stepSize)
    // one decimal finer than k × tick (k ≥ 0.4) and step ÷ k (k ≤ 2.6): a shown value
    // comes back to the real grid point it came from
    facts.set(s, { tick, step, pdp: dp(f.tickSize) + 1, qdp: dp(f.stepSize) + 1 })
  }
  const fallback = { tick: new Decimal('0.00001'), step: new Decimal('0.001'), pdp: 6, qdp: 4 }
  const factsOf = (real: string | undefined) => (real && facts.get(real)) || fallback

  const priceOut = (x: string, real?: string) =>
    new Decimal(x).times(k).toDecimalPlaces(factsOf(real).pdp).toFixed()
  const qtyOut = (x: string, real?: string) =>
    new Decimal(x).div(k).toDecimalPlaces(factsOf(real).qdp).toFixed()
  const priceIn = (x: string, real?: string) =>
    new Decimal(x).div(k).toNearest(factsOf(real).tick).toFixed()
  const qtyIn = (x: string, real?: string) =>
    new Decimal(x).times(k).toNearest(factsOf(real).step).toFixed()
  const numPriceOut = (x: number, real?: string) =>
    Number(new Decimal(x).times(k).toDecimalPlaces(factsOf(real).pdp))
  const numQtyOut = (x: number, real?: string) =>
    Number(new Decimal(x).div(k).toDecimalPlaces(factsOf(real).qdp))

  const bands = Object.entries(ranges).map(([s, r]) => ({
    s,
    lo: r.lo * 0.8,
    hi: r.hi * 1.25,
  }))
  const isoShift = (iso: string) => {
    const t = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso)
    if (Number.isNaN(t)) return iso
    const moved = new Date(t + shift).toISOString()
    return iso.length === 10 ? moved.slice(0, 10) : moved.slice(0, iso.length)
  }
  const inWindow = (t: number) => Math.abs(t - start) < 400 * DAY
  // One pass, dates first so their digits are never read as prices: ISO dates inside the
  // scenario's window (a wall-clock date in a session name is not data) move with the
  // replay times; epoch-ms replay times (CSV exports) too; numbers in a recorded price
  // range are prices and are rescaled (thousands commas allowed).
  // A month and year ("Nov 2022", a scenario title in the stress table) is a date too; a
  // number with a unit ("15-minute", "8 h", "25%", "5x", "12.50 USDT") is no price.
  const TOKENS =
    /\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?)?|\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4}\b|(?<![\w.])\d{1,3}(,\d{3})+(\.\d+)?(?![\w.]|-[a-z]|\s?(%|x\b|USDT\b))|(?<![\w.])\d+(\.\d+)?(?![\w.]|-[a-z]|\s?(%|x\b|[hmd]\b|hours?\b|minutes?\b|days?\b|bars?\b|USDT\b))/g
  const token = (m: string): string => {
    const month = /^([A-Z][a-z]+) (\d{4})$/.exec(m)
    if (month) {
      const t = Date.parse(`1 ${month[1]!.slice(0, 3)} ${month[2]} 00:00:00 UTC`)
      if (Number.isNaN(t) || !inWindow(t)) return m
      const d = new Date(t + shift)
      return `${d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' })} ${d.getUTCFullYear()}`
    }
    if (/^\d{4}-\d{2}-\d{2}/.test(m)) {
      const t = Date.parse(m.length === 10 ? `${m}T00:00:00Z` : m)
      return Number.isNaN(t) || !inWindow(t) ? m : isoShift(m)
    }
    const n = Number(m.replace(/,/g, ''))
    if (Number.isInteger(n) && inWindow(n)) return String(n + shift)
    const band = bands.find((b) => n >= b.lo && n <= b.hi)
    if (!band || n < 1) return m
    const scaled = new Decimal(m.replace(/,/g, '')).times(k).toDecimalPlaces(factsOf(band.s).pdp)
    return m.includes(',') ? Number(scaled).toLocaleString('en-US') : scaled.toFixed()
  }
  const names = (str: string): string => {
    let r = str
    for (const [re, alias] of texts) r = r.replace(re, alias)
    return r
  }
  const text = (str: string): string => names(str).replace(TOKENS, token)

  /** The real symbol an object speaks of (its own `symbol` field), for rounding. */
  const ownSymbol = (o: Record<string, unknown>, dir: 'out' | 'in'): string | undefined => {
    const s = o.symbol
    if (typeof s !== 'string') return undefined
    return dir === 'out' ? s : aliasIn.get(s)
  }

  const deepOut = (v: unknown, key?: string, real?: string): unknown => {
    if (typeof v === 'number') {
      if (key && (TIME_KEYS.has(key) || NUMERIC_TIME_KEYS.has(key))) return v + shift
      if (key && PRICE_KEYS.has(key)) return numPriceOut(v, real)
      if (key && QTY_KEYS.has(key)) return numQtyOut(v, real)
      return v
    }
    if (typeof v === 'string') {
      if (key && NUMERIC_TIME_KEYS.has(key)) return v // wall-clock ISO (summaries), not data time
      // identifiers and bar steps are not texts: a session id's digits or the 15 of '15m' can
      // fall inside a cheap coin's price band and must not be rescaled
      if (SESSION_ID.test(v) || (key && STEP_KEYS.has(key) && TIMEFRAME.test(v))) return v
      // ids may embed a symbol (trade ids) but never a price or a date
      if (key && ID_KEYS.has(key)) return names(v)
      if (key === 'symbol') return aliasOut.get(v) ?? text(v)
      // the shown grids: prices and sizes come back rounded to the real tick and step
      if (key === 'tickSize' && DEC.test(v))
        return new Decimal(1).div(10 ** factsOf(real).pdp).toFixed()
      if (key === 'stepSize' && DEC.test(v))
        return new Decimal(1).div(10 ** factsOf(real).qdp).toFixed()
      if (key && PRICE_KEYS.has(key) && DEC.test(v)) return priceOut(v, real)
      if (key && QTY_KEYS.has(key) && DEC.test(v)) return qtyOut(v, real)
      // a bare number under any other key is an amount (USDT, percent), not a text
      return DEC.test(v) ? v : text(v)
    }
    if (Array.isArray(v)) {
      if (key && TIME_SERIES.has(key))
        return v.map((x) =>
          Array.isArray(x) && typeof x[0] === 'number' ? [x[0] + shift, ...x.slice(1)] : deepOut(x),
        )
      return v.map((x) => deepOut(x, key === 'symbols' ? 'symbol' : key, real))
    }
    if (v && typeof v === 'object') {
      const src = v as Record<string, unknown>
      if (key === 'scenario' && 'briefing' in src) return scenario(src as never)
      const own = ownSymbol(src, 'out') ?? real
      // a price alert's fired value is a price (a margin alert's is a ratio)
      const priceValue = src.kind === 'price'
      const o: Record<string, unknown> = {}
      for (const [kk, x] of Object.entries(src)) {
        const aliased = aliasOut.get(kk)
        if (aliased) o[aliased] = deepOut(x, PRICE_MAPS.has(key ?? '') ? 'price' : undefined, kk)
        else o[kk] = deepOut(x, priceValue && kk === 'value' ? 'price' : kk, own)
      }
      // an instrument's display decimals follow the shown grids
      if (typeof o.priceDp === 'number') o.priceDp = factsOf(own).pdp
      if (typeof o.qtyDp === 'number') o.qtyDp = factsOf(own).qdp
      if ('scenarioTitle' in o) {
        o.scenarioId = 'blind'
        o.scenarioTitle = 'Blind exam'
      }
      return o
    }
    return v
  }

  const deepIn = (v: unknown, key?: string, real?: string): unknown => {
    if (typeof v === 'number') {
      if (key && TIME_KEYS.has(key)) return v - shift
      if (key && PRICE_KEYS.has(key)) return Number(new Decimal(v).div(k))
      return v
    }
    if (typeof v === 'string') {
      if (key === 'symbol') return mask.symbolIn(v)
      if (key && PRICE_KEYS.has(key) && DEC.test(v)) return priceIn(v, real)
      if (key && QTY_KEYS.has(key) && DEC.test(v)) return qtyIn(v, real)
      return v
    }
    if (Array.isArray(v)) return v.map((x) => deepIn(x, key, real))
    if (v && typeof v === 'object') {
      const src = v as Record<string, unknown>
      const own = ownSymbol(src, 'in') ?? real
      const o: Record<string, unknown> = {}
      for (const [kk, x] of Object.entries(src)) {
        const realKey = aliasIn.get(kk)
        if (realKey)
          o[realKey] = deepIn(x, PRICE_MAPS.has(key ?? '') ? 'price' : undefined, realKey)
        else o[kk] = deepIn(x, kk, own)
      }
      return o
    }
    return v
  }

  const scenario = (info: ScenarioInfo): ScenarioInfo => ({
    ...info,
    id: 'blind',
    title: 'Blind exam',
    briefing: 'Names, dates and price levels are hidden until the exam ends.',
    provenance: 'hidden until the exam ends',
    start: info.start + shift,
    end: info.end + shift,
    replayFrom: info.replayFrom + shift,
    symbols: info.symbols.map(
      (si) => deepOut(si, undefined, si.symbol) as ScenarioInfo['symbols'][number],
    ),
    keyMoments: [],
    ...(info.notes ? { notes: info.notes.map(text) } : {}),
  })

  const mask: BlindMask = {
    factor: k.toFixed(),
    symbolOut: (s) => aliasOut.get(s) ?? s,
    symbolIn(s) {
      const r = aliasIn.get(s)
      if (!r) throw new HostError('NOT_FOUND', `Symbol ${s} is not in this exam`)
      return r
    },
    timeOut: (t) => t + shift,
    timeIn: (t) => t - shift,
    out: <T>(value: T, symbol?: SymbolId) => deepOut(value, undefined, symbol) as T,
    in: <T>(value: T) => deepIn(value) as T,
    scenario,
  }
  return mask
}
