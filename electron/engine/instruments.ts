/**
 * Instrument specs as data: filters, fees and dated leverage/notional bracket tables.
 *
 * Brackets follow exchange-rules.md §1.2 (Binance USDⓈ-M "notional brackets"): the
 * maintenance margin of a notional N is `N·MMR_k − cum_k` with k the last bracket whose
 * floor ≤ N (a notional exactly on a floor uses the higher bracket, as freqtrade does, §8.8).
 * Two snapshots are known: 2024-10-24 (tier 1 = 0–50k) and 2026-03-05 (tier 1 = 0–300k).
 * The switch date between them is not documented; the fork still had the old table on
 * 2025-04-30, so we use the 2024 table for replay times before 2025-05-01 and the 2026 one
 * after. Older crashes (2021, 2022) therefore use the 2024 table: the closest we have.
 *
 * SOLUSDT, DOGEUSDT, XRPUSDT and BNBUSDT come from ./alt-instruments (dated snapshots, sources there).
 * Unknown symbols get GENERIC_SPEC: a documented altcoin-like default (tick 0.00001,
 * lot 0.001, min notional 5, a 6-tier table built with the cum recurrence of §1.2).
 * Every field can be overridden per session through EngineSettings.instruments.
 */
import type { BracketSpec, EngineSettings } from '../../shared/trading/settings'
import { ALT_BRACKET_SNAPSHOTS, ALT_FILTERS, type Row } from './alt-instruments'
import { D, type Dec } from './decimal'

export interface Bracket {
  floor: Dec
  cap: Dec
  maxLeverage: number
  mmr: Dec
  cum: Dec
}

export interface InstrumentSpec {
  symbol: string
  tickSize: Dec
  stepSize: Dec
  minNotional: Dec
  makerFee: Dec
  takerFee: Dec
  /** Liquidation clearance fee rate (§1.7, default 1 %). */
  liquidationFee: Dec
  /** PERCENT_PRICE filter multipliers (§1.9): limit BUY ≤ mark × up, SELL ≥ mark × down. */
  percentUp: Dec
  percentDown: Dec
  /** Dated tables, ascending by validFrom (ms); the last one with validFrom ≤ t applies. */
  tables: { validFrom: number; brackets: Bracket[] }[]
}

function table(rows: Row[]): Bracket[] {
  return rows.map(([floor, cap, mmr, maxLeverage, cum]) => ({
    floor: new D(floor),
    cap: new D(cap),
    mmr: new D(mmr),
    maxLeverage,
    cum: new D(cum),
  }))
}

const M = 1_000_000
/** 2025-05-01T00:00:00Z: switch from the 2024 to the 2026 snapshot (see header). */
export const BRACKETS_2026_FROM = 1_746_057_600_000

const LOW_2024: Row[] = [
  [0, 50_000, '0.004', 125, 0],
  [50_000, 600_000, '0.005', 100, 50],
  [600_000, 3 * M, '0.0065', 75, 950],
]
const LOW_2026: Row[] = [
  [0, 300_000, '0.004', 150, 0],
  [300_000, 800_000, '0.005', 100, 300],
  [800_000, 3 * M, '0.0065', 75, 1_500],
]
const BTC_HIGH: [number, number, string, number][] = [
  [3 * M, 12 * M, '0.01', 50],
  [12 * M, 70 * M, '0.02', 25],
  [70 * M, 100 * M, '0.025', 20],
  [100 * M, 230 * M, '0.05', 10],
  [230 * M, 480 * M, '0.10', 5],
  [480 * M, 600 * M, '0.125', 4],
  [600 * M, 800 * M, '0.15', 3],
  [800 * M, 1200 * M, '0.25', 2],
  [1200 * M, 1800 * M, '0.50', 1],
]
const ETH_HIGH: [number, number, string, number][] = [
  [3 * M, 12 * M, '0.01', 50],
  [12 * M, 50 * M, '0.02', 25],
  [50 * M, 65 * M, '0.025', 20],
  [65 * M, 150 * M, '0.05', 10],
  [150 * M, 320 * M, '0.10', 5],
  [320 * M, 400 * M, '0.125', 4],
  [400 * M, 530 * M, '0.15', 3],
  [530 * M, 800 * M, '0.25', 2],
  [800 * M, 1200 * M, '0.50', 1],
]
const BTC_CUM_2026 = [
  12_000, 132_000, 482_000, 2_982_000, 14_482_000, 26_482_000, 41_482_000, 121_482_000, 421_482_000,
]
const ETH_CUM_2026 = [
  12_000, 132_000, 382_000, 2_007_000, 9_507_000, 17_507_000, 27_507_000, 80_507_000, 280_507_000,
]

