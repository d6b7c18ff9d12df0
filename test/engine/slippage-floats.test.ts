/**
 * The slipped price decided in doubles (matching/slip-floats.ts floatTicks, issue 16) is the
 * exact one: whenever the doubles decide a tick count it is the Decimal formula's
 * (slippage-reference.ts), and `slipped` answers the reference's price and slippage, on random
 * inputs (fixed seed) and on hand-built cases at and 1e-15 beside every boundary of the
 * formula: a price exactly on a tick (both branches of min(maxFraction, …), BUY and SELL), frac
 * exactly maxFraction, share exactly 1, range exactly minRange, the SELL floor at one tick.
 * The tie cases are sharp: without the margin the doubles round some of them to the wrong tick;
 * the switches (continuous, so a missed switch is covered by the tick margin) are asserted to
 * be left to the exact path at and beside them.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { makeCtx } from '../../electron/engine/context'
import { approxNum, D } from '../../electron/engine/decimal'
import { resolveSpec } from '../../electron/engine/instruments'
import { floatTicks } from '../../electron/engine/matching/slip-floats'
import { slipped } from '../../electron/engine/matching/slippage'
import { initialState } from '../../electron/engine/state'
import {
  DEFAULT_ENGINE_SETTINGS,
  DEFAULT_SLIPPAGE,
  type SlippageParams,
} from '../../shared/trading/settings'
import { bars, reference, unrounded, type Bar } from './slippage-reference'

interface Case {
  bar: Bar | null
  params: SlippageParams
  tick: string
  ref: string
  qty: string
  side: 'BUY' | 'SELL'
}

const num = (x: string) => approxNum(new D(x))

/** The shortcut's tick count for a case (NaN: left to the exact path). */
function shortcut(c: Case, tol?: number): number {
  const p = c.params
  const floats = {
    halfSpread: num(p.halfSpread),
    impact: num(p.impact),
    minRange: num(p.minRange),
    maxFraction: num(p.maxFraction),
  }
  return floatTicks(floats, c.bar, num(c.tick), num(c.ref), num(c.qty), c.side === 'BUY', tol)
}

function want(c: Case): { price: string; slippage: string } {
  return reference(c.bar, c.params, new D(c.tick), new D(c.ref), new D(c.qty), c.side)
}

/** The exact tick count: the reference price over the tick. */
function exactTicks(c: Case): number {
  return new D(want(c).price).div(c.tick).toNumber()
}

/** `slipped` through an engine context with the case's tick, constants and bar. */
function engine(c: Case): { price: string; slippage: string } {
  const settings = {
    ...DEFAULT_ENGINE_SETTINGS,
    slippage: true,
    slippageParams: c.params,
    instruments: { BTCUSDT: { tickSize: c.tick } },
  }
  const s = initialState(['BTCUSDT'], settings)
  s.symbols[0]!.last = c.bar
  const ctx = makeCtx(s, new Map([['BTCUSDT', resolveSpec('BTCUSDT', settings)]]))
  const got = slipped(ctx, 'BTCUSDT', new D(c.ref), new D(c.qty), c.side)
  return { price: got.price.toFixed(), slippage: got.slippage.toFixed() }
}

/** Both the shortcut (when it decides) and `slipped` give the exact answer. */
function agrees(c: Case): boolean {
  const k = shortcut(c)
  if (!Number.isNaN(k)) expect({ c, k }).toEqual({ c, k: exactTicks(c) })
  expect({ c, got: engine(c) }).toEqual({ c, got: want(c) })
  return !Number.isNaN(k)
}

/** x·(1 + rel) exactly, as a decimal text. */
const beside = (x: string, rel: number): string => new D(x).times(new D(rel).plus(1)).toFixed()
const around = (x: string): string[] => [x, beside(x, 1e-15), beside(x, -1e-15)]

const SIDES = ['BUY', 'SELL'] as const
const TICKS = ['0.1', '0.01', '0.001', '0.00001', '0.0000001', '1']

/**
 * frac = 0.0001 + 0.5·√share·0.001 with a flat bar (range 0.0005 < minRange): share 0.25 makes
 * frac = 0.00035 = 7/20000, share 1 (no volume) frac = 0.0006 = 3/5000.
 */
