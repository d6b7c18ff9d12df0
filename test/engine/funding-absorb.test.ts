/**
 * The funding fast path keeps the quiet-bar boxes (funding/absorb.ts `absorbFunding`, issue
 * 16) only while they fit the new buffer: after a settlement it accepts, every scope's exact
 * worst-case loss with the used symbols' marks at the very edges of their bounds (computed
 * from the doubles in BigInt) stays within its buffer, on random 1–3-symbol scopes and random
 * payments and receipts. At the boundary: a buffer that shrank to just above the edge loss /
 * (1 − FOLD_MARGIN) keeps the boxes, one just below it — or equal to the edge loss, where the
 * float loss may sit a few ulps below the exact one — folds them again (the margin removed, it
 * would keep them); a receipt keeps them; a payment past the buffer, a clamped isolated margin
 * or an unknown scope refuses.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { absorbFunding, edgeLoss } from '../../electron/engine/funding/absorb'
import type { FundingDelta } from '../../electron/engine/funding/funding'
import { FOLD_MARGIN, foldRisk } from '../../electron/engine/quiet-bounds'
import { REL } from '../../electron/engine/risk/approx'
import { openBounds, type Thresholds } from '../../electron/engine/thresholds'
import { excess, scopeOf, symbolsAt } from './exact-loss'

const cross = (delta: number, clamped = false): FundingDelta[] => [{ key: 'CROSS', delta, clamped }]

/** A folded one-scope threshold set (one symbol: long 1 at ref 100, max MMR 1 %). */
function folded(buffer: number, mark = 100) {
  const b = scopeOf({ refs: [100], long: [1], short: [0], mmr: 0.01, buffer })
  const th: Thresholds = {
    syms: [openBounds()],
    risk: [b],
    validUntil: Infinity,
    ordersStale: false,
  }
  const symbols = symbolsAt([mark])
  expect(foldRisk(th, symbols)).toBe(true)
  return { th, b, symbols }
}

/** The buffer change absorbFunding books for a wallet change d. */
const booked = (d: number) => d - Math.abs(d) * REL - 1e-6

describe('absorbFunding', () => {
  it('keeps every scope’s exact loss at the edges of its bounds within its buffer', () => {
    let kept = 0
    let refolded = 0
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }).chain((n) =>
          fc.record({
            refs: fc.array(fc.double({ min: 0.01, max: 1e5, noNaN: true }), {
              minLength: n,
              maxLength: n,
            }),
            drift: fc.array(fc.double({ min: -0.05, max: 0.05, noNaN: true }), {
              minLength: n,
              maxLength: n,
            }),
            long: fc.array(fc.double({ min: 0, max: 50, noNaN: true }), {
              minLength: n,
              maxLength: n,
            }),
            short: fc.array(fc.double({ min: 0, max: 50, noNaN: true }), {
              minLength: n,
              maxLength: n,
            }),
            mmr: fc.double({ min: 0.004, max: 0.6, noNaN: true }),
            buffer: fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
            // the payment as a share of the room between the edge loss and the buffer
            share: fc.double({ min: -1, max: 1.5, noNaN: true }),
          }),
        ),
        (x) => {
          const b = scopeOf(x)
          const th: Thresholds = {
            syms: x.refs.map(() => openBounds()),
            risk: [b],
            validUntil: Infinity,
            ordersStale: false,
          }
          const marks = x.refs.map((r, i) => r * (1 + x.drift[i]!))
          const symbols = symbolsAt(marks)
          if (!foldRisk(th, symbols)) return
          const before = th.syms.map((s) => [s.riskDown, s.riskUp])
          const room = b.buffer - edgeLoss(b, th.syms)
          if (!absorbFunding(th, cross(-x.share * room), symbols)) return
          const after = th.syms.map((s) => [s.riskDown, s.riskUp])
          if (JSON.stringify(after) === JSON.stringify(before)) kept++
          else refolded++
          const lo = th.syms.map((s) => s.riskDown)
          const hi = th.syms.map((s) => s.riskUp)
          expect(excess(b, lo, hi) <= 0n).toBe(true)
          marks.forEach((m, i) => expect(m > lo[i]! && m < hi[i]!).toBe(true))
        },
      ),
      { numRuns: 3000, seed: 16 },
    )
    expect(kept).toBeGreaterThan(300)
    expect(refolded).toBeGreaterThan(300)
  })

  it('keeps the boxes above edge loss / (1 − FOLD_MARGIN) and folds them again at or below it', () => {
    for (const buffer of [5, 37.5, 81.25]) {
      // the bound of the new buffer, and a wallet change that lands the buffer on it
      const at = (target: (limit: number) => number) => {
        const { th, b, symbols } = folded(buffer)
        const limit = edgeLoss(b, th.syms) / (1 - FOLD_MARGIN)
        // the booked change is d(1 + REL) − 1e-6 for a payment d < 0: solve for the target
        const d = (target(limit) - b.buffer + 1e-6) / (1 + REL)
        const box = [th.syms[0]!.riskDown, th.syms[0]!.riskUp]
        const ok = absorbFunding(th, cross(d), symbols)
        const kept = th.syms[0]!.riskDown === box[0] && th.syms[0]!.riskUp === box[1]
        return { ok, kept, b, limit, th }
      }
      const above = at((l) => l * (1 + 1e-10))
      expect(above.ok && above.kept).toBe(true)
      expect(above.b.buffer).toBeGreaterThan(above.limit)
      const below = at((l) => l * (1 - 1e-10))
      expect(below.ok && !below.kept).toBe(true)
      expect(below.b.buffer).toBeLessThan(below.limit)
      // the buffer just above the float edge loss but inside the margin: folded again
      const edge = at((l) => l * (1 - FOLD_MARGIN / 2))
      expect(edge.ok && !edge.kept).toBe(true)
      // and right at it
      const at0 = at((l) => l * (1 - FOLD_MARGIN))
      expect(at0.ok && !at0.kept).toBe(true)
      for (const r of [above, below, edge, at0])
        expect(excess(r.b, [r.th.syms[0]!.riskDown], [r.th.syms[0]!.riskUp]) <= 0n).toBe(true)
    }
  })

  it('keeps the boxes on a receipt, refuses a payment past the buffer, a clamped margin or an unknown scope', () => {
    const r = folded(50)
    const riskDown = r.th.syms[0]!.riskDown
    expect(booked(2)).toBeGreaterThan(0)
    expect(absorbFunding(r.th, cross(2), r.symbols)).toBe(true)
    expect(r.th.syms[0]!.riskDown).toBe(riskDown)
    expect(absorbFunding(folded(50).th, cross(-60), r.symbols)).toBe(false)
    expect(absorbFunding(folded(50).th, cross(-1, true), r.symbols)).toBe(false)
    const unknown: FundingDelta[] = [{ key: 'ISO:BTCUSDT:BOTH', delta: 1, clamped: false }]
    expect(absorbFunding(folded(50).th, unknown, r.symbols)).toBe(false)
    // no position of the symbol: nothing settled, nothing to do
    expect(absorbFunding(folded(50).th, [], r.symbols)).toBe(true)
  })
})
