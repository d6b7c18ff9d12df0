/**
 * Liquidation (exchange-rules.md §1.7, §1.10; Bybit stepwise §2):
 * 1. cancel the scope's open orders (isolated: that symbol's; cross: every cross symbol's);
 * 2. tiered mode only: reduce the largest position to the floor of its bracket, step by
 *    step, while the scope stays liquidatable (Bybit/Gate);
 * 3. close at the simulated market: fill F = mark at the liquidation point ∓ slippage;
 *    the bankruptcy price BP is reported (the fund takes the position over at BP);
 * 4. clearance fee = q·F·rate, charged only out of the margin left at the close
 *    (the trader gets back max(0, left − fee)); it goes to the insurance fund;
 * 5. left < 0 (a gap beyond BP): with negative-balance protection the fund covers it; what
 *    the fund cannot cover is taken by ADL of the trader's own opposite profitable positions
 *    of that symbol (at BP, no fee) and the rest is booked as socialized loss; without
 *    protection the wallet stays negative (walletNegative).
 */
import { brackets, emit, markOrZero, spec, type Ctx } from '../context'
import { D, type Dec, money, str, ZERO } from '../decimal'
import { closePnl } from '../accounting/pnl'
import { bracketFor } from '../instruments'
import { clearanceFee } from '../accounting/fees'
import { applyTrade, closeSide } from '../accounting/positions'
import { resetNegativeWallet } from '../accounting/shortfall'
import { cancelWhere } from '../matching/order-book'
import { slipped } from '../matching/slippage'
import type { PositionState } from '../state'
import { adlScore } from '../views'
import {
  crossMetrics,
  crossWallet,
  hasCross,
  isolatedMetrics,
  liquidatable,
  upnlAt,
} from './margin'
import { bankruptcyPriceOf } from './scope-prices'
import { crossApprox, decided, isolatedApprox } from './approx'

export type Scope = { kind: 'ISOLATED'; pos: PositionState } | { kind: 'CROSSED' }

export function scopePositions(ctx: Ctx, sc: Scope): PositionState[] {
  return sc.kind === 'ISOLATED'
    ? [sc.pos]
    : ctx.s.positions.filter((p) => p.marginType === 'CROSSED')
}

export function scopeLiquidatable(ctx: Ctx, sc: Scope): boolean {
  if (sc.kind === 'CROSSED' && !hasCross(ctx)) return false
  // Floats decide when the margin balance is clearly above or below the MM (risk/approx.ts).
  const a = sc.kind === 'ISOLATED' ? isolatedApprox(ctx, sc.pos) : crossApprox(ctx)
  const side = decided(a.marginBalance, a.mm, a.scale)
  if (side !== 0) return side < 0
  if (sc.kind === 'ISOLATED') return liquidatable(isolatedMetrics(ctx, sc.pos), true)
  return liquidatable(crossMetrics(ctx), true)
}

/** Tiered step: reduce p to its bracket floor. Returns false when no step is possible. */
function tierStep(ctx: Ctx, sc: Scope, p: PositionState, mark: Dec): boolean {
  const table = brackets(ctx, p.symbol)
  const b = bracketFor(table, p.qty.times(mark))
  if (b === table[0] || b.floor.lte(0)) return false
  const sp = spec(ctx, p.symbol)
  const keep = b.floor.div(mark).toNearest(sp.stepSize, D.ROUND_DOWN)
  const q = p.qty.minus(keep)
  if (q.lte(0) || keep.lte(0)) return false
  const { price } = slipped(ctx, p.symbol, mark, q, closeSide(p))
  const fee = D.max(ZERO, D.min(clearanceFee(sp, q, price), crossOrIsoLeft(ctx, sc, p, q, price)))
  emitLiq(ctx, sc, p, q, mark, price, fee, fee, true)
  applyTrade(ctx, {
    symbol: p.symbol,
    positionSide: p.positionSide,
    side: closeSide(p),
    qty: q,
    price,
    fee,
    noOpen: true,
    settleInIsolated: sc.kind === 'ISOLATED',
  })
  ctx.s.insuranceFund = ctx.s.insuranceFund.plus(fee)
  return true
}

