import { describe, expect, it } from 'vitest'
import type { GuardrailProfile } from '../../../shared/contract/coach'
import type { PlaceOrderCommand } from '../../../shared/trading/commands'
import { engines } from '../../../electron/host/engine-binding'
import {
  createGuardrails,
  guardrailRejection,
  increasesExposure,
  initialTrack,
  type GuardrailTrack,
} from '../../../electron/host/coach/guardrails'
import { COACH_PROFILE, offProfile } from '../../../electron/host/coach/profile'
import { closeAllCommands, DAY, HOUR } from '../../../electron/host/coach/engine-copy'
import { Desk, MIN } from './helpers'

function profile(patch: Partial<GuardrailProfile> = {}): GuardrailProfile {
  return { ...structuredClone(COACH_PROFILE), ...patch }
}

function setup(p: GuardrailProfile = profile()) {
  const d = new Desk()
  d.bars({ BTCUSDT: 20000, ETHUSDT: 1500 })
  const g = createGuardrails(p, engines)
  let track: GuardrailTrack = initialTrack(d.view(), d.t)
  const state = (
    extra: { attachedStop?: { stopPrice: string; workingType: 'MARK_PRICE' } } = {},
  ) => ({
    view: d.view(),
    track,
    engineSnapshot: d.snapshot(),
    prices: d.prices,
    ...extra,
  })
  const step = (prices: Record<string, number>) => {
    const ev = d.bars(prices)
    const r = g.afterStep({ view: d.view(), track }, ev, d.t)
    track = r.track
    return r
  }
  return { d, g, state, step, track: () => track }
}

const buy = (quantity: string, symbol = 'BTCUSDT'): PlaceOrderCommand => ({
  kind: 'placeOrder',
  symbol,
  side: 'BUY',
  positionSide: 'BOTH',
  type: 'MARKET',
  quantity,
})
const noDaily = profile({ dailyLoss: { on: false, percent: 10, pause: true } })
const stop = (stopPrice: string) => ({
  attachedStop: { stopPrice, workingType: 'MARK_PRICE' as const },
})

describe('guardrails: max leverage', () => {
  it('blocks a leverage setting above the cap and allows one at the cap', () => {
    const { g, state, d } = setup()
    const hi = g.beforeCommand(
      state(),
      { kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 50 },
      d.t,
    )
    expect(hi.allow).toBe(false)
    if (!hi.allow)
      expect(hi.hit).toMatchObject({
        type: 'guardrailHit',
        rule: 'maxLeverage',
        severity: 'block',
        symbol: 'BTCUSDT',
      })
    expect(
      g.beforeCommand(state(), { kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 20 }, d.t).allow,
    ).toBe(true)
  })

  it('blocks new exposure on a symbol already set above the cap', () => {
    const { g, state, d } = setup()
    d.leverage('BTCUSDT', 50)
    const r = g.beforeCommand(state(stop('19900')), buy('0.01'), d.t)
    expect(r.allow).toBe(false)
    if (!r.allow) expect(r.hit.message).toMatch(/set to 50x/)
  })

  it('blocks new exposure while the setting is above a lowered cap, and allows it once lowered', () => {
    const { g, state, d } = setup(profile({ maxLeverage: { on: true, cap: 5 } }))
    const r = g.beforeCommand(state(), buy('2'), d.t)
    expect(r.allow).toBe(false)
    if (!r.allow)
      expect(r.hit).toMatchObject({ rule: 'maxLeverage', details: { leverage: '20', cap: '5' } })
    d.leverage('BTCUSDT', 5)
    expect(g.beforeCommand(state(), buy('2'), d.t).allow).toBe(true) // 4x effective: no stop needed
  })

  it('is off when switched off', () => {
    const { g, state, d } = setup(
      profile({
        maxLeverage: { on: false, cap: 5 },
        stopRequired: { on: false, aboveLeverage: 5 },
      }),
    )
    expect(
      g.beforeCommand(state(), { kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 100 }, d.t)
        .allow,
    ).toBe(true)
    expect(g.beforeCommand(state(), buy('3'), d.t).allow).toBe(true)
  })
})

