/**
 * The exact integers m·10^−dp of recently read or written balance Decimals (issue 16: a
 * funding input adds one amount to three or four balances and multiplies a size). Once every
 * eight hours of replay the settlement finds the balances, the size and their digit words
 * cold in the caches; the Decimals it wrote last time are the ones it reads now, so each is
 * kept with the integers it was built from, in a few slots of typed arrays, and read back
 * without touching its words. Keyed by identity: Decimals are immutable and every change of a
 * balance assigns a new one, so a kept entry stays the value of its Decimal (contexts and
 * engines may share it). Slots are replaced in turn.
 */
import type { Dec } from '../decimal'
import { readScaled, SC } from '../decimal-words'

const SLOTS = 16
const decs: (Dec | null)[] = new Array<Dec | null>(SLOTS).fill(null)
const ms = new Float64Array(SLOTS)
const dps = new Int32Array(SLOTS)
let next = 0

/** Remembers that x = m·10^−dp (x non-zero, |m| < 2^52 an integer, dp ≥ 0). */
export function keepScaled(x: Dec, m: number, dp: number): void {
  decs[next] = x
  ms[next] = m
  dps[next] = dp
  next = next + 1 === SLOTS ? 0 : next + 1
}

/**
 * Non-zero x as SC.m · 10^−SC.dp (readScaled's integers, or kept ones of the same value);
 * false when it is zero or too long (nothing written).
 */
export function scaledOf(x: Dec): boolean {
  for (let i = 0; i < SLOTS; i++)
    if (decs[i] === x) {
      SC.m = ms[i]!
      SC.dp = dps[i]!
      return true
    }
  if (x.isZero() || !readScaled(x.d, x.e, x.s)) return false
  keepScaled(x, SC.m, SC.dp)
  return true
}
