/**
 * A funding input's rate or mark text read once (issue 16): its Decimal, the text its
 * fundingSettled event carries (`str`'s) and its scaled integer for the amount's integer path
 * (funding.ts). A recorded series repeats its rate text (often the 0.01 % default), and a
 * mark text may repeat too: the last one of each is kept (Decimals are immutable).
 */
import { D, decFromInt, type Dec, str } from '../decimal'
import { readScaled, SC, scaledText } from '../decimal-words'

export interface Factor {
  /** The input's text, its Decimal and `str` of that Decimal. */
  text: string
  dec: Dec
  out: string
  /** The value as m·10^−dp, |m| < 2^52 with at most 15 digits, m ≠ 0; dp −1: not so. */
  m: number
  dp: number
}

let lastRate: Factor | null = null
let lastMark: Factor | null = null

/** The rate text's factor (the last one kept). */
export function rateFactor(text: string): Factor {
  const f = lastRate
  return f !== null && f.text === text ? f : (lastRate = readFactor(text))
}

/** The mark text's factor (the last one kept). */
export function markFactor(text: string): Factor {
  const f = lastMark
  return f !== null && f.text === text ? f : (lastMark = readFactor(text))
}

/**
 * One scan of the text. Plain digits with an optional '-' and an optional fraction, non-zero,
 * at most 15 significant digits ('0.0001', '-0.00005', '60012.3') are the integer m of their
 * digits times 10^−decimals, exact in a double, and decimal.js keeps one representation per
 * value, so `decFromInt` builds the very Decimal `new D(text)` builds (order-checks.ts
 * `parsed`, test/engine/funding-factor.test.ts). Such a text is already `str`'s when it starts
 * with a non-zero digit (or is '0.' and more) and, with a fraction, ends in a non-zero digit:
 * no leading zero, no trailing zero, no lone point. Any other text is parsed as it stands (so a
 * text new D refuses still throws) and printed by `str`.
 */
export function readFactor(text: string): Factor {
  const n = text.length
  const neg = n > 0 && text.charCodeAt(0) === 45
  const start = neg ? 1 : 0
  let m = 0
  let digits = 0
  let point = -1
  let plain = n > start
  for (let i = start; i < n && plain; i++) {
    const c = text.charCodeAt(i)
    if (c >= 48 && c <= 57) {
      if (m > 0 || c > 48) digits++
      m = m * 10 + (c - 48)
    } else if (c === 46 && point < 0) point = i
    else plain = false
  }
  if (plain && m > 0 && digits <= 15) {
    const dp = point < 0 ? 0 : n - 1 - point
    const c0 = text.charCodeAt(start)
    const last = text.charCodeAt(n - 1)
    const canonical =
      (c0 > 48 && c0 <= 57 ? true : c0 === 48 && point === start + 1) &&
      (point < 0 || (last > 48 && last <= 57))
    return {
      text,
      dec: decFromInt(neg, m, -dp),
      out: canonical ? text : scaledText(neg ? -m : m, dp),
      m: neg ? -m : m,
      dp,
    }
  }
  const dec = new D(text)
  const scaled = !dec.isZero() && readScaled(dec.d, dec.e, dec.s)
  return { text, dec, out: str(dec), m: scaled ? SC.m : 0, dp: scaled ? SC.dp : -1 }
}
