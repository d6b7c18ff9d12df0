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

export function allScopes(ctx: Ctx): Scope[] {
  const out: Scope[] = []
  if (ctx.s.positions.some((p) => p.marginType === 'CROSSED')) out.push({ kind: 'CROSSED' })
  for (const p of ctx.s.positions)
    if (p.marginType === 'ISOLATED') out.push({ kind: 'ISOLATED', pos: p })
  return out
}

export function scopeKey(sc: Scope): string {
  return sc.kind === 'CROSSED' ? 'CROSS' : `ISO:${sc.pos.symbol}:${sc.pos.positionSide}`
}

/** Liquidate every liquidatable scope at the current marks. */
export function checkLiquidations(ctx: Ctx): void {
  for (let guard = 0; guard < 32; guard++) {
    const sc = allScopes(ctx).find((x) => scopeLiquidatable(ctx, x))
    if (!sc) return
    liquidate(ctx, sc)
  }
}

export function thresholds(ctx: Ctx): Dec[] {
  return ctx.s.settings.marginCallRatios
    .map((r) => new D(r).div(100))
    .sort((a, b) => a.comparedTo(b))
}

/**
 * Raise margin calls. With `symbol`, only scopes holding a position of that symbol are looked
 * at (the others' marks did not move); stale levels are cleaned only on a full pass.
 */
export function checkMarginCalls(ctx: Ctx, symbol?: string): void {
  const th = thresholds(ctx)
  if (th.length === 0 && Object.keys(ctx.s.marginCallLevel).length === 0) return
  const live = new Set<string>()
  for (const sc of allScopes(ctx)) {
    const key = scopeKey(sc)
    live.add(key)
    if (symbol !== undefined && !scopeHas(ctx, sc, symbol)) continue
    const m = sc.kind === 'CROSSED' ? crossMetrics(ctx) : isolatedMetrics(ctx, sc.pos)
    // ratio ≥ x  ⇔  MM ≥ x·MB (or MB ≤ 0): no division on the common path
    const level = m.marginBalance.lte(0)
      ? th.length
      : th.filter((x) => m.mm.gte(x.times(m.marginBalance))).length
    const prev = ctx.s.marginCallLevel[key] ?? 0
    if (level === prev) continue
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
    if (level === 0) delete ctx.s.marginCallLevel[key]
    else ctx.s.marginCallLevel[key] = level
  }
  if (symbol === undefined)
    for (const k of Object.keys(ctx.s.marginCallLevel))
      if (!live.has(k)) delete ctx.s.marginCallLevel[k]
}

function scopeHas(ctx: Ctx, sc: Scope, symbol: string): boolean {
  if (sc.kind === 'ISOLATED') return sc.pos.symbol === symbol
  return ctx.s.positions.some((p) => p.marginType === 'CROSSED' && p.symbol === symbol)
}

export function postEventRisk(ctx: Ctx): void {
  checkLiquidations(ctx)
  checkMarginCalls(ctx)
}
