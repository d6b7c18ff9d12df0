/**
 * Guardrails: the habits of a trader who survives, as rules the session checks.
 *
 * The session manager calls, for every user command, `beforeCommand(state, command, t)`
 * (refuse → record the hit, do not send the command to the engine) and, after every replay
 * step, `afterStep(state, events, t)` (record the hits, carry out `actions`: 'closeAll' =
 * `closeAllCommands(view)`, 'pause' = pause the replay), keeping the returned `track`.
 *
 * Rules (each switchable in the profile):
 * - maxLeverage: the leverage setting and the effective leverage after an order
 *   (Σ|notional| / equity, read from an engine copy that took the order) stay ≤ cap.
 * - stopRequired: new exposure above `aboveLeverage` (the larger of the account's effective
 *   leverage and, for isolated positions, the leverage setting) needs a stop — an attached
 *   stop sent with the order, the position's SL, or a reduce-only / close-position stop
 *   order — and that stop must trigger before the engine's liquidation price.
 * - bottomLine: equity (margin balance) ≤ (1 − X %) × start (or peak) → close everything,
 *   pause, and refuse new exposure for the rest of the session.
 * - dailyLoss: equity ≤ (1 − X %) × the replay day's opening equity → no new exposure until
 *   the next replay day (UTC) and optionally pause. The day's opening equity is the equity
 *   after the first step of that day the coach sees.
 * - coolDown: after a liquidation, no new exposure for N replay hours.
 * - averagingDown: adding to a losing position warns (or blocks) and says how far the
 *   engine's liquidation price moves toward the mark.
 * "New exposure" = a placeOrder that is neither reduce-only nor close-position and opens,
 * adds to or flips a position (an amendment raising a resting entry order counts as that
 * order). Removing isolated margin is checked against the cap and the stop. Cancels, closes,
 * TP/SL changes and added margin are never blocked.
 */
import type {
  AttachedStop,
  GuardrailHit,
  GuardrailProfile,
  GuardrailRule,
} from '../../../shared/contract/coach'
import type { SymbolId } from '../../../shared/market'
import type { EngineEvent } from '../../../shared/trading/events'
import type {
  AdjustMarginCommand,
  PlaceOrderCommand,
  TradeCommand,
} from '../../../shared/trading/commands'
import type { AccountView } from '../../../shared/trading/views'
import { c, maxC, pctTxt, txt } from './dec'
import type { EnginePort, EngineFactory } from './ports'
import {
  averagingDownHit,
  existingStop,
  hoursLeft,
  increasesExposure,
  pricesFromMarks,
} from './guardrail-helpers'
import { previewPlaceOrder } from './preview'
import { DAY, direction, effectiveLeverage, HOUR, liquidationsIn, positionOf } from './engine-copy'

/** What the guardrails remember between steps; plain JSON, stored with the session. */
export interface GuardrailTrack {
  startEquity: string
  peakEquity: string
  /** Replay day index (UTC days since the epoch) and its opening equity. */
  day: number
  dayStartEquity: string
  dayLockedUntil?: number
  coolDownUntil?: number
  bottomLineAt?: number
}

export interface GuardrailState {
  view: AccountView
  track: GuardrailTrack
  /** Snapshot of the live engine, so rules can preview an order on a copy. */
  engineSnapshot?: unknown
  /** Latest last and mark price per symbol (to preview resting orders at their price). */
  prices?: Record<SymbolId, { last: number; mark: number }>
  /** A stop the ticket sends with the order (the session attaches it after the fill). */
  attachedStop?: AttachedStop
}

export type BeforeCommandResult =
  | { allow: true; warnings: GuardrailHit[] }
  | { allow: false; hit: GuardrailHit; warnings: GuardrailHit[] }

export type GuardrailAction = 'closeAll' | 'pause'

export interface AfterStepResult {
  hits: GuardrailHit[]
  actions: GuardrailAction[]
  track: GuardrailTrack
}

export interface Guardrails {
  readonly profile: GuardrailProfile
  initialTrack(view: AccountView, t: number, startEquity?: string): GuardrailTrack
  beforeCommand(state: GuardrailState, command: TradeCommand, t: number): BeforeCommandResult
  afterStep(
    state: Pick<GuardrailState, 'view' | 'track'>,
    events: readonly EngineEvent[],
    t: number,
  ): AfterStepResult
}

