/**
 * decimal.js's representation as plain numbers (issue 16). A Decimal is a sign, the base-10
 * exponent E of its leading digit and base-10^7 digit words: the first word holds the digits
 * down to the exponent's multiple of 7, the last is padded with zeros, no word after the last
 * non-zero one. Writing the words of a value already held as an integer, or reading a short
 * Decimal as an integer times a power of ten, skips decimal.js's string parsing and its
 * general arithmetic where a fill does the same few small operations over and over.
 * decimal.ts turns words into Decimals; nothing here makes one (so no import cycle).
 * Every function is checked against decimal.js in test/engine/exact.test.ts.
 */

/** 10^0 … 10^22: every one exact in a double, so scaling by one of them rounds once. */
export const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`))

/** Below this, a product or sum of integers is exact in a double (and so its neighbours). */
export const TWO52 = 2 ** 52

/**
 * The words of m·10^e, m a positive integer below 2^52 (so every product below is exact), into
 * `words`; returns E.
 */
export function intWords(m: number, e: number, words: number[]): number {
  let n = 1
  while (n < 16 && m >= POW10[n]!) n++
  const E = n - 1 + e
  const w = (((E % 7) + 7) % 7) + 1
  if (n <= w) words.push(m * POW10[w - n]!)
  else {
    // peel the words off the top: q = ⌊r / 10^rest⌋, exact (a quotient the division rounded
    // up to the next integer is corrected on the exact remainder)
    let rest = n - w
    let r = m
    for (;;) {
      const p = POW10[rest]!
      let q = Math.floor(r / p)
      if (q * p > r) q--
      words.push(q)
      r -= q * p
      if (rest < 7) break
      rest -= 7
    }
    if (rest > 0) words.push(r * POW10[7 - rest]!)
  }
  return E
}

/**
 * The words of m·10^e from the digit string `s` of a positive integer m of any length, read
 * digit by digit from the character codes (no substring or number parse per word: a 40-digit
 * averaged entry is converted on every fill).
 */
export function digitWords(s: string, e: number, words: number[]): number {
  const n = s.length
  const E = n - 1 + e
  let w = (((E % 7) + 7) % 7) + 1
  let i = 0
  for (;;) {
    const end = w < n ? w : n
    let x = 0
    for (; i < end; i++) x = x * 10 + (s.charCodeAt(i) - 48)
    // the last word is padded with zeros to 7 digits
    words.push(end === w ? x : x * POW10[w - end]!)
    if (end === n) return E
    w += 7
  }
}

/** What `readScaled`, `sumScaled` and `priceScaled` found: the value SC.m · 10^−SC.dp. */
export const SC = { m: 0, dp: 0 }

/**
 * Reads a non-zero finite Decimal (its words d, exponent e, sign s) as SC.m · 10^−SC.dp with
 * SC.dp ≥ 0 and |SC.m| an integer of at most 15 digits (below 2^52); false when it has more.
 */
export function readScaled(d: readonly number[] | null, e: number, s: number): boolean {
  if (d === null || d.length > 3) return false
  const len = d.length
  const d0 = d[0]!
  const k =
    d0 < 10 ? 1 : d0 < 100 ? 2 : d0 < 1e3 ? 3 : d0 < 1e4 ? 4 : d0 < 1e5 ? 5 : d0 < 1e6 ? 6 : 7
  let m: number
  let tz = 0
  if (len === 1) m = d0
  else {
    // the last word is padded with zeros to 7 digits: drop them
    let last = d[len - 1]!
    while (last % 10 === 0) {
      last /= 10
      tz++
    }
    if (k + 7 * (len - 1) - tz > 15) return false
    const p = POW10[7 - tz]!
    m = len === 2 ? d0 * p + last : (d0 * 1e7 + d[1]!) * p + last
  }
  // value = m · 10^(e − k + 1 − 7·(len − 1) + tz)
  const exp = e - k + 1 - 7 * (len - 1) + tz
  if (exp > 0) {
    if (exp > 15) return false
    m *= POW10[exp]!
    if (m >= TWO52) return false
    SC.dp = 0
  } else SC.dp = -exp
  SC.m = s < 0 ? -m : m
  return true
}

/**
 * ma·10^−da + mb·10^−db (integers below 2^52 in magnitude) into SC when every step is exact in
 * doubles and the sum is below 2^52; false otherwise.
 */
export function sumScaled(ma: number, da: number, mb: number, db: number): boolean {
  const S = da > db ? da : db
  if (S > 22) return false
  const A = ma * POW10[S - da]!
  const B = mb * POW10[S - db]!
  // each scaled term below 2^52 (the rounded product is when the exact one is), so the sum is
  // exact
  if (A >= TWO52 || A <= -TWO52 || B >= TWO52 || B <= -TWO52) return false
  const m = A + B
  if (m >= TWO52 || m <= -TWO52) return false
  SC.m = m
  SC.dp = S
  return true
}

/**
 * The decimal `String(n)` prints, into SC, without the string: the first k ≤ 8 with
 * m = round(|n|·10^k) < 10^15 and m / 10^k === |n|. Both that decimal and String(n) round-trip
 * to n; a round-tripping decimal with fewer decimals than String(n) would be shorter
 * (String(n) is the shortest), one with as many but another value would be ≥ 10^−k from it,
 * yet both lie in n's rounding interval (width ~2.2e-16·|n| < 10^−k when m < 10^15). At k =
 * String(n)'s decimals the product |n|·10^k is within 0.25 of its integer, so the search finds
 * it there. False for zero, more decimals or huge values (the caller takes the string).
 */
export function priceScaled(n: number): boolean {
  const a = n < 0 ? -n : n
  if (!(a > 0 && a < 1e15)) return false
  for (let k = 0; k <= 8; k++) {
    const m = Math.round(a * POW10[k]!)
    if (m < 1e15 && m / POW10[k]! === a) {
      SC.m = n < 0 ? -m : m
      SC.dp = k
      return true
    }
  }
  return false
}

/** m · 10^−dp (|m| < 2^52 an integer, dp ≥ 0) as decimal.js `toFixed()` prints it. */
export function scaledText(m: number, dp: number): string {
  while (dp > 0 && m % 10 === 0) {
    m /= 10
    dp--
  }
  const negative = m < 0
  const s = String(negative ? -m : m)
  let out: string
  if (dp === 0) out = s
  else if (s.length > dp) out = `${s.slice(0, s.length - dp)}.${s.slice(s.length - dp)}`
  else out = `0.${'0'.repeat(dp - s.length)}${s}`
  return negative ? `-${out}` : out
}
