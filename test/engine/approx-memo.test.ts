/**
 * crossApprox answers from what it read last time when the state and marks it reads are the
 * same objects (risk/approx.ts CrossMemo; issue 16: ~10 asks per Decimal-path bar). These
 * properties walk random sequences of the changes the engine makes (wallet, size, entry, side,
 * margin type, isolated margin, marks, the next input, positions opened and closed, time across the bracket
 * table switch) and ask after each, with and without a left-out symbol, sometimes twice; every
 * answer must be the very numbers of the formula computed afresh from the state (`model`).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  brackets,
  makeCtx,
  markApprox,
  resetCtx,
  setMarkNum,
  type Ctx,
} from '../../electron/engine/context'
import { D } from '../../electron/engine/decimal'
import { BRACKETS_2026_FROM, resolveSpec } from '../../electron/engine/instruments'
import { crossApprox, mmApprox, numOf } from '../../electron/engine/risk/approx'
import { initialState, type EngineState, type PositionState } from '../../electron/engine/state'
import { DEFAULT_ENGINE_SETTINGS } from '../../shared/trading/settings'
import { crossPositionState } from './helpers'

const SYMBOLS = ['BTCUSDT', 'ETHUSDT']
const EXCEPT = [undefined, 'BTCUSDT', 'ETHUSDT'] as const

const op = fc.oneof(
  fc.record({ k: fc.constant('wallet' as const), v: fc.integer({ min: -1e9, max: 1e9 }) }),
  fc.record({
    k: fc.constantFrom('qty' as const, 'entry' as const, 'iso' as const),
    i: fc.nat(3),
    v: fc.integer({ min: 1, max: 2e9 }),
  }),
  fc.record({
    k: fc.constantFrom('flip' as const, 'type' as const, 'close' as const),
    i: fc.nat(3),
  }),
  fc.record({ k: fc.constant('mark' as const), j: fc.nat(1), v: fc.integer({ min: 1, max: 5e7 }) }),
  fc.record({ k: fc.constant('open' as const), j: fc.nat(1), v: fc.integer({ min: 1, max: 5e6 }) }),
  fc.record({ k: fc.constant('time' as const), v: fc.integer({ min: -2, max: 2 }) }),
  fc.record({ k: fc.constantFrom('same' as const, 'input' as const) }),
)
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never

function ctxOf(s: EngineState): Ctx {
  return makeCtx(s, new Map(s.symbols.map((x) => [x.symbol, resolveSpec(x.symbol, s.settings)])))
}

/** Applies one change the way the engine does: a new Decimal for every changed amount. */
function change(ctx: Ctx, x: Op, marks: number[]): void {
  const s = ctx.s
  const p: PositionState | undefined =
    'i' in x ? s.positions[x.i % Math.max(1, s.positions.length)] : undefined
  switch (x.k) {
    case 'wallet':
      s.wallet = s.wallet.plus(new D(x.v).div(100))
      return
    case 'qty':
      if (p) p.qty = new D(x.v).div(1e5)
      return
    case 'entry':
      if (p) p.entry = new D(x.v).div(1e4)
      return
    case 'iso':
      if (p) p.isolatedMargin = new D(x.v).div(1e3)
      return
    case 'flip':
      if (p) p.dir = p.dir === 1 ? -1 : 1
      return
    case 'type':
      if (p) p.marginType = p.marginType === 'CROSSED' ? 'ISOLATED' : 'CROSSED'
      return
    case 'close':
      if (p) s.positions.splice(s.positions.indexOf(p), 1)
      return
    case 'mark':
      marks[x.j] = x.v / 100
      setMarkNum(ctx, SYMBOLS[x.j]!, marks[x.j]!)
      return
    case 'open':
      s.positions.push(
        crossPositionState(
          SYMBOLS[x.j]!,
          x.v % 2 ? 1 : -1,
          new D(x.v).div(1e4),
          new D(marks[x.j]!),
        ),
      )
      return
    case 'time':
      // around the bracket table switch (the same state, another table)
      s.t = BRACKETS_2026_FROM + x.v
      return
    case 'input':
      // the next input: path marks forgotten, the state's bar closes read again
      resetCtx(ctx)
      return
    case 'same':
  }
}

/** The formula of crossApprox, computed afresh from the state in the same order. */
function model(ctx: Ctx, except: string | undefined) {
  const w = numOf(ctx.s.wallet)
  let marginBalance = w
  let mm = 0
  let scale = Math.abs(w) + 1
  for (const p of ctx.s.positions) {
    if (p.marginType === 'ISOLATED') {
      const iso = numOf(p.isolatedMargin)
      marginBalance -= iso
      scale += Math.abs(iso)
    } else if (p.symbol !== except) {
      const m = markApprox(ctx, p.symbol)
      const q = numOf(p.qty)
      const e = numOf(p.entry)
      const n = q * m
      marginBalance += (m - e) * q * p.dir
      mm += mmApprox(brackets(ctx, p.symbol), n)
      scale += 2 * Math.abs(n) + Math.abs(q * e)
    }
  }
  return { marginBalance, mm, scale }
}

describe('crossApprox memo', () => {
  it('answers as a fresh computation after every change', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(op, fc.nat(2), fc.boolean()), { minLength: 1, maxLength: 40 }),
        (steps) => {
          const s = initialState(SYMBOLS, { ...DEFAULT_ENGINE_SETTINGS, startingBalance: '50000' })
          s.t = BRACKETS_2026_FROM - 1
          const marks = [60000, 3000]
          s.symbols.forEach((x, i) => {
            x.mark = { o: marks[i]!, h: marks[i]!, l: marks[i]!, c: marks[i]! }
          })
          s.positions.push(crossPositionState('BTCUSDT', 1, new D('2.5'), new D('59000')))
          const ctx = ctxOf(s)
          for (const [x, e, twice] of steps) {
            change(ctx, x, marks)
            const except = EXCEPT[e]
            const want = model(ctx, except)
            expect({ ...crossApprox(ctx, except) }).toEqual(want)
            if (twice) expect({ ...crossApprox(ctx, except) }).toEqual(want)
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('reads the bracket table of the time asked for (the same state across the switch)', () => {
    const s = initialState(SYMBOLS, { ...DEFAULT_ENGINE_SETTINGS, startingBalance: '50000' })
    s.symbols[0]!.mark = { o: 60000, h: 60000, l: 60000, c: 60000 }
    s.positions.push(crossPositionState('BTCUSDT', 1, new D('40'), new D('60000')))
    const ctx = ctxOf(s)
    s.t = BRACKETS_2026_FROM - 1
    const before = crossApprox(ctx).mm
    s.t = BRACKETS_2026_FROM
    const after = crossApprox(ctx).mm
    // 2.4M notional: the two BTC tables charge it differently, so a stale table would show
    expect(after).not.toBe(before)
    expect(after).toBe(model(ctx, undefined).mm)
    s.t = BRACKETS_2026_FROM - 1
    expect(crossApprox(ctx).mm).toBe(before)
  })
})