export function initialTrack(view: AccountView, t: number, startEquity?: string): GuardrailTrack {
  const eq = startEquity ?? view.marginBalance
  return { startEquity: eq, peakEquity: eq, day: dayOf(t), dayStartEquity: view.marginBalance }
}

export function dayOf(t: number): number {
  return Math.floor(t / DAY)
}

export function createGuardrails(profile: GuardrailProfile, factory: EngineFactory): Guardrails {
  const on = (r: GuardrailRule) => profile.enabled && profile[r].on

  function hit(
    rule: GuardrailRule,
    severity: GuardrailHit['severity'],
    t: number,
    message: string,
    extra: Partial<GuardrailHit> = {},
  ): GuardrailHit {
    return { type: 'guardrailHit', rule, severity, message, t, ...extra }
  }

  function beforeCommand(
    state: GuardrailState,
    command: TradeCommand,
    t: number,
  ): BeforeCommandResult {
    const warnings: GuardrailHit[] = []
    const allow = (): BeforeCommandResult => ({ allow: true, warnings })
    const block = (h: GuardrailHit): BeforeCommandResult => ({ allow: false, hit: h, warnings })
    if (!profile.enabled) return allow()
    const { view, track } = state

    if (command.kind === 'setLeverage') {
      if (on('maxLeverage') && command.leverage > profile.maxLeverage.cap) {
        return block(
          hit(
            'maxLeverage',
            'block',
            t,
            `Leverage ${command.leverage}x is above your cap of ${profile.maxLeverage.cap}x.`,
            {
              symbol: command.symbol,
              command,
              details: { leverage: String(command.leverage), cap: String(profile.maxLeverage.cap) },
            },
          ),
        )
      }
      return allow()
    }
    if (command.kind === 'adjustMargin') return marginRemoval(state, command, t, allow, block)
    // An amendment that raises a resting entry order's size is checked like that order.
    let order: PlaceOrderCommand
    let replaces: string | undefined
    if (command.kind === 'amendOrder') {
      const o = view.openOrders.find((x) => x.orderId === command.orderId)
      if (!o || !command.quantity || c(command.quantity).lte(c(o.quantity))) return allow()
      order = {
        kind: 'placeOrder',
        symbol: o.symbol,
        side: o.side,
        positionSide: o.positionSide,
        type: o.type,
        quantity: c(command.quantity).minus(c(o.executedQty)).toFixed(),
        timeInForce: o.timeInForce,
        workingType: o.workingType,
        reduceOnly: o.reduceOnly,
        closePosition: o.closePosition,
        ...((command.price ?? o.price) ? { price: command.price ?? o.price } : {}),
        ...((command.stopPrice ?? o.stopPrice)
          ? { stopPrice: command.stopPrice ?? o.stopPrice }
          : {}),
        ...(o.callbackRate ? { callbackRate: o.callbackRate } : {}),
        ...(o.activationPrice ? { activationPrice: o.activationPrice } : {}),
      }
      replaces = o.orderId
    } else if (command.kind === 'placeOrder') order = command
    else return allow()
    if (!increasesExposure(view, order)) return allow()
    const base = { symbol: order.symbol, command }

    if (on('bottomLine') && track.bottomLineAt !== undefined) {
      return block(
        hit(
          'bottomLine',
          'block',
          t,
          'Bottom line reached: no new positions in this session. Review it, then start a fresh one.',
          base,
        ),
      )
    }
    if (on('coolDown') && track.coolDownUntil !== undefined && t < track.coolDownUntil) {
      return block(
        hit(
          'coolDown',
          'block',
          t,
          `Cool-down after a liquidation: no new positions for ${hoursLeft(track.coolDownUntil, t)} more replay hours.`,
          { ...base, until: track.coolDownUntil },
        ),
      )
    }
    if (on('dailyLoss') && track.dayLockedUntil !== undefined && t < track.dayLockedUntil) {
      return block(
        hit(
          'dailyLoss',
          'block',
          t,
          `Daily loss limit reached: no new positions until the next replay day.`,
          { ...base, until: track.dayLockedUntil },
        ),
      )
    }
    const symLev = view.symbols.find((s) => s.symbol === order.symbol)?.leverage ?? 0
    if (on('maxLeverage') && symLev > profile.maxLeverage.cap) {
      return block(
        hit(
          'maxLeverage',
          'block',
          t,
          `${order.symbol} is set to ${symLev}x, above your cap of ${profile.maxLeverage.cap}x. Lower the leverage first.`,
          { ...base, details: { leverage: String(symLev), cap: String(profile.maxLeverage.cap) } },
        ),
      )
    }
    const needPreview = on('maxLeverage') || on('stopRequired') || on('averagingDown')
    if (!needPreview || state.engineSnapshot === undefined) return allow()

    const prices = state.prices ?? pricesFromMarks(view)
    const cancelFirst = replaces
      ? (e: EnginePort, at: number) =>
          e.apply({ kind: 'command', t: at, command: { kind: 'cancelOrder', orderId: replaces } })
      : undefined
    const preview = previewPlaceOrder(factory, state.engineSnapshot, order, prices, cancelFirst)
    // The engine itself will refuse it (margin, filters): nothing for the coach to add.
    if (preview.rejection || !preview.position) return allow()
    const pos = preview.position
    const eff = effectiveLeverage(preview.after)
    const lev = pos.marginType === 'ISOLATED' ? maxC(eff, c(pos.leverage)) : eff
    const liq = preview.liquidationPrice
    const details: Record<string, string> = {
      leverage: txt(lev, 2),
      liquidationPrice: liq,
      entryPrice: pos.entryPrice,
    }
    if (on('maxLeverage') && eff.gt(profile.maxLeverage.cap)) {
      return block(
        hit(
          'maxLeverage',
          'block',
          t,
          `This order takes the account to ${txt(eff, 1)}x effective leverage, above your cap of ${profile.maxLeverage.cap}x.`,
          { ...base, details: { ...details, cap: String(profile.maxLeverage.cap) } },
        ),
      )
    }
    if (on('stopRequired') && lev.gt(profile.stopRequired.aboveLeverage)) {
      const dir = direction(pos)
      const stop =
        state.attachedStop?.stopPrice ??
        order.attached?.stopLoss?.stopPrice ??
        existingStop(view, pos.symbol, pos.positionSide, dir)
      if (!stop) {
        return block(
          hit(
            'stopRequired',
            'block',
            t,
            `Above ${profile.stopRequired.aboveLeverage}x a stop-loss is required (this order: ${txt(lev, 1)}x). Add a stop inside the liquidation price ${liq || '—'}.`,
            { ...base, details: { ...details, reason: 'missing' } },
          ),
        )
      }
      if (liq !== '' && (dir === 1 ? c(stop).lte(c(liq)) : c(stop).gte(c(liq)))) {
        return block(
          hit(
            'stopRequired',
            'block',
            t,
            `Your stop ${stop} sits beyond the liquidation price ${liq}: you would be liquidated first. Move the stop or lower the leverage.`,
            { ...base, details: { ...details, stopPrice: stop, reason: 'beyondLiquidation' } },
          ),
        )
      }
    }
    if (on('averagingDown')) {
      const before = preview.positionBefore
      if (before && direction(before) === direction(pos) && c(before.unrealizedPnl).isNegative()) {
        const h = averagingDownHit(
          t,
          base,
          before,
          { ...pos, liquidationPrice: liq },
          profile.averagingDown.block,
        )
        if (profile.averagingDown.block) return block(h)
        warnings.push(h)
      }
    }
    return allow()
  }

  /** Removing isolated margin pulls the liquidation price in: it must stay behind the stop and under the cap. */
  function marginRemoval(
    state: GuardrailState,
    command: AdjustMarginCommand,
    t: number,
    allow: () => BeforeCommandResult,
    block: (h: GuardrailHit) => BeforeCommandResult,
  ): BeforeCommandResult {
    if (command.action !== 'REMOVE' || state.engineSnapshot === undefined) return allow()
    if (!on('stopRequired') && !on('maxLeverage')) return allow()
    const copy = factory.restore(state.engineSnapshot)
    const ev = copy.apply({ kind: 'command', t: state.view.t, command })
    if (ev.some((e) => e.type === 'commandRejected')) return allow()
    const pos = positionOf(copy.view(), command.symbol, command.positionSide)
    if (!pos) return allow()
    const base = { symbol: command.symbol, command }
    const lev = c(pos.margin).gt(0) ? c(pos.notional).abs().div(c(pos.margin)) : c(1e9)
    const details = { leverage: txt(lev, 2), liquidationPrice: pos.liquidationPrice }
    if (on('maxLeverage') && lev.gt(profile.maxLeverage.cap)) {
      return block(
        hit(
          'maxLeverage',
          'block',
          t,
          `Removing that margin takes the position to ${txt(lev, 1)}x, above your cap of ${profile.maxLeverage.cap}x.`,
          { ...base, details: { ...details, cap: String(profile.maxLeverage.cap) } },
        ),
      )
    }
    const dir = direction(pos)
    const stop = existingStop(state.view, pos.symbol, pos.positionSide, dir)
    const liq = pos.liquidationPrice
    if (
      on('stopRequired') &&
      stop &&
      liq !== '' &&
      (dir === 1 ? c(stop).lte(c(liq)) : c(stop).gte(c(liq)))
    ) {
      return block(
        hit(
          'stopRequired',
          'block',
          t,
          `Removing that margin moves the liquidation price to ${liq}, beyond your stop ${stop}.`,
          { ...base, details: { ...details, stopPrice: stop, reason: 'beyondLiquidation' } },
        ),
      )
    }
    if (on('stopRequired') && !stop && lev.gt(profile.stopRequired.aboveLeverage)) {
      return block(
        hit(
          'stopRequired',
          'block',
          t,
          `Removing that margin takes the position to ${txt(lev, 1)}x: above ${profile.stopRequired.aboveLeverage}x it needs a stop-loss first.`,
          { ...base, details: { ...details, reason: 'missing' } },
        ),
      )
    }
    return allow()
  }

  function afterStep(
    state: Pick<GuardrailState, 'view' | 'track'>,
    events: readonly EngineEvent[],
    t: number,
  ): AfterStepResult {
    const hits: GuardrailHit[] = []
    const actions = new Set<GuardrailAction>()
    const eq = c(state.view.marginBalance)
    const track: GuardrailTrack = { ...state.track }
    const day = dayOf(t)
    if (day !== track.day) {
      track.day = day
      track.dayStartEquity = eq.toFixed()
    }
    if (eq.gt(c(track.peakEquity))) track.peakEquity = eq.toFixed()
    if (!profile.enabled) return { hits, actions: [], track }

    const liqs = liquidationsIn(events)
    if (on('coolDown') && liqs.length > 0 && profile.coolDown.hours > 0) {
      track.coolDownUntil = t + profile.coolDown.hours * HOUR
      const l = liqs[0]!
      hits.push(
        hit(
          'coolDown',
          'action',
          t,
          `Liquidated on ${l.symbol}. Cool-down: no new positions for ${profile.coolDown.hours} replay hours. Take the break.`,
          { symbol: l.symbol, until: track.coolDownUntil },
        ),
      )
    }
    if (on('bottomLine') && track.bottomLineAt === undefined) {
      const ref =
        profile.bottomLine.reference === 'peak' ? c(track.peakEquity) : c(track.startEquity)
      const floor = ref.times(c(1).minus(c(profile.bottomLine.percent).div(100)))
      if (eq.lte(floor)) {
        track.bottomLineAt = t
        actions.add('closeAll')
        actions.add('pause')
        hits.push(
          hit(
            'bottomLine',
            'action',
            t,
            `Bottom line: equity ${txt(eq, 2)} is ${profile.bottomLine.percent}% below the session ${profile.bottomLine.reference} (${txt(ref, 2)}). Everything is closed and the replay paused.`,
            { details: { equity: txt(eq, 2), floor: txt(floor, 2), reference: txt(ref, 2) } },
          ),
        )
      }
    }
    if (on('dailyLoss') && !(track.dayLockedUntil !== undefined && t < track.dayLockedUntil)) {
      const start = c(track.dayStartEquity)
      const floor = start.times(c(1).minus(c(profile.dailyLoss.percent).div(100)))
      if (start.gt(0) && eq.lte(floor)) {
        track.dayLockedUntil = (day + 1) * DAY
        if (profile.dailyLoss.pause) actions.add('pause')
        hits.push(
          hit(
            'dailyLoss',
            'action',
            t,
            `Daily loss limit: equity is down ${pctTxt(c(1).minus(eq.div(start)).times(100))}% today. No new positions until the next replay day.`,
            {
              until: track.dayLockedUntil,
              details: { equity: txt(eq, 2), dayStart: txt(start, 2), floor: txt(floor, 2) },
            },
          ),
        )
      }
    }
    return { hits, actions: [...actions], track }
  }

  return { profile, initialTrack, beforeCommand, afterStep }
}

export { equityFloor, guardrailRejection, increasesExposure } from './guardrail-helpers'
