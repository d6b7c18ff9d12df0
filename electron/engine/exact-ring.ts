/**
 * exact.ts's memo of long values (split out of exact.ts: one job, and its line budget).
 */
import type { Dec } from './decimal'
import type { Ex } from './exact'

/**
 * The last few long values (more than three digit words: averaged entries, carried fees, closed
 * fractions) toDec made or fromDec read, with their exact values: a fill writes a position's
 * new entry and fees with toDec and reads them back with fromDec on its next fill, its close
 * PnL and its view. Identity-keyed on immutable values, so never stale; a handful of
 * comparisons per lookup. Short values convert in a step or two and are not kept.
 */
const RING = 16
const ringDec: (Dec | null)[] = new Array<Dec | null>(RING).fill(null)
const ringEx: Ex[] = new Array<Ex>(RING).fill({ m: 0n, e: 0 })
let ringAt = 0

export function remember(x: Dec, a: Ex): void {
  ringDec[ringAt] = x
  ringEx[ringAt] = a
  ringAt = (ringAt + 1) % RING
}

export function recalled(x: Dec): Ex | undefined {
  for (let i = 0; i < RING; i++) if (ringDec[i] === x) return ringEx[i]
  return undefined
}
