/**
 * The bar path's float shortcut for "is this position's liquidation price inside the bar's
 * mark range?" (risk/approx.ts lpOutside, issue 16) never claims "outside" for an LP that the
 * exact solve (scope-prices.ts liquidationPriceNumOf) puts inside: random cross, isolated and
 * hedge books, ranges around the exact LP (touching it, 1e-15 beside it, wide) and around the
 * mark.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { D } from '../../electron/engine/decimal'
import { lpOutside } from '../../electron/engine/risk/approx'
import { liquidationPriceNumOf } from '../../electron/engine/risk/scope-prices'
import { initialState, type PositionState } from '../../electron/engine/state'
import { DEFAULT_ENGINE_SETTINGS } from '../../shared/trading/settings'
import { ctxAtMarks } from './helpers'

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT']

const position = fc.record({
  s: fc.integer({ min: 0, max: 2 }),
  dir: fc.constantFrom(1 as const, -1 as const),
  q: fc.integer({ min: 1, max: 3_000_000 }), // qty in 0.001
  ep: fc.integer({ min: 100, max: 10_000_000 }), // entry in 0.01
  iso: fc.boolean(),
  im: fc.integer({ min: 0, max: 50_000_000 }), // isolated margin in 0.01
})

describe('lpOutside agrees with the exact liquidation price', () => {
  it('random books and ranges at, beside and around the LP', () => {
    let claimed = 0
    let inside = 0
    fc.assert(
      fc.property(
        fc.array(position, { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 100, max: 10_000_000 }), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: -10_000_000, max: 100_000_000 }),
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        (ps, marks, w, width) => {
          const settings = { ...DEFAULT_ENGINE_SETTINGS, startingBalance: String(w / 100) }
          const s = initialState(SYMBOLS, settings)
          const seen = new Set<string>()
          for (const p of ps) {
            // one position per symbol and side; a long and a short of one symbol form a
            // cross hedge pair (hedge mode), which shares one LP
            const positionSide = p.iso ? 'BOTH' : p.dir === 1 ? 'LONG' : 'SHORT'
            const key = `${p.s}:${p.iso ? 'iso' : positionSide}`
            if (seen.has(key) || seen.has(`${p.s}:${p.iso ? 'cross' : 'iso'}`)) continue
            seen.add(key)
            seen.add(`${p.s}:${p.iso ? 'iso' : 'cross'}`)
            const pos: PositionState = {
              symbol: SYMBOLS[p.s]!,
              positionSide,
              dir: p.dir,
              qty: new D(p.q).div(1000),
              entry: new D(p.ep).div(100),
              isolatedMargin: p.iso ? new D(p.im).div(100) : new D(0),
              openFees: new D(0),
              funding: new D(0),
              realizedPnl: new D(0),
              marginType: p.iso ? 'ISOLATED' : 'CROSSED',
              openedAt: 0,
            }
            s.positions.push(pos)
          }
          const ctx = ctxAtMarks(s, marks)
          for (const p of s.positions) {
            const x = liquidationPriceNumOf(ctx, p)
            const m = marks[SYMBOLS.indexOf(p.symbol)]! / 100
            const ranges: [number, number][] = [
              [m * (1 - width), m * (1 + width)],
              [m, m],
            ]
            if (x > 0)
              ranges.push(
                [x, x],
                [x * (1 - width), x],
                [x, x * (1 + width)],
                [x * (1 + 1e-15), x * (1 + width + 1e-15)],
                [x * (1 - width) * (1 - 1e-15), x * (1 - 1e-15)],
                [x * (1 + 1e-9), x * 1.01],
                [x * 0.99, x * (1 - 1e-9)],
              )
            for (const [lo, hi] of ranges) {
              if (!(lo > 0 && lo <= hi)) continue
              const isIn = x >= lo && x <= hi
              if (isIn) inside++
              if (lpOutside(ctx, p, lo, hi)) {
                claimed++
                expect(isIn).toBe(false)
              }
            }
          }
        },
      ),
      { numRuns: 2000 },
    )
    // the shortcut is exercised both ways (not a vacuous pass)
    expect(claimed).toBeGreaterThan(1000)
    expect(inside).toBeGreaterThan(1000)
  })
})
