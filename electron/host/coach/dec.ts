/**
 * The coach's Decimal: the engine's own clone (one configuration for the whole app; no
 * module calls Decimal.set). The coach only compares and scales figures the engine produced
 * (equity against a floor, risk budget / stop distance); prices, margins and liquidation
 * come from the engine.
 */
import Decimal from 'decimal.js'
import { D, type Dec } from '../../engine'

const C = D
export type Cd = Dec

export function c(x: string | number | Cd): Cd {
  if (x instanceof C) return x as Cd
  if (typeof x === 'string' && x.trim() === '') return new C(0)
  return new C(x)
}

/** Plain decimal text, at most `dp` decimals (half-up), trailing zeros trimmed. */
export function txt(x: Cd, dp = 8): string {
  return x.toDecimalPlaces(dp, Decimal.ROUND_HALF_UP).toFixed()
}

/** Percent text with 2 decimals. */
export function pctTxt(x: Cd): string {
  return x.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed()
}

export function maxC(a: Cd, b: Cd): Cd {
  return a.gte(b) ? a : b
}

export const ROUND_DOWN = Decimal.ROUND_DOWN
export const ROUND_UP = Decimal.ROUND_UP
export const ROUND_HALF_UP = Decimal.ROUND_HALF_UP
