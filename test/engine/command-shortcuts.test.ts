/**
 * The command path's shortcuts (issue 16) give what the plain code gives:
 * - `parsed` (place-order.ts) builds the very Decimal `new D(text)` builds (sign, exponent and
 *   digit words, so every later operation and string is the same), for plain digit texts of
 *   up to 15 significant digits (built from the integer) and any other text (parsed as it
 *   stands), and a text new D refuses still throws the same error.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { D, type Dec } from '../../electron/engine/decimal'
import { parsed } from '../../electron/engine/matching/place-order'

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
