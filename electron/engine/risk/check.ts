/**
 * Post-event risk checks: liquidation of every scope that is at or past 100 % margin ratio,
 * then margin-call events when a scope's ratio crosses one of settings.marginCallRatios
 * upward at a path point (each threshold fires once until the ratio falls back below it,
 * and at most once per input even if the bar path crosses it twice).
 */
import { emit, type Ctx } from '../context'
import { D, type Dec } from '../decimal'
import { crossMetrics, isolatedMetrics, marginRatio } from './margin'
import { liquidate, scopeLiquidatable, type Scope } from './liquidation'
import { crossApprox, decided, isolatedApprox, numOf } from './approx'

export function allScopes(ctx: Ctx): Scope[] {
  const out: Scope[] = []
  if (ctx.s.positions.some((p) => p.marginType === 'CROSSED')) out.push({ kind: 'CROSSED' })
  for (const p of ctx.s.positions)
    if (p.marginType === 'ISOLATED') out.push({ kind: 'ISOLATED', pos: p })
  return out
}

export function scopeKey(sc: Scope): string {
  return sc.kind === 'CROSSED' ? 'CROSS' : isoKey(sc.pos.symbol, sc.pos.positionSide)
}

/**
 * 'ISO:SYM:SIDE', one internalized string per symbol and side: the margin-call levels are read
 * with it at every segment end of a Decimal-path bar, and a key built anew is hashed and looked
 * up in the string table on each read (issue 16: ~85 % of checkScope's own time).
 */
const isoKeys = new Map<string, Map<string, string>>()

export function isoKey(symbol: string, side: string): string {
  let bySide = isoKeys.get(symbol)
  if (!bySide) isoKeys.set(symbol, (bySide = new Map()))
  let key = bySide.get(side)
  if (key === undefined) {
    // a property name is internalized: the key the levels record holds is this very string
    const o: Record<string, 0> = { [`ISO:${symbol}:${side}`]: 0 }
    bySide.set(side, (key = Object.keys(o)[0]!))
  }
  return key
}

/** The cross scope (no fields: one object serves every check). */
const CROSS: Scope = Object.freeze({ kind: 'CROSSED' })

/** The first liquidatable scope in allScopes' order, or null (no list built). */
function firstLiquidatable(ctx: Ctx): Scope | null {
  if (scopeLiquidatable(ctx, CROSS)) return CROSS
  for (const p of ctx.s.positions) {
    if (p.marginType !== 'ISOLATED') continue
    const sc: Scope = { kind: 'ISOLATED', pos: p }
    if (scopeLiquidatable(ctx, sc)) return sc
  }
  return null
}

/** Liquidate every liquidatable scope at the current marks. */
function checkLiquidations(ctx: Ctx): void {
  for (let guard = 0; guard < 32; guard++) {
    const sc = firstLiquidatable(ctx)
    if (!sc) return
    liquidate(ctx, sc)
  }
}

/** Has the record no key (no scope at a margin-call level)? */
function none(levels: Record<string, number>): boolean {
  for (const _ in levels) return false
  return true
}

const ratioCache = new WeakMap<readonly string[], { dec: Dec[]; num: number[] }>()

/** The settings' margin-call ratios as fractions, ascending, and as doubles (parsed once). */
function ratiosOf(ctx: Ctx): { dec: Dec[]; num: number[] } {
  const src = ctx.s.settings.marginCallRatios
  let out = ratioCache.get(src)
  if (!out) {
    const dec = src.map((r) => new D(r).div(100)).sort((a, b) => a.comparedTo(b))
    out = { dec, num: dec.map(numOf) }
    ratioCache.set(src, out)
  }
  return out
}

/** Margin-call ratios as fractions, ascending (parsed once per settings array). */
export function thresholds(ctx: Ctx): Dec[] {
  return ratiosOf(ctx).dec
}

/** The margin-call level of a scope when floats decide every comparison, else null. */
function approxLevel(ctx: Ctx, sc: Scope, th: number[]): number | null {
  const a = sc.kind === 'CROSSED' ? crossApprox(ctx) : isolatedApprox(ctx, sc.pos)
  const mb = decided(a.marginBalance, 0, a.scale)
  if (mb === 0) return null
  if (mb < 0) return th.length
  let level = 0
  for (const x of th) {
    const side = decided(a.mm, x * a.marginBalance, a.scale)
    if (side === 0) return null
    if (side > 0) level++
  }
  return level
}

/**
 * Raise margin calls. With `symbol`, only scopes holding a position of that symbol are looked
 * at (the others' marks did not move); stale levels are cleaned only on a full pass.
 */
export function checkMarginCalls(ctx: Ctx, symbol?: string): void {
  const ratios = ratiosOf(ctx)
  const levels = ctx.s.marginCallLevel
  if (ratios.dec.length === 0 && none(levels)) return
  // the scopes (holding the symbol), in allScopes' order, with no list built (a check changes
  // no position): the cross scope, then each isolated position
  const ps = ctx.s.positions
  for (const p of ps)
    if (p.marginType === 'CROSSED' && (symbol === undefined || p.symbol === symbol)) {
      checkScope(ctx, CROSS, ratios)
      break
    }
  for (const p of ps)
    if (p.marginType === 'ISOLATED' && (symbol === undefined || p.symbol === symbol))
      checkScope(ctx, { kind: 'ISOLATED', pos: p }, ratios)
  if (symbol !== undefined || none(levels)) return
  // levels of scopes that no longer exist (the checks change no position)
  const live = new Set(allScopes(ctx).map(scopeKey))
  for (const k of Object.keys(levels)) if (!live.has(k)) delete levels[k]
}

/** One scope's margin-call level: raise the calls of the thresholds it crossed upward. */
function checkScope(ctx: Ctx, sc: Scope, ratios: { dec: Dec[]; num: number[] }): void {
  const th = ratios.dec
  const levels = ctx.s.marginCallLevel
  const key = scopeKey(sc)
  const prev = levels[key] ?? 0
  if (approxLevel(ctx, sc, ratios.num) === prev) return
  const m = sc.kind === 'CROSSED' ? crossMetrics(ctx) : isolatedMetrics(ctx, sc.pos)
  // ratio ≥ x  ⇔  MM ≥ x·MB (or MB ≤ 0): no division on the common path
  const level = m.marginBalance.lte(0)
    ? th.length
    : th.filter((x) => m.mm.gte(x.times(m.marginBalance))).length
  if (level === prev) return
  const ratio = marginRatio(m)
  for (let i = prev; i < level; i++) {
    const id = `${key}|${i}`
    if (ctx.calls.has(id)) continue
    ctx.calls.add(id)
    emit(ctx, {
      type: 'marginCall',
      scope: sc.kind,
      ...(sc.kind === 'ISOLATED'
        ? { symbol: sc.pos.symbol, positionSide: sc.pos.positionSide }
        : {}),
      marginRatio: ratio.isFinite() ? ratio.times(100).toDecimalPlaces(4).toFixed() : '999999',
      threshold: th[i]!.times(100).toFixed(),
    })
  }
  if (level === 0) delete levels[key]
  else levels[key] = level
}

export function postEventRisk(ctx: Ctx): void {
  checkLiquidations(ctx)
  checkMarginCalls(ctx)
}
