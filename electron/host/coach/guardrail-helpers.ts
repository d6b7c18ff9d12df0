/**
 * Guardrail helpers: what counts as new exposure, which stop protects a position, the
 * averaging-down warning, the equity line the after-step rules act at, and the ack rejection.
 */
import type { GuardrailHit, GuardrailProfile } from '../../../shared/contract/coach'
import type { SymbolId } from '../../../shared/market'
import type { PlaceOrderCommand } from '../../../shared/trading/commands'
import { REJECTION_CODES, type Rejection } from '../../../shared/trading/rejections'
import type { AccountView, PositionView } from '../../../shared/trading/views'
import { c, pctTxt, type Cd } from './dec'
import type { GuardrailTrack } from './guardrails'
import { direction, HOUR, positionOf } from './engine-copy'

/** Does this order open, add to or flip a position (as opposed to reducing one)? */
export function increasesExposure(view: AccountView, cmd: PlaceOrderCommand): boolean {
  if (cmd.reduceOnly || cmd.closePosition) return false
  const sideDir = cmd.side === 'BUY' ? 1 : -1
  if (cmd.positionSide === 'LONG') return sideDir === 1
  if (cmd.positionSide === 'SHORT') return sideDir === -1
  const pos = positionOf(view, cmd.symbol, 'BOTH')
  const d = direction(pos)
  if (d === 0 || d === sideDir) return true
  if (!cmd.quantity) return false
  return c(cmd.quantity).gt(c(pos!.size).abs())
}

/** The stop protecting a position: its SL, or a reduce-only / close-position stop order against it. */
export function existingStop(
  view: AccountView,
  symbol: SymbolId,
  positionSide: string,
  dir: number,
): string | undefined {
  const pos = positionOf(view, symbol, positionSide)
  if (pos?.stopLoss) return pos.stopLoss.stopPrice
  const closeSide = dir === 1 ? 'SELL' : 'BUY'
  const o = view.openOrders.find(
    (o) =>
      o.symbol === symbol &&
      o.positionSide === positionSide &&
      o.side === closeSide &&
      (o.type === 'STOP_MARKET' || o.type === 'STOP' || o.type === 'TRAILING_STOP_MARKET') &&
      (o.reduceOnly || o.closePosition || o.origin === 'POSITION_TPSL') &&
      o.stopPrice,
  )
  return o?.stopPrice
}

export function averagingDownHit(
  t: number,
  base: Partial<GuardrailHit>,
  before: PositionView,
  after: PositionView,
  blocked: boolean,
): GuardrailHit {
  const mark = c(after.markPrice || before.markPrice)
  const dist = (liq: string): Cd | null =>
    liq === '' || mark.isZero() ? null : c(liq).minus(mark).abs().div(mark).times(100)
  const d0 = dist(before.liquidationPrice)
  const d1 = dist(after.liquidationPrice)
  const long = direction(before) === 1
  return {
    type: 'guardrailHit',
    rule: 'averagingDown',
    severity: blocked ? 'block' : 'warn',
    t,
    ...base,
    message: `Averaging down: this adds to a losing ${before.symbol} ${long ? 'long' : 'short'} (unrealized PnL ${before.unrealizedPnl} USDT). Average entry ${before.entryPrice} → ${after.entryPrice}; ${liquidationMove(before.liquidationPrice, after.liquidationPrice, d0, d1, long)}.`,
    details: {
      liquidationBefore: before.liquidationPrice,
      liquidationAfter: after.liquidationPrice,
      distanceBefore: d0 ? pctTxt(d0) : '',
      distanceAfter: d1 ? pctTxt(d1) : '',
      unrealizedPnl: before.unrealizedPnl,
      entryBefore: before.entryPrice,
      entryAfter: after.entryPrice,
    },
  }
}

/** How the liquidation price moves, in words: both levels (or that there is none) and the distances. */
function liquidationMove(
  before: string,
  after: string,
  d0: Cd | null,
  d1: Cd | null,
  long: boolean,
): string {
  const away = (d: Cd | null) => (d ? ` (${pctTxt(d)}% from the mark)` : '')
  if (before === '' && after === '')
    return long
      ? 'no liquidation price before or after: the margin would cover the mark falling to zero'
      : 'no liquidation price before or after'
  if (before === '') return `liquidation price: none before, ${after} after${away(d1)}`
  if (after === '') return `liquidation price ${before} before, none after`
  const moved =
    d0 && d1
      ? ` (${pctTxt(d0)}% → ${pctTxt(d1)}% from the mark, ${d1.lt(d0) ? 'closer' : 'further'})`
      : ''
  return `liquidation price ${before} → ${after}${moved}`
}

export function hoursLeft(until: number, t: number): string {
  return (Math.ceil(((until - t) / HOUR) * 10) / 10).toString()
}

export function pricesFromMarks(
  view: AccountView,
): Record<SymbolId, { last: number; mark: number }> {
  const out: Record<SymbolId, { last: number; mark: number }> = {}
  for (const [s, m] of Object.entries(view.marks)) out[s] = { last: Number(m), mark: Number(m) }
  return out
}

/** A blocked command as the engine-style rejection the session's ack carries (code -9001). */
export function guardrailRejection(hit: GuardrailHit): Rejection {
  return { name: 'GUARDRAIL', code: REJECTION_CODES.GUARDRAIL, message: hit.message }
}

/**
 * The highest equity at which an afterStep rule would act now (bottom line or daily loss),
 * or null when none can. With 'peak' reference, `upTo` is the highest equity the account
 * might have reached since (a new peak raises the line).
 */
export function equityFloor(
  profile: GuardrailProfile,
  track: GuardrailTrack,
  t: number,
  upTo = 0,
): number | null {
  if (!profile.enabled) return null
  let floor: number | null = null
  if (profile.bottomLine.on && track.bottomLineAt === undefined) {
    const ref =
      profile.bottomLine.reference === 'peak'
        ? Math.max(Number(track.peakEquity), upTo)
        : Number(track.startEquity)
    floor = ref * (1 - profile.bottomLine.percent / 100)
  }
  if (profile.dailyLoss.on && !(track.dayLockedUntil !== undefined && t < track.dayLockedUntil)) {
    const d = Number(track.dayStartEquity) * (1 - profile.dailyLoss.percent / 100)
    floor = floor === null ? d : Math.max(floor, d)
  }
  return floor
}