function crossOrIsoLeft(ctx: Ctx, sc: Scope, p: PositionState, q: Dec, price: Dec): Dec {
  const realized = closePnl(p.entry, price, q, p.dir)
  if (sc.kind === 'ISOLATED') return p.isolatedMargin.plus(realized)
  return crossWallet(ctx).plus(realized)
}

function emitLiq(
  ctx: Ctx,
  sc: Scope,
  p: PositionState,
  q: Dec,
  mark: Dec,
  fill: Dec,
  fee: Dec,
  fundDelta: Dec,
  partial: boolean,
): void {
  const bp = bankruptcyPriceOf(ctx, p)
  emit(ctx, {
    type: 'liquidation',
    scope: sc.kind,
    symbol: p.symbol,
    positionSide: p.positionSide,
    quantity: str(q),
    markPrice: str(mark),
    bankruptcyPrice: bp ? str(bp.toNearest(spec(ctx, p.symbol).tickSize, D.ROUND_HALF_UP)) : '0',
    fillPrice: str(fill),
    // The PnL this close books (before the clearance fee), as the exchange's trade history shows it.
    realizedPnl: money(closePnl(p.entry, fill, q, p.dir)),
    clearanceFee: money(fee),
    insuranceFundDelta: money(fundDelta),
    partial,
    pathAssumed: ctx.pathAssumed,
  })
}

/** Liquidate a scope at the current marks (ctx.marks hold the liquidation-point marks). */
export function liquidate(ctx: Ctx, sc: Scope): void {
  const iso = sc.kind === 'ISOLATED'
  const symbols = new Set(scopePositions(ctx, sc).map((p) => p.symbol))
  cancelWhere(
    ctx,
    (o) =>
      iso
        ? // Rule 6 (issue 12): in hedge mode the other leg's orders (its TP/SL) stay; Binance
          // documents cancelling the liquidated position's orders, not its twin's.
          o.symbol === sc.pos.symbol && o.positionSide === sc.pos.positionSide
        : ctx.s.symbols.some((x) => x.symbol === o.symbol && x.marginType === 'CROSSED') ||
          symbols.has(o.symbol),
    'LIQUIDATION',
  )
  if (ctx.s.settings.tieredLiquidation) {
    for (let guard = 0; guard < 64 && scopeLiquidatable(ctx, sc); guard++) {
      const ps = scopePositions(ctx, sc)
      if (ps.length === 0) return
      const big = ps.reduce((a, p) =>
        p.qty.times(markOrZero(ctx, p.symbol)).gt(a.qty.times(markOrZero(ctx, a.symbol))) ? p : a,
      )
      if (!tierStep(ctx, sc, big, markOrZero(ctx, big.symbol))) break
    }
    if (!scopeLiquidatable(ctx, sc)) return resetNegativeWallet(ctx)
  }
  const ps = scopePositions(ctx, sc)
  const plan = ps.map((p) => {
    const mark = markOrZero(ctx, p.symbol)
    const { price } = slipped(ctx, p.symbol, mark, p.qty, closeSide(p))
    return {
      p,
      q: p.qty,
      mark,
      price,
      bp: bankruptcyPriceOf(ctx, p),
      realized: closePnl(p.entry, price, p.qty, p.dir),
    }
  })
  let left = iso ? sc.pos.isolatedMargin : crossWallet(ctx)
  for (const x of plan) left = left.plus(x.realized)
  let room = D.max(ZERO, left)
  const fund0 = ctx.s.insuranceFund
  const fees = plan.map((x) => {
    const f = D.min(clearanceFee(spec(ctx, x.p.symbol), x.q, x.price), room)
    room = room.minus(f)
    return f
  })
  const deficit = left.lt(0) ? left.neg() : ZERO
  const nbp = ctx.s.settings.negativeBalanceProtection
  const cover = nbp
    ? D.min(deficit, D.max(ZERO, fund0.plus(fees.reduce((a, b) => a.plus(b), ZERO))))
    : ZERO
  plan.forEach((x, i) => {
    const last = i === plan.length - 1
    emitLiq(
      ctx,
      sc,
      x.p,
      x.q,
      x.mark,
      x.price,
      fees[i]!,
      last ? fees[i]!.minus(cover) : fees[i]!,
      false,
    )
  })
  plan.forEach((x, i) => {
    applyTrade(ctx, {
      symbol: x.p.symbol,
      positionSide: x.p.positionSide,
      side: closeSide(x.p),
      qty: x.q,
      price: x.price,
      fee: fees[i]!,
      noOpen: true,
    })
    ctx.s.insuranceFund = ctx.s.insuranceFund.plus(fees[i]!)
  })
  if (deficit.gt(0)) settleDeficit(ctx, deficit, cover, plan)
  resetNegativeWallet(ctx)
}

