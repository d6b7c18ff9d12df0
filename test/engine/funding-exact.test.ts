/**
 * Exactness review of the funding shortcuts (docs/performance.md "Session 7, exactness
 * review"): funding/factor.ts `readFactor` against `new D(text)` on adversarial texts, and
 * funding.ts `settleFunding` (the amount on integers, `plusScaled`, the balances' integers kept
 * by identity in scaled-memo.ts) against the plain decimal.js computation it replaced, over
 * random sequences of settlements with huge and tiny sizes, marks and rates of up to 30
 * decimals, balances at and beside the 2^52 limit, Decimals shared between balances and
 * balances replaced between settlements.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { makeCtx } from '../../electron/engine/context'
import { D, type Dec } from '../../electron/engine/decimal'
import { readFactor } from '../../electron/engine/funding/factor'
import { settleFunding } from '../../electron/engine/funding/funding'
import { resolveSpec } from '../../electron/engine/instruments'
import { initialState, type EngineState, type PositionState } from '../../electron/engine/state'
import { DEFAULT_ENGINE_SETTINGS } from '../../shared/trading/settings'
import { anyText, moneyDec, positiveDec, shape, signedText } from './exact-gen'

/** decimal.js toFixed() as the events print a value (zero as '0'). */
const text = (x: Dec) => (x.isZero() ? '0' : x.toFixed())

/** What `new D(text)` does with the text: its Decimal, or the error it throws. */
function parse(t: string): { dec: Dec } | { error: string } {
  try {
    return { dec: new D(t) }
  } catch (e) {
    return { error: String(e) }
  }
}

describe('readFactor = new D(text) and toFixed()', () => {
  it('adversarial texts: plain in every spelling, exponents, signs, refused texts', () => {
    fc.assert(
      fc.property(anyText, (t) => {
        const ref = parse(t)
        if ('error' in ref) {
          expect(() => readFactor(t), t).toThrow()
          return
        }
        const f = readFactor(t)
        expect(shape(f.dec), t).toEqual(shape(ref.dec))
        expect(f.out, t).toBe(text(ref.dec))
        if (f.dp >= 0) expect(new D(f.m).div(new D(10).pow(f.dp)).eq(ref.dec), t).toBe(true)
      }),
      { seed: 7001, numRuns: 4000 },
    )
  })
})

/** The reference settlement of one position: −dir·Q·mark·rate, payments up, receipts down. */
function refAmount(qty: Dec, mark: Dec, rate: Dec, dir: 1 | -1): Dec | null {
  const x = qty.times(mark).times(rate).times(-dir)
  const a = x.isNeg() ? x.toDecimalPlaces(8, D.ROUND_UP) : x.toDecimalPlaces(8, D.ROUND_DOWN)
  return a.isZero() ? null : a
}

interface Book {
  wallet: Dec
  funding: Dec
  pos: { funding: Dec; iso: Dec }[]
}

const book = (s: EngineState): Book => ({
  wallet: s.wallet,
  funding: s.totals.funding,
  pos: s.positions.map((p) => ({ funding: p.funding, iso: p.isolatedMargin })),
})

function position(symbol: string, side: 'LONG' | 'SHORT', q: Dec, iso: Dec | null): PositionState {
  return {
    symbol,
    positionSide: side,
    dir: side === 'LONG' ? 1 : -1,
    qty: q,
    entry: new D(100),
    isolatedMargin: iso ?? new D(0),
    openFees: new D(0),
    funding: new D(0),
    realizedPnl: new D(0),
    marginType: iso ? 'ISOLATED' : 'CROSSED',
    openedAt: 0,
  }
}

const settlement = fc.record({
  rate: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('0.0001', '-0.0001', '0.00010000', '0.000375') },
    { weight: 4, arbitrary: signedText },
    { weight: 1, arbitrary: anyText },
  ),
  mark: fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom('60000', '60012.3', '60012.30', '0.00001234') },
    { weight: 4, arbitrary: signedText.map((t) => t.replace('-', '')) },
    { weight: 1, arbitrary: anyText },
  ),
  // between settlements: a balance replaced by another Decimal, or one Decimal shared
  poke: fc.nat(7),
  with: moneyDec,
})

describe('settleFunding = the decimal.js settlement', () => {
  it('random sequences: amounts, events and every balance', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(positiveDec, fc.option(moneyDec, { freq: 2 })), {
          minLength: 1,
          maxLength: 3,
        }),
        moneyDec,
        fc.array(settlement, { minLength: 1, maxLength: 12 }),
        (sizes, wallet0, runs) => {
          const settings = { ...DEFAULT_ENGINE_SETTINGS, hedgeMode: true }
          const s = initialState(['BTCUSDT'], settings)
          s.wallet = wallet0
          sizes.forEach(([q, iso], i) =>
            s.positions.push(position('BTCUSDT', i % 2 ? 'SHORT' : 'LONG', q, iso)),
          )
          const ctx = makeCtx(s, new Map([['BTCUSDT', resolveSpec('BTCUSDT', settings)]]))
          for (const r of runs) {
            const before = book(s)
            const rate = parse(r.rate)
            const mark = parse(r.mark)
            ctx.out = []
            if ('error' in rate || 'error' in mark) {
              expect(() => settleFunding(ctx, 'BTCUSDT', r.rate, r.mark, 'recorded')).toThrow()
              continue
            }
            const deltas = settleFunding(ctx, 'BTCUSDT', r.rate, r.mark, 'recorded')
            let wallet = before.wallet
            let total = before.funding
            let k = 0
            s.positions.forEach((p, i) => {
              const a = refAmount(p.qty, mark.dec, rate.dec, p.dir)
              const was = before.pos[i]!
              if (a === null) {
                expect(p.funding).toBe(was.funding)
                return
              }
              wallet = wallet.plus(a)
              total = total.plus(a)
              const ev = ctx.out[k++] as unknown as Record<string, string>
              const at = `${r.rate}·${r.mark}·${p.qty.toFixed()}`
              expect(ev.amount, at).toBe(text(a))
              expect(ev.rate, at).toBe(text(rate.dec))
              expect(ev.markPrice, at).toBe(text(mark.dec))
              expect(shape(p.funding), at).toEqual(shape(was.funding.plus(a)))
              const iso = p.marginType === 'ISOLATED' ? was.iso.plus(a) : was.iso
              expect(shape(p.isolatedMargin), at).toEqual(shape(iso))
              const d = deltas[k - 1]!.delta
              expect(Math.abs(d - a.toNumber()) <= 1e-14 * Math.abs(a.toNumber()), at).toBe(true)
            })
            expect(ctx.out.length).toBe(k)
            expect(shape(s.wallet)).toEqual(shape(wallet))
            expect(shape(s.totals.funding)).toEqual(shape(total))
            // another path changes a balance, or two balances share one Decimal
            const p0 = s.positions[0]!
            if (r.poke === 0) s.wallet = r.with
            else if (r.poke === 1) p0.funding = r.with
            else if (r.poke === 2) s.totals.funding = s.wallet
            else if (r.poke === 3 && p0.marginType === 'ISOLATED') p0.isolatedMargin = s.wallet
            else if (r.poke === 4) p0.qty = r.with.abs().isZero() ? p0.qty : r.with.abs()
          }
        },
      ),
      { seed: 7002, numRuns: 300 },
    )
  })
})
