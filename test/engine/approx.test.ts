/**
 * The busy-path shortcuts (issue 16) decide exactly what the Decimal code decides:
 * - the liquidation-price solve (float pre-filter + memo) returns the exhaustive search's
 *   answer, byte for byte, on one-way, isolated and hedge-pair inputs, including pairs
 *   that are perfectly hedged and W that puts the LP near a bracket floor;
 * - a float comparison of margin balance and MM, when it claims to be decided, agrees
 *   with the Decimal comparison (crossMetrics) on random cross books;
 * - exceedsAvailable answers exactly like `amount.gt(availableBalance)`, also for amounts
 *   1e-8 either side of the available balance (resting limits on the book).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { D, type Dec, fromPrice } from '../../electron/engine/decimal'
import { BRACKET_TABLES, resolveSpec } from '../../electron/engine/instruments'
import { crossApprox, decided, numOf } from '../../electron/engine/risk/approx'
import {
  solveExhaustive,
  solveLiquidationPrice,
  type LpSide,
} from '../../electron/engine/risk/liquidation-price'
import { crossMetrics } from '../../electron/engine/risk/margin'
import { initialState, type OrderState } from '../../electron/engine/state'
import { availableBalance, exceedsAvailable } from '../../electron/engine/accounting/available'
import {
  aboveCap,
  costExceedsAvailable,
  crossesLast,
  lessThan,
  orderCost,
  outOfBand,
} from '../../electron/engine/matching/order-checks'
import { DEFAULT_ENGINE_SETTINGS } from '../../shared/trading/settings'
import { crossPositionState, ctxAtMarks, limitOrderState } from './helpers'

/** A price as placeOrder hands it to the checks: its double and (made on demand) its Decimal. */
const ref = (x: Dec) => ({ num: numOf(x), dec: () => x })

const TABLES = [BRACKET_TABLES.BTCUSDT_2026, BRACKET_TABLES.ETHUSDT_2024, BRACKET_TABLES.GENERIC]

const side = fc.record({
  dir: fc.constantFrom(1 as const, -1 as const),
  q: fc.integer({ min: 1, max: 5_000_000 }), // qty in 0.001
  ep: fc.integer({ min: 1, max: 20_000_000 }), // entry in 0.01
  t: fc.integer({ min: 0, max: TABLES.length - 1 }),
})

function mk(s: { dir: 1 | -1; q: number; ep: number; t: number }): LpSide {
  return {
    dir: s.dir,
    qty: new D(s.q).div(1000),
    entry: new D(s.ep).div(100),
    brackets: TABLES[s.t]!,
  }
}

describe('liquidation-price shortcuts = exhaustive search', () => {
  it('random one- and two-sided inputs', () => {
    fc.assert(
      fc.property(
        fc.array(side, { minLength: 1, maxLength: 2 }),
        fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }), // W in 0.01
        (sides, w) => {
          const W = new D(w).div(100)
          const ss = sides.map(mk)
          const a = solveLiquidationPrice(W, ss)
          const b = solveExhaustive(
            W,
            ss.filter((s) => s.qty.gt(0)),
          )
          expect(a?.toFixed() ?? null).toBe(b?.toFixed() ?? null)
          // and again from the memo
          expect(solveLiquidationPrice(W, ss)?.toFixed() ?? null).toBe(b?.toFixed() ?? null)
        },
      ),
      { numRuns: 600 },
    )
  })

  it('perfect hedges and LPs placed on bracket floors', () => {
    fc.assert(
      fc.property(
        side,
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: -5, max: 5 }),
        (s, k, nudge) => {
          const one = mk({ ...s, dir: 1 })
          const table = one.brackets
          const b = table[Math.min(k, table.length - 1)]!
          // W that puts the long's LP exactly at this floor (± a few 1e-8): MB = MM there
          const lp = b.floor.div(one.qty)
          const mm = b.floor.times(b.mmr).minus(b.cum)
          const W = mm.minus(lp.minus(one.entry).times(one.qty)).plus(new D(nudge).div(1e8))
          for (const ss of [[one], [one, { ...one, dir: -1 as const }]]) {
            const a = solveLiquidationPrice(W, ss)
            const e = solveExhaustive(W, ss)
            expect(a?.toFixed() ?? null).toBe(e?.toFixed() ?? null)
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})

/** A resting limit of symbol: size (1 + i) / 7 to the lot, price to the cent. */
function limitOrder(
  symbol: string,
  side: 'BUY' | 'SELL',
  price: InstanceType<typeof D>,
  i: number,
): OrderState {
  const qty = new D(1 + i).div(7).toDecimalPlaces(3)
  return limitOrderState(symbol, side, qty, price.toDecimalPlaces(2), i)
}

describe('float margin comparisons agree with Decimal when decided', () => {
  it('random cross books', () => {
    const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT']
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            s: fc.integer({ min: 0, max: 2 }),
            dir: fc.constantFrom(1 as const, -1 as const),
            q: fc.integer({ min: 1, max: 3_000_000 }),
            ep: fc.integer({ min: 100, max: 10_000_000 }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        fc.array(fc.integer({ min: 100, max: 10_000_000 }), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: -100_000_000, max: 100_000_000 }),
        (ps, marks, w) => {
          const settings = { ...DEFAULT_ENGINE_SETTINGS, startingBalance: String(w / 100) }
          const s = initialState(symbols, settings)
          const seen = new Set<number>()
          for (const p of ps) {
            if (seen.has(p.s)) continue
            seen.add(p.s)
            s.positions.push(
              crossPositionState(symbols[p.s]!, p.dir, new D(p.q).div(1000), new D(p.ep).div(100)),
            )
          }
          const ctx = ctxAtMarks(s, marks)
          const exact = crossMetrics(ctx)
          const a = crossApprox(ctx)
          const side = decided(a.marginBalance, a.mm, a.scale)
          if (side !== 0) expect(side).toBe(exact.marginBalance.comparedTo(exact.mm))
          const z = decided(a.marginBalance, 0, a.scale)
          if (z !== 0) expect(z).toBe(exact.marginBalance.comparedTo(0))
          // resting limits on every symbol, then amounts around the exact available balance
          s.symbols.forEach((x, i) => {
            const px = new D(marks[i]!).div(100)
            s.orders.push(limitOrder(x.symbol, i % 2 ? 'SELL' : 'BUY', px, i))
          })
          const avail = availableBalance(ctx)
          for (const amt of [
            avail,
            avail.plus('1e-8'),
            avail.minus('1e-8'),
            avail.times(2).abs(),
            new D(0),
          ])
            expect(exceedsAvailable(ctx, amt)).toBe(amt.gt(avail))
          // the order cost at placement (floats, exact when close) = orderCost's cost > available
          for (const px of [avail, avail.plus('1e-8'), avail.minus('1e-8'), avail.div(3)]) {
            if (px.lte(0)) continue
            for (const [side, mark] of [
              ['BUY', px.plus(1)],
              ['BUY', px.minus('0.5')],
              ['SELL', px.plus('1e-8')],
              ['SELL', px.minus(1)],
            ] as const) {
              const want = orderCost(side, new D(1), px, mark, 1).cost.gt(avail)
              expect(costExceedsAvailable(ctx, side, new D(1), px, ref(mark), 1)).toBe(want)
            }
          }
        },
      ),
      { numRuns: 1500 },
    )
  })
})