function withHigh(low: Row[], high: typeof BTC_HIGH, cums: number[], cumShift: number): Row[] {
  return [...low, ...high.map((h, i): Row => [h[0], h[1], h[2], h[3], cums[i]! - cumShift])]
}

/** The bracket tables of exchange-rules.md §1.2, exported for tests. */
export const BRACKET_TABLES = {
  BTCUSDT_2024: table(withHigh(LOW_2024, BTC_HIGH, BTC_CUM_2026, 550)),
  BTCUSDT_2026: table(withHigh(LOW_2026, BTC_HIGH, BTC_CUM_2026, 0)),
  ETHUSDT_2024: table(withHigh(LOW_2024, ETH_HIGH, ETH_CUM_2026, 550)),
  ETHUSDT_2026: table(withHigh(LOW_2026, ETH_HIGH, ETH_CUM_2026, 0)),
  GENERIC: table([
    [0, 5_000, '0.01', 50, 0],
    [5_000, 25_000, '0.025', 20, 75],
    [25_000, 100_000, '0.05', 10, 700],
    [100_000, 250_000, '0.10', 5, 5_700],
    [250_000, M, '0.125', 4, 11_950],
    [M, 1e12, '0.50', 1, 386_950],
  ]),
}

const FEES = {
  makerFee: new D('0.0002'),
  takerFee: new D('0.0005'),
  liquidationFee: new D('0.01'),
  percentUp: new D('1.05'),
  percentDown: new D('0.95'),
}

const BUILTIN: Record<string, Omit<InstrumentSpec, 'symbol'>> = {
  BTCUSDT: {
    tickSize: new D('0.1'),
    stepSize: new D('0.001'),
    minNotional: new D(100),
    ...FEES,
    tables: [
      { validFrom: -Infinity, brackets: BRACKET_TABLES.BTCUSDT_2024 },
      { validFrom: BRACKETS_2026_FROM, brackets: BRACKET_TABLES.BTCUSDT_2026 },
    ],
  },
  ETHUSDT: {
    tickSize: new D('0.01'),
    stepSize: new D('0.001'),
    minNotional: new D(20),
    ...FEES,
    tables: [
      { validFrom: -Infinity, brackets: BRACKET_TABLES.ETHUSDT_2024 },
      { validFrom: BRACKETS_2026_FROM, brackets: BRACKET_TABLES.ETHUSDT_2026 },
    ],
  },
  ...Object.fromEntries(
    Object.entries(ALT_FILTERS).map(([symbol, f]) => [
      symbol,
      {
        tickSize: new D(f.tickSize),
        stepSize: new D(f.stepSize),
        minNotional: new D(f.minNotional),
        ...FEES,
        // each snapshot applies from its date; the earliest also covers everything before it
        tables: ALT_BRACKET_SNAPSHOTS[symbol]!.map(([date, , rows], i) => ({
          validFrom: i === 0 ? -Infinity : Date.parse(date + 'T00:00:00Z'),
          brackets: table(rows),
        })),
      },
    ]),
  ),
}

