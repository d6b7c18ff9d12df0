/**
 * The numbers a scenario briefing quotes, computed from the loaded rows (last price unless
 * named). Definitions (also in docs/data.md):
 * - low: lowest last-price low in the window (first occurrence);
 * - peak: highest high before the low's row (that row itself only if it is the first); drop = (low − peak) / peak;
 * - first leg down: first row after the peak whose low reaches a third of the way to the low;
 * - rebound: highest high after the low, with the share of the drop it took back;
 * - largest move: largest |close / previous close − 1| between consecutive rows (no gap between);
 * - largest drawdown: the deepest fall from a running high to a later low, (low − high) / high;
 * - fastest hour: largest |close / an earlier close − 1| between two rows at most one hour
 *   apart (a rolling hour, not whole UTC hours: 10/10's 21:00–21:20 UTC fall straddles none),
 *   at the later row;
 * - funding extremes: lowest and highest rate of the window's funding events.
 * Percentages are rounded to 2 decimals; prices are the recorded values.
 */
import type { SeriesOrigin, Timeframe } from '../../../shared/market'
import { TIMEFRAME_MS } from '../../../shared/market'
import type { SymbolSeries } from './types'

export interface At {
  t: number
  price: number
}

export interface SymbolStats {
  symbol: string
  step: Timeframe
  rows: number
  high: At
  low: At
  peak: At
  dropPct: number
  firstLeg: At | null
  rebound: (At & { retracePct: number }) | null
  largestMove: { t: number; from: number; to: number; pct: number } | null
  drawdown: { from: At; to: At; pct: number }
  fastestHour: { t: number; from: number; to: number; pct: number } | null
  markLow: At
  funding: {
    origin: SeriesOrigin
    count: number
    min: { t: number; rate: string } | null
    max: { t: number; rate: string } | null
  }
}

const pct2 = (x: number): number => Math.round(x * 10000) / 100

export function symbolStats(s: SymbolSeries): SymbolStats {
  const n = s.time.length
  let lo = 0,
    hi = 0,
    mlo = 0
  for (let i = 1; i < n; i++) {
    if (s.low[i]! < s.low[lo]!) lo = i
    if (s.high[i]! > s.high[hi]!) hi = i
    if (s.markLow[i]! < s.markLow[mlo]!) mlo = i
  }
  // Strictly before the low's row: a spike inside the low's own bar (ETH, 13 Mar 2020) is not
  // where the slide started. A low on the first row falls back to that row's high.
  let pk = 0
  for (let i = 1; i < lo; i++) if (s.high[i]! > s.high[pk]!) pk = i
  const peak = s.high[pk]!,
    low = s.low[lo]!
  let firstLeg: At | null = null
  const legLevel = peak - (peak - low) / 3
  for (let i = pk; i <= lo; i++) {
    if (s.low[i]! <= legLevel && low < peak) {
      firstLeg = { t: s.time[i]!, price: s.low[i]! }
      break
    }
  }
  let rebound: SymbolStats['rebound'] = null
  if (lo + 1 < n) {
    let rb = lo + 1
    for (let i = lo + 1; i < n; i++) if (s.high[i]! > s.high[rb]!) rb = i
    const retrace = peak > low ? (s.high[rb]! - low) / (peak - low) : 0
    rebound = { t: s.time[rb]!, price: s.high[rb]!, retracePct: pct2(retrace) }
  }
  const stepMs = TIMEFRAME_MS[s.step]
  let largestMove: SymbolStats['largestMove'] = null
  let best = -1
  for (let i = 1; i < n; i++) {
    if (s.time[i]! - s.time[i - 1]! !== stepMs) continue
    const r = s.close[i]! / s.close[i - 1]! - 1
    if (Math.abs(r) > best) {
      best = Math.abs(r)
      largestMove = { t: s.time[i]!, from: s.close[i - 1]!, to: s.close[i]!, pct: pct2(r) }
    }
  }
  let fmin: SymbolStats['funding']['min'] = null,
    fmax: SymbolStats['funding']['max'] = null
  for (const f of s.funding) {
    if (!fmin || Number(f.rate) < Number(fmin.rate)) fmin = { t: f.t, rate: f.rate }
    if (!fmax || Number(f.rate) > Number(fmax.rate)) fmax = { t: f.t, rate: f.rate }
  }
  return {
    symbol: s.symbol,
    step: s.step,
    rows: n,
    high: { t: s.time[hi]!, price: s.high[hi]! },
    low: { t: s.time[lo]!, price: low },
    peak: { t: s.time[pk]!, price: peak },
    dropPct: pct2((low - peak) / peak),
    firstLeg,
    rebound,
    largestMove,
    drawdown: largestDrawdown(s),
    fastestHour: fastestHour(s),
    markLow: { t: s.time[mlo]!, price: s.markLow[mlo]! },
    funding: { origin: s.fundingOrigin, count: s.funding.length, min: fmin, max: fmax },
  }
}

