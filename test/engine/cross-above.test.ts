/**
 * crossAbove (risk/cross-approx.ts; issue 16) answers "is the cross margin balance above
 * MM / r?" from the last cross answer when only marks moved since. Whenever it says yes, the
 * exact Decimal metrics agree (MB·r > MM): random cross books (hedge pairs included), r at the
 * liquidation line (1) and at margin-call ratios, marks moved to each position's exact
 * liquidation price, 1e-15 beside it, near and far; and after changes other than marks (size,
 * entry, side, wallet, margin type) made without a new cross answer, which it must notice.
 * The second test puts the mark AT the liquidation price and 1e-15 beside it, where only the
 * margins (marginBuffer's error bound, REL) keep it from claiming yes.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { markApprox, setMarkNum, type Ctx } from '../../electron/engine/context'
import { D, type Dec } from '../../electron/engine/decimal'
import { crossAbove, crossApprox } from '../../electron/engine/risk/approx'
import { crossMetrics } from '../../electron/engine/risk/margin'
import { liquidationPriceNumOf } from '../../electron/engine/risk/scope-prices'
import { initialState } from '../../electron/engine/state'
import { DEFAULT_ENGINE_SETTINGS } from '../../shared/trading/settings'
import { crossPositionState, ctxAtMarks } from './helpers'

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT']
const RATIOS = ['1', '0.8', '0.5', '1.2']

const position = fc.record({
  s: fc.integer({ min: 0, max: 2 }),
  dir: fc.constantFrom(1 as const, -1 as const),
  q: fc.integer({ min: 1, max: 3_000_000 }), // qty in 0.001
  ep: fc.integer({ min: 100, max: 10_000_000 }), // entry in 0.01
})

function book(ps: { s: number; dir: 1 | -1; q: number; ep: number }[], w: number, marks: number[]) {
  const s = initialState(SYMBOLS, {
    ...DEFAULT_ENGINE_SETTINGS,
    startingBalance: String(w / 100),
  })
  const seen = new Set<string>()
  for (const p of ps) {
    // one position per symbol and side; a long and a short of one symbol form a hedge pair
    const positionSide = p.dir === 1 ? 'LONG' : 'SHORT'
    if (seen.has(`${p.s}:${positionSide}`)) continue
    seen.add(`${p.s}:${positionSide}`)
    const pos = crossPositionState(SYMBOLS[p.s]!, p.dir, new D(p.q).div(1000), new D(p.ep).div(100))
    s.positions.push({ ...pos, positionSide })
  }
  return ctxAtMarks(s, marks)
}

/** The exact answer: MB·r > MM (r > 0), from the Decimal cross metrics. */
function exactAbove(ctx: Ctx, r: Dec): boolean {
  const m = crossMetrics(ctx)
  return m.marginBalance.times(r).gt(m.mm)
}

describe('crossAbove agrees with the exact cross metrics', () => {
  it('random books, marks moved to, beside and around the liquidation prices', () => {
    let claimed = 0
    fc.assert(
      fc.property(
        fc.array(position, { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 100, max: 10_000_000 }), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: -10_000_000, max: 100_000_000 }),
        fc.array(
          fc.record({
            j: fc.nat(2),
            to: fc.constantFrom('lp', 'lp+', 'lp-', 'near', 'far'),
            f: fc.double({ min: -0.2, max: 0.2, noNaN: true }),
            r: fc.nat(RATIOS.length - 1),
            change: fc.constantFrom(
              'none',
              'none',
              'answer',
              'qty',
              'entry',
              'dir',
              'wallet',
              'iso',
            ),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        (ps, marks, w, moves) => {
          const ctx = book(ps, w, marks)
          crossApprox(ctx)
          for (const mv of moves) {
            const p = ctx.s.positions[mv.j % ctx.s.positions.length]!
            if (p.marginType === 'CROSSED') {
              const lp = liquidationPriceNumOf(ctx, p)
              const now = markApprox(ctx, p.symbol)
              const to =
                mv.to === 'far' || !(lp > 0)
                  ? now * (1 + mv.f)
                  : mv.to === 'lp'
                    ? lp
                    : mv.to === 'lp+'
                      ? lp * (1 + 1e-15)
                      : mv.to === 'lp-'
                        ? lp * (1 - 1e-15)
                        : lp * (1 + mv.f / 1000)
              if (to > 0) setMarkNum(ctx, p.symbol, to)
            }
            // a change other than a mark, with no new cross answer before the question
            if (mv.change === 'qty') p.qty = p.qty.times(7)
            else if (mv.change === 'entry') p.entry = p.entry.times(p.dir === 1 ? 3 : 0.3)
            else if (mv.change === 'dir') p.dir = p.dir === 1 ? -1 : 1
            else if (mv.change === 'wallet') ctx.s.wallet = ctx.s.wallet.minus(10_000_000)
            else if (mv.change === 'answer')
              crossApprox(ctx) // a new base for the next moves
            else if (mv.change === 'iso') {
              p.marginType = 'ISOLATED'
              p.isolatedMargin = ctx.s.wallet.abs().plus(1)
            }
            const r = RATIOS[mv.r]!
            if (crossAbove(ctx, Number(r))) {
              claimed++
              expect(exactAbove(ctx, new D(r))).toBe(true)
            }
          }
        },
      ),
      { numRuns: 2000 },
    )
    // the shortcut is taken, not only declined
    expect(claimed).toBeGreaterThan(200)
  })

  it('at the liquidation price and 1e-15 beside it, it claims only what is exactly so', () => {
    let checked = 0
    fc.assert(
      fc.property(
        position,
        fc.integer({ min: 100, max: 10_000_000 }),
        fc.integer({ min: 1, max: 100_000_000 }),
        (p, mark, w) => {
          const ctx = book([p], w, [mark, mark, mark])
          crossApprox(ctx)
          const pos = ctx.s.positions[0]!
          const lp = liquidationPriceNumOf(ctx, pos)
          if (!(lp > 0)) return
          for (const x of [lp, lp * (1 + 1e-15), lp * (1 - 1e-15), lp * (1 + 1e-12)]) {
            setMarkNum(ctx, pos.symbol, x)
            checked++
            if (crossAbove(ctx, 1)) expect(exactAbove(ctx, new D(1))).toBe(true)
          }
        },
      ),
      { numRuns: 3000 },
    )
    expect(checked).toBeGreaterThan(1000)
  })
})
