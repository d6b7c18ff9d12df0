/**
 * The pre-trade checks' numbers (exchange-rules.md §1.4, §1.9, rule 2): the order cost, and
 * the comparisons placeOrder makes against the mark band, the min notional, the notional cap
 * and the available balance. Each comparison is decided in floats when the gap is clear
 * (TOL of the magnitudes, risk/approx.ts; the error analysis is in docs/performance.md) and
 * in Decimal otherwise: the same answers without the Decimal products and the order cost's
 * division on nearly every command (issue 16). Also the command texts' Decimals (`parsed`).
 */
import { type Ctx } from '../context'
import { chargeUp, D, type Dec, decFromInt, onStep } from '../decimal'
import type { InstrumentSpec } from '../instruments'
import { exceedsAvailableApprox } from '../accounting/available'
import { sideDir } from '../accounting/positions'
import { decided, numOf } from '../risk/approx'

/** §1.4 order cost: IM + open loss (rounded up to 8 dp). */
export function orderCost(
  side: 'BUY' | 'SELL',
  qty: Dec,
  price: Dec,
  mark: Dec,
  leverage: number,
): { initialMargin: Dec; openLoss: Dec; cost: Dec } {
  const im = qty.times(price).div(leverage)
  const d = sideDir(side)
  const openLoss = qty.times(D.min(0, mark.minus(price).times(d)).abs())
  return {
    initialMargin: chargeUp(im),
    openLoss: chargeUp(openLoss),
    cost: chargeUp(im.plus(openLoss)),
  }
}

/**
 * A market price (last or mark) for the checks: a double within 1e-14 relative of it (the bar
 * price itself, context.ts lastApprox / markApproxOrNull) and its Decimal, which is made only
 * when floats leave a comparison open (most orders never need it).
 */
export interface PriceRef {
  num: number
  dec(): Dec
}

/** PERCENT_PRICE: limit BUY price > mark × up, SELL price < mark × down. */
export function outOfBand(
  side: 'BUY' | 'SELL',
  px: Dec,
  mark: PriceRef,
  sp: InstrumentSpec,
): boolean {
  const f = side === 'BUY' ? sp.percentUp : sp.percentDown
  const p = numOf(px)
  const band = mark.num * numOf(f)
  const s = decided(p, band, p + band)
  if (s !== 0) return side === 'BUY' ? s > 0 : s < 0
  const exact = mark.dec().times(f)
  return side === 'BUY' ? px.gt(exact) : px.lt(exact)
}

/** A limit order at px is marketable now: BUY when last ≤ px, SELL when last ≥ px. */
export function crossesLast(side: 'BUY' | 'SELL', px: Dec, last: PriceRef): boolean {
  const p = numOf(px)
  const s = decided(last.num, p, Math.abs(last.num) + Math.abs(p))
  if (s !== 0) return side === 'BUY' ? s < 0 : s > 0
  return side === 'BUY' ? last.dec().lte(px) : last.dec().gte(px)
}

/** qty × price < min notional. */
export function lessThan(qty: Dec, price: Dec, min: Dec): boolean {
  const n = numOf(qty) * numOf(price)
  const m = numOf(min)
  const s = decided(n, m, n + m)
  return s !== 0 ? s < 0 : qty.times(price).lt(min)
}

/**
 * (held + open) × price + resting > cap (rule 2, −2027): the position's size, the order's
 * opening part, its price and the resting orders' notional. The sum of the sizes is a Decimal
 * addition only when floats leave the comparison open.
 */
export function aboveCap(held: Dec, open: Dec, price: Dec, resting: Dec, cap: Dec): boolean {
  const r = numOf(resting)
  const h = numOf(held)
  const q = numOf(open)
  const p = numOf(price)
  const n = (h + q) * p + r
  const c = numOf(cap)
  const s = decided(n, c, (Math.abs(h) + Math.abs(q)) * Math.abs(p) + 2 * Math.abs(r) + c)
  return s !== 0 ? s > 0 : held.plus(open).times(price).plus(resting).gt(cap)
}

/**
 * The §1.4 order cost (orderCost's `cost`) > available balance. The float cost is within a
 * few ulps of im + open loss before rounding; chargeUp adds at most 1e-8, and the subtraction
 * in the open loss may cancel: `err` covers both with a wide margin.
 */
export function costExceedsAvailable(
  ctx: Ctx,
  side: 'BUY' | 'SELL',
  qty: Dec,
  price: Dec,
  mark: PriceRef,
  leverage: number,
): boolean {
  const q = numOf(qty)
  const p = numOf(price)
  const m = mark.num
  const im = (q * p) / leverage
  const loss = q * Math.max(0, -(m - p) * sideDir(side))
  const err = 1e-8 + 1e-12 * q * (Math.abs(m) + Math.abs(p))
  return exceedsAvailableApprox(
    ctx,
    im + loss,
    err,
    () => orderCost(side, qty, price, mark.dec(), leverage).cost,
  )
}

/** x ≤ 0 (x.lte(0), NaN included, without the Decimal that lte would make of its argument). */
export function notPositive(x: Dec): boolean {
  return x.isNeg() || x.isZero()
}

/** x > 0 (x.gt(0), NaN included, as notPositive). */
export function positive(x: Dec): boolean {
  return x.isPos() && !x.isZero()
}

/**
 * The Decimal of a price or quantity text of a command (a parse costs more than the rest of
 * a limit order's checks). Plain digits with an optional fraction and at most 15 significant
 * digits ('0.002', '60012.30') are the integer m of their digits times 10^−decimals, exact in
 * a double, and decimal.js keeps one representation per value, so `decFromInt` builds the
 * very Decimal `new D(text)` builds; any other text (a sign, an exponent, more digits, zero,
 * no digit) is parsed as it stands, so a text new D refuses still throws. The last few texts
 * are kept with their Decimals (immutable, so shared): a trader re-placing orders sends the
 * same quantity again and again.
 */
export function parsed(text: string): Dec {
  for (let i = 0; i < TEXT_SLOTS; i++) if (texts[i] === text) return textDecs[i]!
  const x = parse(text)
  texts[nextText] = text
  textDecs[nextText] = x
  nextText = nextText + 1 === TEXT_SLOTS ? 0 : nextText + 1
  return x
}

const TEXT_SLOTS = 4
const texts: (string | null)[] = new Array<string | null>(TEXT_SLOTS).fill(null)
const textDecs: (Dec | null)[] = new Array<Dec | null>(TEXT_SLOTS).fill(null)
let nextText = 0

function parse(text: string): Dec {
  const n = text.length
  let m = 0
  let digits = 0
  let point = -1
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c >= 48 && c <= 57) {
      if (m > 0 || c > 48) digits++
      m = m * 10 + (c - 48)
    } else if (c === 46 && point < 0) point = i
    else return new D(text)
  }
  if (m === 0 || digits > 15) return new D(text)
  return decFromInt(false, m, point < 0 ? 0 : point + 1 - n)
}

/** The price text as a Decimal when it is a positive multiple of the tick, else undefined. */
export function onTick(text: string, tick: Dec): Dec | undefined {
  const x = parsed(text)
  return notPositive(x) || !onStep(x, tick) ? undefined : x
}