function largestDrawdown(s: SymbolSeries): SymbolStats['drawdown'] {
  let run = 0,
    bestFrom = 0,
    bestTo = 0,
    best = 0
  for (let i = 0; i < s.time.length; i++) {
    if (s.high[i]! > s.high[run]!) run = i
    const dd = (s.low[i]! - s.high[run]!) / s.high[run]!
    if (dd < best) {
      best = dd
      bestFrom = run
      bestTo = i
    }
  }
  return {
    from: { t: s.time[bestFrom]!, price: s.high[bestFrom]! },
    to: { t: s.time[bestTo]!, price: s.low[bestTo]! },
    pct: pct2(best),
  }
}

function fastestHour(s: SymbolSeries): SymbolStats['fastestHour'] {
  const H = 3_600_000
  let out: SymbolStats['fastestHour'] = null
  let best = -1
  let first = 0 // the earliest row at most an hour before row i
  for (let i = 1; i < s.time.length; i++) {
    while (s.time[first]! < s.time[i]! - H) first++
    for (let j = first; j < i; j++) {
      const r = s.close[i]! / s.close[j]! - 1
      if (Math.abs(r) > best) {
        best = Math.abs(r)
        out = { t: s.time[i]!, from: s.close[j]!, to: s.close[i]!, pct: pct2(r) }
      }
    }
  }
  return out
}

function fmtPrice(x: number): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: 8 })
}

function fmtTime(t: number): string {
  return new Date(t).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
}

const STEP_WORD: Record<Timeframe, string> = {
  '1m': '1-minute',
  '3m': '3-minute',
  '5m': '5-minute',
  '15m': '15-minute',
  '1h': '1-hour',
  '4h': '4-hour',
  '1d': '1-day',
}

function stepWord(step: Timeframe): string {
  return STEP_WORD[step]
}

/** Funding rate fraction → percent text, e.g. "-0.0601 %". */
function fmtRate(rate: string): string {
  return `${(Math.round(Number(rate) * 1e8) / 1e6).toString()} %`
}

/**
 * How a window is told. A bundled window whose lead symbol slid at least CRASH_DRAWDOWN_PCT
 * from a running high is told as a crash (top, first leg down, low, rebound). Anything else —
 * the calm week, and every imported folder whatever it did (its title is a file name, not an
 * event) — gets a neutral summary: range, deepest fall, largest moves, funding. A calm window
 * (no symbol fell that far) says so.
 */
export type Telling = 'crash' | 'summary'
const CRASH_DRAWDOWN_PCT = -15

export function tellingOf(stats: SymbolStats[], source: 'bundled' | 'imported'): Telling {
  const lead = stats[0]
  return source === 'bundled' && lead && lead.drawdown.pct <= CRASH_DRAWDOWN_PCT
    ? 'crash'
    : 'summary'
}

function isCalm(stats: SymbolStats[]): boolean {
  return stats.every((s) => s.drawdown.pct > CRASH_DRAWDOWN_PCT)
}

/** The range and deepest fall of one symbol, for the neutral summary. */
function rangeSentence(s: SymbolStats, market: string): string {
  const dd = s.drawdown
  const fall =
    dd.pct < 0
      ? `; its deepest fall from a high was ${dd.pct} % (${fmtPrice(dd.from.price)} → ${fmtPrice(dd.to.price)}, ${fmtTime(dd.to.t)})`
      : '; it never traded below an earlier high'
  return `${s.symbol} (${market}) traded between ${fmtPrice(s.low.price)} (${fmtTime(s.low.t)}) and ${fmtPrice(s.high.price)} (${fmtTime(s.high.t)})${fall}.`
}

/** The share of the drop the rebound took back, or that it went above the top. */
function reboundLabel(r: NonNullable<SymbolStats['rebound']>): string {
  return r.retracePct > 100
    ? `Rebound high: ${fmtPrice(r.price)} (above the top before the slide)`
    : `Rebound high: ${fmtPrice(r.price)} (${r.retracePct} % of the drop retraced)`
}

/** The short factual briefing, built only from the stats (the manifest test checks it quotes them). */
export function briefingText(
  event: string,
  stats: SymbolStats[],
  markets: Record<string, string>,
  telling: Telling,
): string {
  const parts: string[] = [event.endsWith('.') ? event : event + '.']
  if (telling === 'summary' && isCalm(stats))
    parts.push(`A calm window: no symbol fell more than ${-CRASH_DRAWDOWN_PCT} % from a high.`)
  for (const s of stats) {
    const market = markets[s.symbol] ?? 'perp'
    parts.push(
      telling === 'crash'
        ? `${s.symbol} (${market}) fell from ${fmtPrice(s.peak.price)} (${fmtTime(s.peak.t)}) to ${fmtPrice(s.low.price)} (${fmtTime(s.low.t)}), ${s.dropPct} %.`
        : rangeSentence(s, market),
    )
  }
  for (const s of stats) {
    if (s.largestMove)
      parts.push(
        `Largest ${stepWord(s.step)} move in ${s.symbol}: ${s.largestMove.pct} % (${fmtTime(s.largestMove.t)}).`,
      )
  }
  for (const s of stats) {
    const f = s.funding
    if (f.min && f.max)
      parts.push(
        f.origin === 'recorded'
          ? `${s.symbol} funding ranged ${fmtRate(f.min.rate)} to ${fmtRate(f.max.rate)} per settlement.`
          : `${s.symbol} funding: default ${fmtRate(f.max.rate)} per 8 h (none recorded).`,
      )
  }
  return parts.join(' ')
}