describe('guardrails: stop required', () => {
  it('blocks an over-leveraged order without a stop and names the liquidation price', () => {
    const { g, state, d } = setup()
    const r = g.beforeCommand(state(), buy('3'), d.t)
    expect(r.allow).toBe(false)
    if (!r.allow) {
      expect(r.hit).toMatchObject({
        rule: 'stopRequired',
        severity: 'block',
        details: { reason: 'missing' },
      })
      expect(r.hit.message).toMatch(/stop-loss is required/)
      expect(r.hit.t).toBe(d.t)
    }
  })

  it('turns a block into the GUARDRAIL rejection (-9001) for the command ack', () => {
    const { g, state, d } = setup()
    const r = g.beforeCommand(state(), buy('3'), d.t)
    if (r.allow) throw new Error('expected a block')
    expect(guardrailRejection(r.hit)).toEqual({
      name: 'GUARDRAIL',
      code: -9001,
      message: r.hit.message,
    })
  })

  it('allows it with a stop that triggers before liquidation', () => {
    const { g, state, d } = setup()
    expect(g.beforeCommand(state(stop('19000')), buy('3'), d.t).allow).toBe(true)
  })

  it("blocks a stop beyond the engine's liquidation price", () => {
    const { g, state, d } = setup()
    d.cmd({ kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' })
    d.leverage('BTCUSDT', 20)
    const r = g.beforeCommand(state(stop('18000')), buy('1'), d.t)
    expect(r.allow).toBe(false)
    if (!r.allow) {
      expect(r.hit.details).toMatchObject({ reason: 'beyondLiquidation', stopPrice: '18000' })
      // the engine's own number for the same order
      const copy = engines.restore(d.snapshot())
      copy.apply({ kind: 'command', t: d.t, command: buy('1') })
      expect(r.hit.details!.liquidationPrice).toBe(copy.view().positions[0]!.liquidationPrice)
    }
    expect(g.beforeCommand(state(stop('19500')), buy('1'), d.t).allow).toBe(true)
  })

  it("counts the position's existing stop-loss", () => {
    const { g, state, d } = setup()
    d.market('BTCUSDT', 'BUY', '1')
    d.cmd({
      kind: 'setPositionTpSl',
      symbol: 'BTCUSDT',
      positionSide: 'BOTH',
      stopLoss: { stopPrice: '19000', workingType: 'MARK_PRICE' },
    })
    expect(g.beforeCommand(state(), buy('2'), d.t).allow).toBe(true)
  })

  it('never blocks reducing orders, closes, cancels or TP/SL changes', () => {
    const { g, state, d } = setup()
    d.market('BTCUSDT', 'BUY', '1')
    const view = d.view()
    expect(increasesExposure(view, { ...buy('5'), side: 'SELL', reduceOnly: true })).toBe(false)
    expect(increasesExposure(view, { ...buy('0.5'), side: 'SELL' })).toBe(false)
    expect(increasesExposure(view, { ...buy('3'), side: 'SELL' })).toBe(true) // flips to a 2 BTC short
    expect(
      g.beforeCommand(
        state(),
        { kind: 'closePosition', symbol: 'BTCUSDT', positionSide: 'BOTH', fraction: '1' },
        d.t,
      ).allow,
    ).toBe(true)
    expect(
      g.beforeCommand(state(), { ...buy('1'), side: 'SELL', reduceOnly: true }, d.t).allow,
    ).toBe(true)
  })
})

describe('guardrails: bottom line', () => {
  it('closes everything and pauses when equity falls 25 % below the start, then refuses new exposure', () => {
    const { g, state, d, step, track } = setup(noDaily)
    d.market('BTCUSDT', 'BUY', '4')
    d.cmd({
      kind: 'setPositionTpSl',
      symbol: 'BTCUSDT',
      positionSide: 'BOTH',
      stopLoss: { stopPrice: '15000', workingType: 'MARK_PRICE' },
    })
    expect(step({ BTCUSDT: 19500, ETHUSDT: 1500 }).hits).toEqual([])
    const r = step({ BTCUSDT: 19300, ETHUSDT: 1500 }) // −2800 − fees: equity ≈ 7160 < 7500
    expect(r.actions).toEqual(['closeAll', 'pause'])
    expect(r.hits).toHaveLength(1)
    expect(r.hits[0]).toMatchObject({
      rule: 'bottomLine',
      severity: 'action',
      t: d.t,
      details: { floor: '7500' },
    })
    expect(track().bottomLineAt).toBe(d.t)
    for (const cmd of closeAllCommands(d.view())) d.cmd(cmd)
    expect(d.view().positions).toHaveLength(0)
    expect(d.view().openOrders).toHaveLength(0)
    // once only
    expect(step({ BTCUSDT: 19000, ETHUSDT: 1500 }).hits).toEqual([])
    const again = g.beforeCommand(state(stop('19000')), buy('0.1'), d.t)
    expect(again.allow).toBe(false)
    if (!again.allow) expect(again.hit.rule).toBe('bottomLine')
  })

  it('can trail the peak instead of the start', () => {
    const peak = profile({
      bottomLine: { on: true, percent: 25, reference: 'peak' },
      dailyLoss: { on: false, percent: 10, pause: true },
    })
    const a = setup(peak)
    const b = setup(profile({ dailyLoss: { on: false, percent: 10, pause: true } }))
    for (const s of [a, b]) {
      s.d.market('BTCUSDT', 'BUY', '2')
      s.step({ BTCUSDT: 22000, ETHUSDT: 1500 }) // equity ≈ 13980 (peak)
      s.step({ BTCUSDT: 20200, ETHUSDT: 1500 }) // ≈ 10380: −25.7 % from the peak, above the start line
    }
    expect(a.track().bottomLineAt).toBeDefined()
    expect(b.track().bottomLineAt).toBeUndefined()
  })
})

describe('guardrails: daily loss lock', () => {
  it('locks new exposure until the next replay day after a 10 % day loss, and pauses', () => {
    const { g, state, d, step, track } = setup()
    d.market('BTCUSDT', 'BUY', '2')
    const r = step({ BTCUSDT: 19400, ETHUSDT: 1500 }) // −1200 − fees
    expect(r.actions).toEqual(['pause'])
    expect(r.hits[0]).toMatchObject({ rule: 'dailyLoss', severity: 'action' })
    const until = track().dayLockedUntil!
    expect(until % DAY).toBe(0)
    expect(until).toBeGreaterThan(d.t)
    const blocked = g.beforeCommand(state(), buy('0.1'), d.t)
    expect(blocked.allow).toBe(false)
    if (!blocked.allow) expect(blocked.hit).toMatchObject({ rule: 'dailyLoss', until })
    expect(g.beforeCommand(state(), buy('0.1'), until).allow).toBe(true)
  })

  it("measures from the replay day's opening equity", () => {
    const { d, step, track } = setup()
    d.market('BTCUSDT', 'BUY', '1')
    step({ BTCUSDT: 19200, ETHUSDT: 1500 }) // −8 %: no lock
    expect(track().dayLockedUntil).toBeUndefined()
    d.t = (Math.floor(d.t / DAY) + 1) * DAY // next replay day
    step({ BTCUSDT: 19200, ETHUSDT: 1500 })
    expect(track().dayStartEquity).toBe(d.view().marginBalance)
    step({ BTCUSDT: 18500, ETHUSDT: 1500 }) // −7 % on the new day: still no lock
    expect(track().dayLockedUntil).toBeUndefined()
  })
})

describe('guardrails: cool-down after a liquidation', () => {
  it('blocks new positions for N replay hours after a liquidation', () => {
    const { g, state, d, step, track } = setup(noDaily)
    d.cmd({ kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' })
    d.market('BTCUSDT', 'BUY', '1') // 20x isolated: liquidated ~5 % lower
    const r = step({ BTCUSDT: 18800, ETHUSDT: 1500 })
    expect(d.log.some((e) => e.type === 'liquidation')).toBe(true)
    const hit = r.hits.find((h) => h.rule === 'coolDown')!
    expect(hit).toMatchObject({ severity: 'action', symbol: 'BTCUSDT', until: d.t + 4 * HOUR })
    const blocked = g.beforeCommand(state(stop('18000')), buy('0.01'), d.t + HOUR)
    expect(blocked.allow).toBe(false)
    if (!blocked.allow) expect(blocked.hit.message).toMatch(/3 more replay hours/)
    expect(g.beforeCommand(state(stop('18000')), buy('0.01'), track().coolDownUntil!).allow).toBe(
      true,
    )
  })
})

describe('guardrails: averaging down', () => {
  it('warns with the liquidation price moving closer when adding to a loser', () => {
    const { g, state, d, step } = setup()
    d.market('BTCUSDT', 'BUY', '1')
    step({ BTCUSDT: 19500, ETHUSDT: 1500 })
    const r = g.beforeCommand(state(), buy('1'), d.t + MIN)
    expect(r.allow).toBe(true)
    expect(r.warnings).toHaveLength(1)
    const w = r.warnings[0]!
    expect(w).toMatchObject({ rule: 'averagingDown', severity: 'warn' })
    expect(Number(w.details!.liquidationAfter)).toBeGreaterThan(
      Number(w.details!.liquidationBefore),
    )
    expect(Number(w.details!.distanceAfter)).toBeLessThan(Number(w.details!.distanceBefore))
    // Issue 13.7: the real levels, before → after, in plain words.
    expect(w.message).toContain(
      `Average entry ${w.details!.entryBefore} → ${w.details!.entryAfter}; liquidation price ${w.details!.liquidationBefore} → ${w.details!.liquidationAfter} (${w.details!.distanceBefore}% → ${w.details!.distanceAfter}% from the mark, closer)`,
    )
    expect(w.details).toMatchObject({ entryBefore: '20000', entryAfter: '19750' })
    expect(w.message).toMatch(
      /^Averaging down: this adds to a losing BTCUSDT long \(unrealized PnL -500/,
    )
  })

  it('says there is no liquidation price when the margin covers a fall to zero (no "— → —")', () => {
    const { g, state, d, step } = setup()
    d.market('BTCUSDT', 'BUY', '0.01')
    step({ BTCUSDT: 19500, ETHUSDT: 1500 })
    const r = g.beforeCommand(state(), buy('0.01'), d.t + MIN)
    const w = r.warnings[0]!
    expect(w.rule).toBe('averagingDown')
    expect(w.details).toMatchObject({ liquidationBefore: '', liquidationAfter: '' })
    expect(w.message).not.toMatch(/—|closer from/)
    expect(w.message).toBe(
      'Averaging down: this adds to a losing BTCUSDT long (unrealized PnL -5 USDT). Average entry 20000 → 19750; no liquidation price before or after: the margin would cover the mark falling to zero.',
    )
  })

  it('blocks instead when set to block, and says nothing when the position is winning', () => {
    const blocker = setup(profile({ averagingDown: { on: true, block: true } }))
    blocker.d.market('BTCUSDT', 'BUY', '1')
    blocker.step({ BTCUSDT: 19500, ETHUSDT: 1500 })
    expect(blocker.g.beforeCommand(blocker.state(), buy('1'), blocker.d.t).allow).toBe(false)
    const winner = setup()
    winner.d.market('BTCUSDT', 'BUY', '1')
    winner.step({ BTCUSDT: 20500, ETHUSDT: 1500 })
    expect(winner.g.beforeCommand(winner.state(), buy('1'), winner.d.t)).toEqual({
      allow: true,
      warnings: [],
    })
  })
})

describe('guardrails: profile off', () => {
  it('allows everything and records nothing, but keeps tracking equity', () => {
    const { g, state, d, step, track } = setup(offProfile())
    expect(g.beforeCommand(state(), buy('3'), d.t).allow).toBe(true)
    d.market('BTCUSDT', 'BUY', '4')
    const r = step({ BTCUSDT: 19000, ETHUSDT: 1500 })
    expect(r).toMatchObject({ hits: [], actions: [] })
    expect(track().startEquity).toBe('10000')
  })
})

describe('guardrails: amendments and margin removal', () => {
  it('checks an amendment that raises a resting entry order like the bigger order', () => {
    const { g, state, d } = setup()
    d.cmd({ ...buy('0.1'), type: 'LIMIT', price: '19000', timeInForce: 'GTC' })
    const orderId = d.view().openOrders[0]!.orderId
    const amend = { kind: 'amendOrder' as const, orderId, quantity: '3' }
    const r = g.beforeCommand(state(), amend, d.t)
    expect(r.allow).toBe(false)
    if (!r.allow)
      expect(r.hit).toMatchObject({ rule: 'stopRequired', command: amend, symbol: 'BTCUSDT' })
    expect(g.beforeCommand(state(), { ...amend, quantity: '0.2' }, d.t).allow).toBe(true)
    expect(
      g.beforeCommand(state(), { kind: 'amendOrder', orderId, price: '18900' }, d.t).allow,
    ).toBe(true)
  })

  function isolatedLong(p: GuardrailProfile = profile()) {
    const s = setup(p)
    s.d.cmd({ kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' })
    s.d.leverage('BTCUSDT', 5)
    s.d.market('BTCUSDT', 'BUY', '1')
    s.d.cmd({
      kind: 'adjustMargin',
      symbol: 'BTCUSDT',
      positionSide: 'BOTH',
      action: 'ADD',
      amount: '3000',
    })
    return s
  }
  const remove = (amount: string) => ({
    kind: 'adjustMargin' as const,
    symbol: 'BTCUSDT',
    positionSide: 'BOTH' as const,
    action: 'REMOVE' as const,
    amount,
  })

  it('blocks removing margin that pulls the liquidation price past the stop', () => {
    const { g, state, d } = isolatedLong()
    d.cmd({
      kind: 'setPositionTpSl',
      symbol: 'BTCUSDT',
      positionSide: 'BOTH',
      stopLoss: { stopPrice: '16000', workingType: 'MARK_PRICE' },
    })
    const r = g.beforeCommand(state(), remove('3000'), d.t)
    expect(r.allow).toBe(false)
    if (!r.allow) {
      expect(r.hit).toMatchObject({
        rule: 'stopRequired',
        details: { reason: 'beyondLiquidation', stopPrice: '16000' },
      })
      expect(Number(r.hit.details!.liquidationPrice)).toBeGreaterThan(16000)
    }
    expect(g.beforeCommand(state(), remove('1000'), d.t).allow).toBe(true)
    expect(g.beforeCommand(state(), { ...remove('3000'), action: 'ADD' }, d.t).allow).toBe(true)
  })

  it('blocks removing margin past the leverage cap', () => {
    const { g, state, d } = isolatedLong(profile({ maxLeverage: { on: true, cap: 4 } }))
    const r = g.beforeCommand(state(), remove('3000'), d.t)
    expect(r.allow).toBe(false)
    if (!r.allow) expect(r.hit.rule).toBe('maxLeverage')
  })
})