const FLAT: Bar = { o: 1000, h: 1000.5, l: 1000, c: 1000, v: 0 }

/** Cases whose exact price lies on a tick: r·(1 ± frac)/tick an integer, and ±1e-15 beside. */
function tickTies(): Case[] {
  const out: Case[] = []
  for (const tick of TICKS)
    for (let n = 1; n <= 40; n++)
      for (const side of SIDES) {
        // frac = 0.00035 (share 0.25: volume 4 at close = ref, qty 1): y = r·(20000 ± 7)/20000/tick
        const r1 = new D(20000).times(tick).times(n).toFixed()
        for (const ref of around(r1))
          out.push({
            bar: { ...FLAT, c: Number(r1), v: 4 },
            params: DEFAULT_SLIPPAGE,
            tick,
            ref,
            qty: '1',
            side,
          })
        // frac = maxFraction = 0.05 (wide bar, share 1): y = r·(1 ± 1/20)/tick
        const r2 = new D(20).times(tick).times(n).toFixed()
        for (const ref of around(r2))
          out.push({
            bar: { o: 100, h: 150, l: 90, c: 100, v: 0 },
            params: DEFAULT_SLIPPAGE,
            tick,
            ref,
            qty: '3',
            side,
          })
      }
  return out
}

describe('slippage in doubles = the exact formula', () => {
  it('random bars, sizes, prices, ticks and constants', () => {
    let decided = 0
    let plainFills = 0
    const price = fc
      .tuple(fc.integer({ min: 1, max: 99_999_999 }), fc.integer({ min: 0, max: 7 }))
      .map(([m, dp]) => m / 10 ** dp)
    fc.assert(
      fc.property(
        bars(price, 100_000),
        fc.boolean(),
        fc.integer({ min: 1, max: 99_999_999 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.constantFrom(...SIDES),
        fc.constantFrom(...TICKS),
        fc.record({
          halfSpread: fc.constantFrom('0.0001', '0', '0.00037'),
          impact: fc.constantFrom('0.5', '1', '0.3333333', '0'),
          minRange: fc.constantFrom('0.001', '0', '0.0123'),
          maxFraction: fc.constantFrom('0.05', '0.5', '0.0003', '1.5'),
        }),
        (bar, hasBar, rm, rdp, q, side, tick, params) => {
          const c: Case = {
            bar: hasBar ? bar : null,
            params,
            tick,
            ref: new D(rm).div(10 ** rdp).toFixed(),
            qty: new D(q).div(1000).toFixed(),
            side,
          }
          const ok = agrees(c)
          // the share it decides of the plain fills (a bar, a minimum range, 10 to 10^7
          // ticks) whose exact price is not on a tick (those must go exact)
          const W = rm / 10 ** rdp / Number(tick)
          const y = unrounded(c.bar, params, new D(c.ref), new D(c.qty), side).div(tick)
          if (hasBar && params.minRange !== '0' && W >= 10 && W <= 1e7 && !y.isInteger()) {
            plainFills++
            if (ok) decided++
          }
        },
      ),
      { numRuns: 8000 },
    )
    // a derived share, not a timing
    expect(decided / plainFills).toBeGreaterThan(0.99)
  })

  it('a price exactly on a tick, and 1e-15 beside: both branches, BUY and SELL', () => {
    const cases = tickTies()
    for (const c of cases) agrees(c)
    // sharp: without the margin the doubles round some of these to the wrong tick
    const wrong = cases.filter((c) => {
      const k = shortcut(c, 0)
      return !Number.isNaN(k) && k !== exactTicks(c)
    })
    expect(wrong.length).toBeGreaterThan(0)
  })

  it('frac exactly maxFraction, share exactly 1, range exactly minRange: left to the exact path at and beside', () => {
    const cases: Case[] = []
    for (const side of SIDES)
      for (const tick of TICKS) {
        // frac = 0.0001 + 0.5·1·0.001 = 0.0006 (no volume, flat bar) against maxFraction 0.0006
        for (const maxFraction of around('0.0006'))
          cases.push({
            bar: FLAT,
            params: { ...DEFAULT_SLIPPAGE, maxFraction },
            tick,
            ref: '1234.5',
            qty: '2',
            side,
          })
        // share = qty·ref / (v·c) = 1: qty 5, volume 5 at close = ref
        for (const qty of around('5'))
          cases.push({
            bar: { ...FLAT, c: 1234.5, v: 5 },
            params: DEFAULT_SLIPPAGE,
            tick,
            ref: '1234.5',
            qty,
            side,
          })
        // range = (1001 − 1000)/1000 = 0.001 against minRange 0.001
        for (const minRange of around('0.001'))
          cases.push({
            bar: { o: 1000, h: 1001, l: 1000, c: 1000, v: 0 },
            params: { ...DEFAULT_SLIPPAGE, minRange },
            tick,
            ref: '987.6',
            qty: '1',
            side,
          })
      }
    for (const c of cases) {
      agrees(c)
      expect({ c, k: shortcut(c) }).toEqual({ c, k: NaN })
    }
  })

  it('the SELL floor at one tick: r·(1 − frac) at, beside, below and above one tick', () => {
    // frac = halfSpread exactly (impact 0): y = r·(1 − frac)/tick
    const floor = (halfSpread: string, maxFraction: string, ref: string): Case => ({
      bar: null,
      params: { halfSpread, impact: '0', minRange: '0.001', maxFraction },
      tick: '0.1',
      ref,
      qty: '1',
      side: 'SELL',
    })
    const cases: Case[] = []
    for (const ref of ['0.2', '0.4', '0.1', '0.3', '0.25', '1000', '1', '0.5', '1.5'])
      for (const r of around(ref)) {
        cases.push(floor('0.5', '0.9', r)) // y = 1, 2, 0.5, 1.5, 1.25
        cases.push(floor('0.8', '0.9', r)) // y = 2 at ref 1 (in doubles 1.9999999999999996)
        cases.push(floor('1', '2', r)) // y = 0: price 0 floored to one tick
        cases.push(floor('1.5', '2', r)) // y < 0
      }
    let decided = 0
    for (const c of cases) if (agrees(c)) decided++
    expect(decided).toBeGreaterThan(0)
    // y exactly 1 and 2: left to the exact path (two ticks, where ⌊ȳ⌋ would floor to one)
    expect(shortcut(floor('0.5', '0.9', '0.2'))).toBeNaN()
    expect(shortcut(floor('0.5', '0.9', '0.4'))).toBeNaN()
    expect(shortcut(floor('0.8', '0.9', '1'))).toBeNaN()
    expect(shortcut(floor('0.8', '0.9', '1'), 0)).toBe(1)
    expect(exactTicks(floor('0.8', '0.9', '1'))).toBe(2)
    // y = 0.5, 1.5, −0.5 (ref 0.1, 0.3): one tick
    expect(shortcut(floor('0.5', '0.9', '0.1'))).toBe(1)
    expect(shortcut(floor('0.5', '0.9', '0.3'))).toBe(1)
    expect(shortcut(floor('1.5', '2', '0.1'))).toBe(1)
  })

  it('out-of-range inputs and constants are left to the exact path', () => {
    const base: Case = {
      bar: { o: 100, h: 101, l: 99, c: 100, v: 5 },
      params: DEFAULT_SLIPPAGE,
      tick: '0.1',
      ref: '100.05',
      qty: '1',
      side: 'BUY',
    }
    expect(shortcut(base)).toBe(exactTicks(base))
    for (const bar of [
      { ...base.bar!, v: -1 },
      { ...base.bar!, c: Number.NaN },
      { ...base.bar!, v: 0, c: Infinity },
      { ...base.bar!, h: Infinity },
      { ...base.bar!, l: 0 },
      { ...base.bar!, v: 1e-200 },
    ])
      expect({ bar, k: shortcut({ ...base, bar }) }).toEqual({ bar, k: NaN })
    expect(shortcut({ ...base, qty: '0' })).toBeNaN()
    expect(shortcut({ ...base, ref: '1e-120' })).toBeNaN()
    expect(shortcut({ ...base, qty: '1e-40' })).toBeNaN() // share below 1e-30
  })
})