/** A crash's moments of the lead symbol: top, first leg, low, rebound, drawdown when another. */
function crashMoments(s: SymbolStats): { t: number; label: string }[] {
  const k: { t: number; label: string }[] = [
    { t: s.peak.t, label: `Top before the slide: ${s.symbol} high ${fmtPrice(s.peak.price)}` },
  ]
  if (s.firstLeg)
    k.push({
      t: s.firstLeg.t,
      label: `First leg down: ${s.symbol} trades ${fmtPrice(s.firstLeg.price)}`,
    })
  const dd = s.drawdown
  const slideIsDrawdown = dd.from.t === s.peak.t && dd.to.t === s.low.t
  // the low goes first: on a tie of times the earlier-listed moment is the one kept
  k.push({
    t: s.low.t,
    label: `The low: ${s.symbol} ${fmtPrice(s.low.price)} (${s.dropPct} % from the top${slideIsDrawdown ? ', the largest drawdown' : ''})`,
  })
  if (s.largestMove)
    k.push({
      t: s.largestMove.t,
      label: `Largest ${stepWord(s.step)} move: ${s.largestMove.pct} %`,
    })
  if (s.rebound) k.push({ t: s.rebound.t, label: reboundLabel(s.rebound) })
  if (dd.pct < 0 && !slideIsDrawdown)
    k.push({
      t: dd.to.t,
      label: `Largest drawdown: ${s.symbol} ${fmtPrice(dd.from.price)} → ${fmtPrice(dd.to.price)} (${dd.pct} %)`,
    })
  return k
}

/** A summary's moments of the lead symbol: its high, low, deepest fall and largest move. */
function summaryMoments(s: SymbolStats): { t: number; label: string }[] {
  const k: { t: number; label: string }[] = [
    { t: s.high.t, label: `High of the window: ${s.symbol} ${fmtPrice(s.high.price)}` },
    { t: s.low.t, label: `Low of the window: ${s.symbol} ${fmtPrice(s.low.price)}` },
  ]
  const dd = s.drawdown
  if (dd.pct < 0)
    k.push({
      t: dd.to.t,
      label: `Deepest fall from a high: ${s.symbol} ${fmtPrice(dd.from.price)} → ${fmtPrice(dd.to.price)} (${dd.pct} %)`,
    })
  if (s.largestMove)
    k.push({
      t: s.largestMove.t,
      label: `Largest ${stepWord(s.step)} move: ${s.largestMove.pct} %`,
    })
  return k
}

/**
 * Key moments, oldest first, of the lead symbol (the first one): for a crash its top, first
 * leg, largest bar move, low, rebound and largest drawdown (named on the low when it is the
 * top-to-low slide); for a summary its high, low, deepest fall and largest bar move. Then
 * either way its fastest hour, and the lowest recorded funding rate across all symbols when
 * negative (shorts paid) and the highest when above the 0.01 % base rate.
 */
export function keyMomentsFrom(
  stats: SymbolStats[],
  telling: Telling,
): { t: number; label: string; utc: string }[] {
  const s = stats[0]!
  const k = telling === 'crash' ? crashMoments(s) : summaryMoments(s)
  if (s.fastestHour && s.step !== '1h')
    k.push({
      t: s.fastestHour.t,
      label: `Fastest hour: ${s.symbol} ${s.fastestHour.pct} % (${fmtPrice(s.fastestHour.from)} → ${fmtPrice(s.fastestHour.to)})`,
    })
  // the most negative and most positive recorded rates across symbols (first listed wins ties)
  type Extreme = { sym: string; t: number; rate: string } | null
  let lo: Extreme = null
  let hi: Extreme = null
  for (const x of stats) {
    const f = x.funding
    if (f.origin !== 'recorded' || !f.min || !f.max) continue
    if (!lo || Number(f.min.rate) < Number(lo.rate)) lo = { sym: x.symbol, ...f.min }
    if (!hi || Number(f.max.rate) > Number(hi.rate)) hi = { sym: x.symbol, ...f.max }
  }
  // only rates away from the routine: shorts paying longs, or above the 0.01 % base rate
  if (lo && Number(lo.rate) < 0)
    k.push({ t: lo.t, label: `Lowest funding: ${lo.sym} ${fmtRate(lo.rate)}` })
  if (hi && Number(hi.rate) > 0.0001)
    k.push({ t: hi.t, label: `Highest funding: ${hi.sym} ${fmtRate(hi.rate)}` })
  const seen = new Set<number>()
  return k
    .sort((a, b) => a.t - b.t)
    .filter((m) => (seen.has(m.t) ? false : (seen.add(m.t), true)))
    .map((m) => ({ ...m, utc: new Date(m.t).toISOString() }))
}
