/**
 * Decimal text → float64, with the one rule the store relies on: at most 8 decimals.
 * Every such decimal below 2^53 / 1e8 survives the trip: `String(parseFloat(s))` gives back
 * the same decimal (minus trailing zeros), so the float64 columns lose nothing the file held.
 */

/** Why a field was refused, or null when it is a valid decimal. */
export type DecimalProblem = 'NOT_A_NUMBER' | 'TOO_MANY_DECIMALS'

const SCI = /^[+-]?\d+(?:\.\d+)?[eE][+-]?\d+$/

/** A char scan rather than a regex: this runs for every price of every row. */
export function checkDecimal(text: string): DecimalProblem | null {
  const n = text.length
  let i = 0
  let c = n > 0 ? text.charCodeAt(0) : 0
  if (c === 43 || c === 45) i++ // + or -
  const intStart = i
  while (i < n && (c = text.charCodeAt(i)) >= 48 && c <= 57) i++
  if (i === intStart) return 'NOT_A_NUMBER'
  if (i === n) return null
  if (c === 46) {
    const fracStart = ++i
    while (i < n && (c = text.charCodeAt(i)) >= 48 && c <= 57) i++
    if (i === n) return i - fracStart > 8 ? 'TOO_MANY_DECIMALS' : null
  }
  // Some exporters write tiny rates as 1e-05; accept them when the value is still ≤ 8 dp.
  if (SCI.test(text)) return decimalsOfNumber(Number(text)) > 8 ? 'TOO_MANY_DECIMALS' : null
  return 'NOT_A_NUMBER'
}

function decimalsOfNumber(n: number): number {
  if (!Number.isFinite(n)) return 99
  const s = n.toFixed(12).replace(/0+$/, '')
  const dot = s.indexOf('.')
  return dot < 0 ? 0 : s.length - dot - 1
}

/** Round to 8 decimals: exact-integer division is correctly rounded, so this is the double nearest the decimal. */
export function round8(x: number): number {
  return Math.round(x * 1e8) / 1e8
}

export type TimeUnit = 's' | 'ms' | 'us'

/**
 * Binance switched spot dumps to microseconds in 2025; older files and futures use ms.
 * Digit count decides: 16+ digits µs, 12..15 ms, ≤ 11 seconds (generic CSVs only).
 */
export function detectTimeUnit(text: string): TimeUnit {
  const digits = text.replace(/^[+-]/, '').length
  if (digits >= 16) return 'us'
  if (digits >= 12) return 'ms'
  return 's'
}

/** Epoch text in the given unit → ms, or null when it is not a non-negative integer. */
export function parseEpoch(text: string, unit: TimeUnit): number | null {
  const len = text.length
  if (len === 0 || len > 19) return null
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i)
    if (c < 48 || c > 57) return null
  }
  const n = Number(text)
  const ms = unit === 'us' ? Math.floor(n / 1000) : unit === 's' ? n * 1000 : n
  return Number.isSafeInteger(ms) ? ms : null
}

/** Trim only when needed: market files almost never pad fields, and trim() allocates. */
export function clean(f: string): string {
  const n = f.length
  return n > 0 && (f.charCodeAt(0) <= 32 || f.charCodeAt(n - 1) <= 32) ? f.trim() : f
}