function settleDeficit(
  ctx: Ctx,
  deficit: Dec,
  cover: Dec,
  plan: { p: PositionState; q: Dec; bp: Dec | null; price: Dec }[],
): void {
  const nbp = ctx.s.settings.negativeBalanceProtection
  if (!nbp) {
    // Rule 3 (issue 12): without protection a loss past bankruptcy is the trader's debt, an
    // isolated one included (the cross wallet pays first); the event names the whole deficit.
    if (ctx.s.wallet.lt(0))
      emit(ctx, {
        type: 'walletNegative',
        walletBalance: money(ctx.s.wallet),
        deficit: money(deficit),
      })
    return
  }
  ctx.s.insuranceFund = ctx.s.insuranceFund.minus(cover)
  ctx.s.wallet = ctx.s.wallet.plus(cover)
  ctx.s.totals.insuranceCoverage = ctx.s.totals.insuranceCoverage.plus(cover)
  const rest = deficit.minus(cover)
  // Rule 3: the part of the deficit the trader's own ADL'd leg absorbs (that quantity of the
  // liquidated leg settles at its bankruptcy price against it) is a PnL correction, not a
  // socialized loss; only what no own leg took is socialized.
  let own = ZERO
  if (rest.gt(0)) {
    for (const x of plan) {
      const q = autoDeleverage(ctx, x.p, x.q, x.bp)
      if (x.bp && q.gt(0)) own = own.plus(q.times(x.price.minus(x.bp).abs()))
    }
    own = D.min(own, rest)
    ctx.s.wallet = ctx.s.wallet.plus(rest)
    ctx.s.totals.realizedPnl = ctx.s.totals.realizedPnl.plus(own)
    ctx.s.totals.socializedLoss = ctx.s.totals.socializedLoss.plus(rest.minus(own))
  }
  // the wallet moved without a fill: say so, so every ledger adds up to it
  emit(ctx, {
    type: 'balanceProtected',
    insurance: money(cover),
    socialized: money(D.max(rest.minus(own), 0)),
    ownLeg: money(own),
  })
}

/** ADL (§1.7): close the trader's opposite profitable positions of the symbol at BP, no fee; returns the quantity closed. */
function autoDeleverage(ctx: Ctx, liq: PositionState, qty: Dec, bp: Dec | null): Dec {
  if (!bp || bp.lte(0)) return ZERO
  const cands = ctx.s.positions
    .filter(
      (p) =>
        p.symbol === liq.symbol && p.dir !== liq.dir && upnlAt(p, markOrZero(ctx, p.symbol)).gt(0),
    )
    .map((p) => ({ p, score: adlScore(ctx, p) }))
    .sort((a, b) => b.score.comparedTo(a.score))
  let rem = qty
  for (const { p } of cands) {
    if (rem.lte(0)) break
    const q = D.min(rem, p.qty)
    rem = rem.minus(q)
    cancelWhere(ctx, (o) => o.symbol === p.symbol, 'ADL')
    const realized = closePnl(p.entry, bp, q, p.dir)
    emit(ctx, {
      type: 'autoDeleveraged',
      symbol: p.symbol,
      positionSide: p.positionSide,
      quantity: str(q),
      price: str(bp),
      realizedPnl: money(realized),
    })
    applyTrade(ctx, {
      symbol: p.symbol,
      positionSide: p.positionSide,
      side: closeSide(p),
      qty: q,
      price: bp,
      fee: ZERO,
      noOpen: true,
    })
  }
  return qty.minus(rem)
}