describe('pre-trade comparisons in floats = Decimal (order-checks.ts)', () => {
  const spec = resolveSpec('BTCUSDT', DEFAULT_ENGINE_SETTINGS)
  const near = (x: InstanceType<typeof D>) => [x, x.plus('1e-8'), x.minus('1e-8'), x.times(2)]
  it('band, min notional and cap at and around their boundaries', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20_000_000 }), // mark in 0.01
        fc.integer({ min: 1, max: 5_000_000 }), // qty in 0.001
        fc.integer({ min: 0, max: 1_000_000 }), // resting in 0.01
        (m, q, r) => {
          const mark = new D(m).div(100)
          const qty = new D(q).div(1000)
          const resting = new D(r).div(100)
          for (const side of ['BUY', 'SELL'] as const) {
            const band = mark.times(side === 'BUY' ? spec.percentUp : spec.percentDown)
            for (const px of near(band)) {
              if (px.lte(0)) continue
              const want = side === 'BUY' ? px.gt(band) : px.lt(band)
              expect(outOfBand(side, px, ref(mark), spec)).toBe(want)
            }
          }
          for (const min of near(qty.times(mark)))
            expect(lessThan(qty, mark, min)).toBe(qty.times(mark).lt(min))
          // the size split into a held position and the order's opening part, either way
          const held = qty
            .times(r % 7)
            .div(7)
            .toDecimalPlaces(3, D.ROUND_DOWN)
          const open = qty.minus(held)
          for (const cap of near(qty.times(mark).plus(resting))) {
            const want = qty.times(mark).plus(resting).gt(cap)
            expect(aboveCap(held, open, mark, resting, cap)).toBe(want)
            expect(aboveCap(open, held, mark, resting, cap)).toBe(want)
            expect(aboveCap(qty, new D(0), mark, resting, cap)).toBe(want)
          }
        },
      ),
      { numRuns: 1500 },
    )
  })

  it('marketable limit (last vs the limit price) at, and a hair either side of, equality', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2_000_000_000 }), // last in 1e-4 (a bar price)
        fc.constantFrom('0', '1e-8', '-1e-8', '0.0001', '-0.0001', '1e-30', '-1e-30'),
        (n, off) => {
          const num = n / 10_000
          const last = { num, dec: () => fromPrice(num) }
          const px = fromPrice(num).plus(off)
          if (px.lte(0)) return
          expect(crossesLast('BUY', px, last)).toBe(fromPrice(num).lte(px))
          expect(crossesLast('SELL', px, last)).toBe(fromPrice(num).gte(px))
        },
      ),
      { numRuns: 1500 },
    )
  })
})
