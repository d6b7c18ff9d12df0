/**
 * The command path's shortcuts (issue 16) give what the plain code gives:
 * - `parsed` (order-checks.ts) builds the very Decimal `new D(text)` builds (sign, exponent and
 *   digit words, so every later operation and string is the same), for plain digit texts of
 *   up to 15 significant digits (built from the integer) and any other text (parsed as it
 *   stands), and a text new D refuses still throws the same error, also when texts repeat
 *   (the last few are kept with their Decimals) in any order, kept or evicted;
 * - `openingQty` (accounting/available.ts) compares the order with the opposite position in
 *   floats when the gap is clear: the same opening part as the Decimal comparison, at, and a
 *   hair either side of, a size equal to the position's.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { openingQty } from '../../electron/engine/accounting/available'
import { makeCtx } from '../../electron/engine/context'
import { D, type Dec } from '../../electron/engine/decimal'
import { resolveSpec } from '../../electron/engine/instruments'
import { parsed } from '../../electron/engine/matching/order-checks'
import { initialState } from '../../electron/engine/state'
import { DEFAULT_ENGINE_SETTINGS } from '../../shared/trading/settings'
import { crossPositionState, limitOrderState } from './helpers'

const parts = (x: Dec) => ({ s: x.s, e: x.e, d: x.d, text: x.toFixed() })

const texts = fc.oneof(
  // prices and quantities as a desk or a script sends them
  fc
    .tuple(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 8 }))
    .map(([m, k]) => (m / 10 ** k).toFixed(k)),
  fc.double({ min: 1e-9, max: 1e12, noNaN: true }).map((n) => String(n)),
  // digit strings around the 15-significant-digit line, leading and trailing zeros
  fc
    .tuple(fc.stringMatching(/^[0-9]{0,18}$/), fc.option(fc.stringMatching(/^[0-9]{0,18}$/)))
    .map(([a, b]) => (b === null ? a : `${a}.${b}`)),
  fc.constantFrom(
    '0',
    '-0',
    '0.0',
    '1',
    '1.000',
    '0.002',
    '0.0020',
    '.5',
    '00012.5',
    '1e3',
    '1E-7',
    '-12.5',
    '123456789012345678901234567890.123456789',
    '0.1000000000000000055511151231257827',
    '9007199254740993',
    'Infinity',
    '-Infinity',
    'NaN',
  ),
)

/** What a parse gives: the Decimal's parts, or the error it throws. */
function outcome(parse: (t: string) => Dec, t: string): unknown {
  try {
    return parts(parse(t))
  } catch (e) {
    return String(e)
  }
}

describe('parsed: a command text as a Decimal', () => {
  it('is new D(text) digit word for digit word', () => {
    fc.assert(
      fc.property(texts, (t) => {
        expect(outcome(parsed, t)).toEqual(outcome((x) => new D(x), t))
      }),
      { numRuns: 3000 },
    )
  })

  it('throws where new D throws, and parses what it parses', () => {
    for (const t of [
      '',
      '.',
      '5.',
      ' 1',
      '1,5',
      'abc',
      '1..2',
      '0x10',
      '0b11',
      '1e',
      '+1',
      '1_000',
    ])
      expect(outcome(parsed, t)).toEqual(outcome((x) => new D(x), t))
  })
})

describe('parsed: repeated texts', () => {
  it('are new D(text) whether kept or evicted, and a refused text still throws', () => {
    const pool = ['0.010', '0.100', '58200.5', '1e3', '', '0.002', 'abc', '-12.5', '3000.15']
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: 60 }), (ts) => {
        for (const t of ts) expect(outcome(parsed, t), t).toEqual(outcome((x) => new D(x), t))
      }),
      { numRuns: 300 },
    )
  })
})

describe('openingQty: the part of an order that opens or extends a position', () => {
  it('equals the Decimal comparison with the opposite position, sizes equal or a hair apart', () => {
    const settings = DEFAULT_ENGINE_SETTINGS
    const s = initialState(['BTCUSDT'], settings)
    const ctx = makeCtx(s, new Map([['BTCUSDT', resolveSpec('BTCUSDT', settings)]]))
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }), // position size in 0.001
        fc.constantFrom(1 as const, -1 as const),
        fc.constantFrom('0', '0.001', '-0.001', '1e-30', '-1e-30', '1e-12', '-1e-12', '5'),
        (q, dir, off) => {
          const size = new D(q).div(1000)
          s.positions = [crossPositionState('BTCUSDT', dir, size, new D(60000))]
          const qty = size.plus(off)
          if (qty.lte(0)) return
          const o = limitOrderState('BTCUSDT', dir === 1 ? 'SELL' : 'BUY', qty, new D(60000), 1)
          const want = qty.gt(size) ? qty.minus(size) : new D(0)
          expect(openingQty(ctx, o, qty).toFixed()).toBe(want.toFixed())
          // the same side extends: all of it opens
          const same = { ...o, side: dir === 1 ? ('BUY' as const) : ('SELL' as const) }
          expect(openingQty(ctx, same, qty)).toBe(qty)
        },
      ),
      { numRuns: 2000 },
    )
  })
})