const GENERIC_SPEC: Omit<InstrumentSpec, 'symbol'> = {
  tickSize: new D('0.00001'),
  stepSize: new D('0.001'),
  minNotional: new D(5),
  ...FEES,
  tables: [{ validFrom: -Infinity, brackets: BRACKET_TABLES.GENERIC }],
}

export function bracketsFromSpec(spec: BracketSpec[]): Bracket[] {
  return spec.map((b) => ({
    floor: new D(b.notionalFloor),
    cap: new D(b.notionalCap),
    maxLeverage: b.maxLeverage,
    mmr: new D(b.maintMarginRatio),
    cum: new D(b.maintAmount),
  }))
}

/** Resolve a symbol's spec: built-in (or generic) defaults, then the session's overrides. */
export function resolveSpec(symbol: string, settings: EngineSettings): InstrumentSpec {
  const base = BUILTIN[symbol] ?? GENERIC_SPEC
  const o = settings.instruments?.[symbol]
  return {
    symbol,
    ...base,
    ...(o?.tickSize !== undefined ? { tickSize: new D(o.tickSize) } : {}),
    ...(o?.stepSize !== undefined ? { stepSize: new D(o.stepSize) } : {}),
    ...(o?.minNotional !== undefined ? { minNotional: new D(o.minNotional) } : {}),
    ...(o?.makerFee !== undefined ? { makerFee: new D(o.makerFee) } : {}),
    ...(o?.takerFee !== undefined ? { takerFee: new D(o.takerFee) } : {}),
    ...(o?.liquidationClearanceFee !== undefined
      ? { liquidationFee: new D(o.liquidationClearanceFee) }
      : {}),
    ...(o?.percentPriceUp !== undefined ? { percentUp: new D(o.percentPriceUp) } : {}),
    ...(o?.percentPriceDown !== undefined ? { percentDown: new D(o.percentPriceDown) } : {}),
    ...(o?.brackets
      ? { tables: [{ validFrom: -Infinity, brackets: bracketsFromSpec(o.brackets) }] }
      : {}),
  }
}

/** The bracket table in force at replay time t. */
export function bracketsAt(spec: InstrumentSpec, t: number): Bracket[] {
  let out = spec.tables[0]!.brackets
  for (const tb of spec.tables) if (tb.validFrom <= t) out = tb.brackets
  return out
}

const ascending = new WeakMap<Bracket[], boolean>()

/**
 * Bracket of a notional: the last one whose floor ≤ N (§1.2 lookup rule). Tables with
 * strictly ascending floors (all built-in ones) are binary-searched; any other table is
 * scanned, which is the rule's literal reading.
 */
export function bracketFor(brackets: Bracket[], notional: Dec): Bracket {
  let sorted = ascending.get(brackets)
  if (sorted === undefined) {
    sorted = brackets.every((b, i) => i === 0 || brackets[i - 1]!.floor.lt(b.floor))
    ascending.set(brackets, sorted)
  }
  if (!sorted) {
    let out = brackets[0]!
    for (const b of brackets) if (b.floor.lte(notional)) out = b
    return out
  }
  // largest i with floor_i ≤ N (bracket 0 when none)
  let lo = 0
  let hi = brackets.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1
    if (brackets[mid]!.floor.lte(notional)) lo = mid
    else hi = mid - 1
  }
  return brackets[lo]!
}

/** Largest maintenance-margin rate of a table (used for conservative fast-path slopes). */
export function maxMmr(brackets: Bracket[]): Dec {
  return brackets.reduce((m, b) => (b.mmr.gt(m) ? b.mmr : m), brackets[0]!.mmr)
}

/** Max position notional at a leverage: cap of the highest bracket with maxLeverage ≥ L (§1.2). */
export function maxNotionalFor(brackets: Bracket[], leverage: number): Dec | null {
  let out: Dec | null = null
  for (const b of brackets) if (b.maxLeverage >= leverage) out = b.cap
  return out
}

export function maxLeverageOf(brackets: Bracket[]): number {
  return brackets[0]!.maxLeverage
}
