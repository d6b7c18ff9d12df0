/**
 * Adversarial decimal texts and Decimals for the exactness reviews (*-exact.test.ts): short and
 * long digit strings, runs of 0s and 9s, values at and beside 2^52 and 2^53 and 10^15 on every
 * scale, up to 30 decimals, huge and tiny magnitudes, signs, and the notations a text may take
 * (leading and trailing zeros, a lone point, '+', an exponent). Seeded by the callers.
 */
import fc from 'fast-check'
import { D, type Dec } from '../../electron/engine/decimal'

/** Integers where the double shortcuts change regime (2^50, 2^52, 2^53, 10^15, 10^16). */
const EDGES = [
  2 ** 50 - 1,
  2 ** 50,
  2 ** 52 - 1,
  2 ** 52,
  2 ** 52 + 1,
  2 ** 53 - 1,
  2 ** 53,
  1e15 - 1,
  1e15,
  1e15 + 1,
  1e16 - 1,
].map((n) => BigInt(n).toString())
EDGES.push((2n ** 53n + 1n).toString(), (10n ** 16n + 1n).toString(), '1', '9', '10', '99999')

/** A digit string: random, a run of one digit, or an edge integer. */
const digitString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[1-9][0-9]{0,19}$/) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('1', '5', '9'), fc.constantFrom('0', '9'), fc.nat(20))
      .map(([a, b, n]) => a + b.repeat(n)),
  },
  { weight: 2, arbitrary: fc.constantFrom(...EDGES) },
)

/** A positive value as digits and a count of decimals (0 to 30, or past the digits). */
const positive: fc.Arbitrary<{ digits: string; dp: number }> = fc.record({
  digits: digitString,
  dp: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 30 })),
})

function plainText(digits: string, dp: number): string {
  if (dp === 0) return digits
  const s = digits.padStart(dp + 1, '0')
  return `${s.slice(0, s.length - dp)}.${s.slice(s.length - dp)}`
}

/** A canonical positive value text (decimal.js toFixed's form). */
export const positiveText: fc.Arbitrary<string> = positive.map(({ digits, dp }) =>
  new D(plainText(digits, dp)).toFixed(),
)

/** A signed non-zero value text. */
export const signedText: fc.Arbitrary<string> = fc
  .tuple(positiveText, fc.boolean())
  .map(([t, n]) => (n ? `-${t}` : t))

/** Any text a funding input may carry: plain in every spelling, or another notation. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: signedText },
  {
    weight: 4,
    arbitrary: fc
      .record({
        p: positive,
        lead: fc.nat(3),
        trail: fc.nat(3),
        sign: fc.constantFrom('', '-', '+'),
        point: fc.boolean(),
        exp: fc.option(fc.integer({ min: -20, max: 20 }), { freq: 4 }),
      })
      .map(({ p, lead, trail, sign, point, exp }) => {
        let t = plainText(p.digits, p.dp)
        if (trail > 0) t = t.includes('.') ? t + '0'.repeat(trail) : `${t}.${'0'.repeat(trail)}`
        if (point && !t.includes('.')) t += '.'
        if (lead > 0) t = '0'.repeat(lead) + t
        if (t.startsWith('0.') && lead === 0 && point) t = t.slice(1) // '.5'
        return sign + t + (exp === null ? '' : `e${exp}`)
      }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('0', '-0', '0.000', '.', '-', '', '1e', '--1', '1..2', ' 1', '0x10'),
  },
)

export const positiveDec: fc.Arbitrary<Dec> = positiveText.map((t) => new D(t))
export const signedDec: fc.Arbitrary<Dec> = signedText.map((t) => new D(t))

/** A money amount on the 8 dp grid (signed), often short, sometimes long. */
export const moneyDec: fc.Arbitrary<Dec> = fc
  .tuple(digitString, fc.integer({ min: 0, max: 8 }), fc.boolean())
  .map(([digits, dp, n]) => new D((n ? '-' : '') + plainText(digits, dp)))

/** Decimal.js's representation, to compare Decimals by shape and not only by value. */
export const shape = (x: Dec): { s: number; e: number; d: number[] | null } => ({
  s: x.s,
  e: x.e,
  d: x.d,
})

/** An input's events, or the error it threw (both engines must agree on either). */
export function outcome(apply: () => unknown): string {
  try {
    return JSON.stringify(apply())
  } catch (e) {
    return `throws ${String(e)}`
  }
}
