/**
 * Blind exams: the host hides what would let a user recognise a famous crash day.
 *
 * While a blind exam runs, everything the host returns goes through `mask`:
 *  - symbols get aliases (COINAUSDT, COINBUSDT, … in an order drawn from the session
 *    id), in every `symbol` field, in `marks` keys and inside any text (rejection
 *    messages), base assets included (BTC → COINA);
 *  - every replay time is shifted by a whole number of days so the window starts on
 *    2000-01-03 (a Monday): time of day and funding hours stay true, the date does not;
 *  - the scenario's title, briefing, provenance and key moments are withheld.
 * Requests are unmasked on the way in (aliases → symbols, shifted times → real times).
 * Prices are not transformed: orders, fills and liquidation prices stay exact in the
 * engine's units; the desk hides its price-axis labels (`summary.blind`) instead.
 * When the exam ends (last bar, or session:finish) the mask is lifted.
 */
import { createHash } from 'node:crypto'
import { HostError } from '../../../shared/contract/errors'
import type { ScenarioInfo, SymbolId } from '../../../shared/market'

export const BLIND_EPOCH = Date.UTC(2000, 0, 3)
const DAY = 86_400_000
const TIME_KEYS = new Set([
  't',
  'createdAt',
  'updatedAt',
  'start',
  'end',
  'from',
  'to',
  'replayTime',
  'nextFundingTime',
])

export interface BlindMask {
  symbolOut(s: SymbolId): SymbolId
  symbolIn(s: SymbolId): SymbolId
  timeOut(t: number): number
  timeIn(t: number): number
  /** Deep copy of a DTO with symbols, times and texts masked. */
  deep<T>(value: T): T
  scenario(info: ScenarioInfo): ScenarioInfo
}

function base(symbol: string): string {
  return symbol.replace(/(USDT|USDC|BUSD|USD)$/, '')
}

export function createBlindMask(sessionId: string, symbols: SymbolId[], start: number): BlindMask {
  const seed = createHash('sha1').update(sessionId).digest()
  const order = symbols.map((s, i) => ({ s, k: seed[i % seed.length]! * 1000 + i }))
  order.sort((a, b) => a.k - b.k)
  const out = new Map<string, string>()
  const inn = new Map<string, string>()
  const texts: [RegExp, string][] = []
  order.forEach(({ s }, i) => {
    const coin = `COIN${String.fromCharCode(65 + i)}`
    const alias = `${coin}${s.slice(base(s).length) || 'USDT'}`
    out.set(s, alias)
    inn.set(alias, s)
    texts.push([new RegExp(s, 'g'), alias])
  })
  order.forEach(({ s }, i) => {
    const b = base(s)
    if (b && b !== s)
      texts.push([new RegExp(`\\b${b}\\b`, 'g'), `COIN${String.fromCharCode(65 + i)}`])
  })
  const shift = BLIND_EPOCH - Math.floor(start / DAY) * DAY

  const text = (str: string): string => {
    let r = str
    for (const [re, alias] of texts) r = r.replace(re, alias)
    return r
  }
  const deep = (v: unknown, key?: string): unknown => {
    if (typeof v === 'number') return key && TIME_KEYS.has(key) ? v + shift : v
    if (typeof v === 'string') return key === 'symbol' ? (out.get(v) ?? text(v)) : text(v)
    if (Array.isArray(v)) return v.map((x) => deep(x, key === 'symbols' ? 'symbol' : undefined))
    if (v && typeof v === 'object') {
      const o: Record<string, unknown> = {}
      // keys that are symbols (marks, per-instrument settings) are aliased too
      for (const [k, x] of Object.entries(v)) o[out.get(k) ?? k] = deep(x, k)
      return o
    }
    return v
  }
  const mask: BlindMask = {
    symbolOut: (s) => out.get(s) ?? s,
    symbolIn(s) {
      const real = inn.get(s)
      if (!real) throw new HostError('NOT_FOUND', `Symbol ${s} is not in this exam`)
      return real
    },
    timeOut: (t) => t + shift,
    timeIn: (t) => t - shift,
    deep: <T>(value: T) => deep(value) as T,
    scenario(info) {
      return {
        ...info,
        id: 'blind',
        title: 'Blind exam',
        briefing: 'Names, dates and price labels are hidden until the exam ends.',
        provenance: 'hidden until the exam ends',
        start: info.start + shift,
        end: info.end + shift,
        replayFrom: info.replayFrom + shift,
        symbols: info.symbols.map((si) => ({
          ...si,
          symbol: mask.symbolOut(si.symbol),
          // The base asset names the coin; tick and step stay (the price scale is hidden).
          instrument: { ...si.instrument, base: mask.symbolOut(si.symbol).replace(/USDT$/, '') },
          gaps: si.gaps.map((g) => ({ ...g, from: g.from + shift, to: g.to + shift })),
        })),
        keyMoments: [],
      }
    },
  }
  return mask
}
