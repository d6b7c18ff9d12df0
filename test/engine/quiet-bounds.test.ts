/**
 * The risk scopes' bounds folded into the symbols' mark bounds (quiet-bounds.ts, issue 16:
 * quiet() without the per-step loss sum):
 * - on random scopes (1–3 symbols, long, short and hedged slopes, marks off their references,
 *   buffers from tight to wide) every scope's worst-case loss with every used symbol's mark range
 *   at the very edges of its bounds, computed exactly from the doubles, stays at or below the
 *   buffer (quiet() accepts only ranges strictly inside, so its loss is below); the current
 *   marks lie strictly inside. Without the fold's margin (FOLD_MARGIN and the t shrink) some of
 *   these edges cost more than the buffer;
 * - a scope whose buffer is not positive, or whose current marks already cost it, gives no
 *   bounds: every symbol `always`;
 * - on the engine: a mark that drifts out of its box on quiet bars stays on the fast path (the
 *   loss sum decides, then the boxes are centred again), a gap symbol's drift still counts, and
 *   the event logs equal the full path's.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { boxLoss, foldRisk } from '../../electron/engine/quiet-bounds'
import { openBounds, type RiskBound, type Thresholds } from '../../electron/engine/thresholds'
import { engineStats } from '../../electron/engine'
import { excess, scopeOf, symbolsAt } from './exact-loss'
import { engine, flat, MIN, noFeesFor, order, step, T0 } from './helpers'

const scopeArb = (n: number) =>
  fc.record({
    refs: fc.array(fc.double({ min: 0.01, max: 1e5, noNaN: true }), { minLength: n, maxLength: n }),
    drift: fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), {
      minLength: n,
      maxLength: n,
    }),
    long: fc.array(fc.double({ min: 0, max: 50, noNaN: true }), { minLength: n, maxLength: n }),
    short: fc.array(fc.double({ min: 0, max: 50, noNaN: true }), { minLength: n, maxLength: n }),
    mmr: fc.double({ min: 0.004, max: 0.6, noNaN: true }),
    buffer: fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
  })

describe('foldRisk', () => {
  it('keeps every scope’s exact worst-case loss at the edges of its bounds within the buffer', () => {
    let folded = 0
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 3 })
          .chain((n) => fc.array(scopeArb(n), { minLength: 1, maxLength: 3 })),
        (scopes) => {
          const n = scopes[0]!.refs.length
          const marks = scopes[0]!.refs.map((r, i) => r * (1 + scopes[0]!.drift[i]!))
          const th: Thresholds = {
            syms: marks.map(() => openBounds()),
            risk: scopes.map((x) =>
              scopeOf({ ...x, refs: x.refs.map((_, i) => scopes[0]!.refs[i]!) }),
            ),
            validUntil: Infinity,
            ordersStale: false,
          }
          const symbols = symbolsAt(marks)
          const ok = foldRisk(th, symbols)
          if (!ok) {
            expect(th.syms.every((x) => x.always)).toBe(true)
            return
          }
          folded++
          const lo = th.syms.map((x) => x.riskDown)
          const hi = th.syms.map((x) => x.riskUp)
          for (let i = 0; i < n; i++) {
            expect(marks[i]! > lo[i]! && marks[i]! < hi[i]!).toBe(true)
            expect(th.syms[i]!.markDown).toBe(lo[i])
            expect(th.syms[i]!.markUp).toBe(hi[i])
          }
          for (const b of th.risk) expect(excess(b, lo, hi) <= 0n).toBe(true)
        },
      ),
      { numRuns: 3000, seed: 16 },
    )
    expect(folded).toBeGreaterThan(1000)
  })

  it('keeps the exact loss within the buffer on 20,000 one-symbol scopes (their edges land within ulps of it)', () => {
    // mulberry32, fixed seed: without the fold's margin about 1 in 1,500 of these edges costs
    // more than the buffer
    let a = 16
    const rnd = () => {
      a = (a + 0x6d2b79f5) >>> 0
      let t = a
      t = Math.imul(t ^ (t >>> 15), t | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
    let folded = 0
    for (let k = 0; k < 20_000; k++) {
      const ref = 100 * (1 + rnd())
      const c = ref * (1 + (rnd() - 0.5) * 0.2)
      const b: RiskBound = {
        key: 'CROSS',
        buffer: 1 + 100 * rnd(),
        ref: [ref],
        down: [3 * rnd()],
        up: [rnd()],
        used: [0],
      }
      const th: Thresholds = {
        syms: [openBounds()],
        risk: [b],
        validUntil: Infinity,
        ordersStale: false,
      }
      if (!foldRisk(th, symbolsAt([c]))) continue
      folded++
      expect(excess(b, [th.syms[0]!.riskDown], [th.syms[0]!.riskUp]) <= 0n).toBe(true)
    }
    expect(folded).toBeGreaterThan(15_000)
  })

  it('gives no bounds when a buffer is not positive or the current marks already cost it', () => {
    for (const buffer of [0, -1, Number.NaN]) {
      const th: Thresholds = {
        syms: [openBounds()],
        risk: [scopeOf({ refs: [100], long: [1], short: [0], mmr: 0.01, buffer })],
        validUntil: Infinity,
        ordersStale: false,
      }
      expect(foldRisk(th, symbolsAt([100]))).toBe(false)
      expect(th.syms[0]!.always).toBe(true)
    }
    // a long 1 @ ref 100 with buffer 5: a mark at 95 costs 5.05 (slope 1.01) — no box
    const b = scopeOf({ refs: [100], long: [1], short: [0], mmr: 0.01, buffer: 5 })
    const th: Thresholds = {
      syms: [openBounds()],
      risk: [b],
      validUntil: Infinity,
      ordersStale: false,
    }
    expect(foldRisk(th, symbolsAt([95]))).toBe(false)
    // at 96 there is room left (cost 4.04): a box around 96
    const th2: Thresholds = {
      syms: [openBounds()],
      risk: [b],
      validUntil: Infinity,
      ordersStale: false,
    }
    expect(foldRisk(th2, symbolsAt([96]))).toBe(true)
    expect(th2.syms[0]!.riskDown).toBeLessThan(96)
    expect(boxLoss(b, symbolsAt([96]), 1 - th2.syms[0]!.riskDown / 96)).toBeLessThan(5)
  })

  it('combines the orders’ mark levels with the risk bounds', () => {
    const th: Thresholds = {
      syms: [{ ...openBounds(), orderMarkUp: 101, orderMarkDown: 99.5 }],
      risk: [scopeOf({ refs: [100], long: [1], short: [0], mmr: 0.01, buffer: 50 })],
      validUntil: Infinity,
      ordersStale: false,
    }
    expect(foldRisk(th, symbolsAt([100]))).toBe(true)
    expect(th.syms[0]!.markUp).toBe(101)
    expect(th.syms[0]!.markDown).toBe(99.5)
    expect(th.syms[0]!.riskDown).toBeLessThan(99.5)
  })
})

describe('quiet() with folded bounds', () => {
  it('keeps a mark that drifts out of its box on the fast path, as the loss sum did, and matches the full path (gaps included)', () => {
    const symbols = ['BTCUSDT', 'ETHUSDT']
    const settings = { ...noFeesFor(...symbols), startingBalance: '2000' }
    const run = (fastPath: boolean) => {
      const eng = engine(settings, symbols, fastPath)
      let t = T0 + MIN
      const log = [
        ...eng.apply(
          step(t, [
            ['BTCUSDT', flat('20000')],
            ['ETHUSDT', flat('1500')],
          ]),
        ),
        ...eng.apply({
          kind: 'command',
          t,
          command: { kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 10 },
        }),
        ...eng.apply({
          kind: 'command',
          t,
          command: order({ side: 'BUY', type: 'MARKET', quantity: '0.5' }),
        }),
        ...eng.apply({
          kind: 'command',
          t,
          command: order({ symbol: 'ETHUSDT', side: 'SELL', type: 'MARKET', quantity: '2' }),
        }),
      ]
      const slow0 = engineStats(eng).slowBarInputs
      // BTC up 30 % and back down 25 % in 0.1 % steps, ETH present every third step only
      let p = 20000
      for (let k = 0; k < 600; k++) {
        t += MIN
        p = Math.round(k < 300 ? p * 1.001 : p / 1.001)
        const bars: [string, ReturnType<typeof flat>][] = [['BTCUSDT', flat(String(p))]]
        if (k % 3 === 0) bars.push(['ETHUSDT', flat(String(1500 + (k % 7)))])
        log.push(...eng.apply(step(t, bars)))
      }
      return { log, slow: engineStats(eng).slowBarInputs - slow0 }
    }
    const fast = run(true)
    const full = run(false)
    expect(fast.log).toEqual(full.log)
    expect(full.slow).toBe(600)
    expect(fast.slow).toBe(0) // every drift out of a box was decided on the fast path
  })
})
