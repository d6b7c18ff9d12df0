/**
 * Display formatting of DecimalStrings. The renderer never does money arithmetic: these
 * helpers only turn the engine's exact decimal strings into grouped, fixed-decimal text.
 * Rounding for display is done on the digits (half-up), never through binary floats.
 */
import type { DecimalString } from '../../../shared/money'

const ZERO_RE = /^[-+]?0*(\.0*)?$/

/** True when the string is a (possibly signed) zero. */
export function isZero(s: DecimalString | undefined | null): boolean {
  return !s || ZERO_RE.test(s)
}

/** Sign of a decimal string without arithmetic: -1, 0 or 1. */
export function signOf(s: DecimalString | undefined | null): -1 | 0 | 1 {
  if (isZero(s)) return 0
  return s!.trim().startsWith('-') ? -1 : 1
}

/** Round a decimal string half-up (away from zero) to `dp` decimals, on its digits. */
export function roundDecimal(s: DecimalString, dp: number): string {
  const m = /^([-+]?)(\d*)(?:\.(\d*))?$/.exec(s.trim())
  if (!m) return s
  const neg = m[1] === '-'
  let int = m[2] || '0'
  let frac = m[3] ?? ''
  if (frac.length > dp) {
    const roundUp = frac.charCodeAt(dp) >= 53 /* '5' */
    frac = frac.slice(0, dp)
    if (roundUp) {
      const digits = (int + frac).split('')
      let i = digits.length - 1
      while (i >= 0) {
        if (digits[i] === '9') {
          digits[i] = '0'
          i--
        } else {
          digits[i] = String(Number(digits[i]) + 1)
          break
        }
      }
      let joined = digits.join('')
      if (i < 0) joined = '1' + joined
      int = joined.slice(0, joined.length - dp) || '0'
      frac = joined.slice(joined.length - dp)
    }
  }
  frac = frac.padEnd(dp, '0')
  int = int.replace(/^0+(?=\d)/, '')
  const body = dp > 0 ? `${int}.${frac}` : int
  return neg && !ZERO_RE.test(body) ? `-${body}` : body
}

function group(int: string): string {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/**
 * `1234567.891` → `1,234,567.89` (dp = 2). Empty or missing values show an em dash.
 * With `signed`, positive values get an explicit `+`.
 */
export function fmt(s: DecimalString | undefined | null, dp = 2, signed = false): string {
  if (s === undefined || s === null || s === '') return '—'
  const r = roundDecimal(s, dp)
  const neg = r.startsWith('-')
  const body = neg ? r.slice(1) : r
  const [i, f] = body.split('.')
  const text = group(i!) + (f !== undefined ? `.${f}` : '')
  if (neg) return `-${text}`
  return signed && !isZero(r) ? `+${text}` : text
}

/** Money in USDT, two decimals. */
export function usdt(s: DecimalString | undefined | null, signed = false): string {
  return fmt(s, 2, signed)
}

/** Percent text from a percent-valued decimal string ("12.345" → "12.35%"). */
export function pct(s: DecimalString | undefined | null, signed = false): string {
  const t = fmt(s, 2, signed)
  return t === '—' ? t : `${t}%`
}

/** Decimals of a step like "0.01" → 2, "1" → 0. */
export function decimalsOf(step: string): number {
  const i = step.indexOf('.')
  return i < 0 ? 0 : step.length - i - 1
}

/** Exact order of two unsigned decimal strings (-1, 0, 1), on their digits. */
export function cmpDecimal(a: DecimalString, b: DecimalString): -1 | 0 | 1 {
  const split = (s: string) => {
    const [i = '', f = ''] = s.trim().split('.')
    return [i.replace(/^0+/, ''), f.replace(/0+$/, '')] as const
  }
  const [ai, af] = split(a)
  const [bi, bf] = split(b)
  if (ai.length !== bi.length) return ai.length < bi.length ? -1 : 1
  const n = Math.max(af.length, bf.length)
  const x = ai + af.padEnd(n, '0')
  const y = bi + bf.padEnd(n, '0')
  return x === y ? 0 : x < y ? -1 : 1
}

/** Exact sum of decimal strings (display of grouped quantities), on scaled integers. */
export function sumDecimals(xs: readonly DecimalString[]): DecimalString {
  const dp = Math.max(0, ...xs.map((x) => decimalsOf(x.trim())))
  let total = 0n
  for (const x of xs) {
    const [i, f = ''] = x.trim().replace(/^[-+]/, '').split('.')
    const v = BigInt((i || '0') + f.padEnd(dp, '0'))
    total += x.trim().startsWith('-') ? -v : v
  }
  const neg = total < 0n
  const digits = (neg ? -total : total).toString().padStart(dp + 1, '0')
  const body = dp ? `${digits.slice(0, -dp)}.${digits.slice(-dp)}` : digits
  return neg ? `-${body}` : body
}

/** Absolute value of a decimal string, by dropping its sign. */
export function abs(s: DecimalString): DecimalString {
  return s.replace(/^[-+]/, '')
}

/** A chart price (float) rounded to a tick, as a decimal string the engine accepts. */
export function priceToTick(price: number, tick: string): DecimalString {
  const dp = decimalsOf(tick)
  const t = Number(tick)
  return (Math.round(price / t) * t).toFixed(dp)
}

/** Replay time as `2022-11-08 14:05` (UTC). */
export function utcMinute(t: number): string {
  return new Date(t).toISOString().slice(0, 16).replace('T', ' ')
}

/** Replay time as `11-08 14:05:00`. */
export function utcShort(t: number): string {
  return new Date(t).toISOString().slice(5, 19).replace('T', ' ')
}

/** Milliseconds as `hh:mm:ss`. */
export function countdown(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  const hh = String(Math.floor(s / 3600)).padStart(2, '0')
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0')
  const ss = String(s % 60).padStart(2, '0')
  return `${hh}:${mm}:${ss}`
}

/** A fraction as a percent string by moving the decimal point (no float): "0.0001" → "0.01". */
export function fractionToPercent(s: DecimalString): DecimalString {
  const m = /^([-+]?)(\d*)(?:\.(\d*))?$/.exec(s.trim())
  if (!m) return s
  const frac = (m[3] ?? '').padEnd(2, '0')
  const int = ((m[2] || '0') + frac.slice(0, 2)).replace(/^0+(?=\d)/, '')
  const rest = frac.slice(2)
  return `${m[1] === '-' ? '-' : ''}${int}${rest ? '.' + rest : ''}`
}
