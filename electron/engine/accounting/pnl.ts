/**
 * Realized PnL of closing part of a position: (price − entry)·qty·dir,
 * 8 dp half-even, as decimal.js computes it step by step (40 significant digits each).
 */
import { D, type Dec, MONEY_DP } from '../decimal'
import { fromDec, mul, neg, RM, sub, toDec, toDp } from '../exact'
import { wordsClosePnl } from '../word-math'

/**
 * Realized PnL of closing `qty` of a position with direction `dir` at `price`, on digit words
 * (word-math.ts) when they take it, else on scaled integers (exact.ts): the entry is an
 * averaged price of up to 40 digits, where decimal.js's subtraction and multiplication cost
 * most. A zero result takes the Decimal formula (an Ex has no sign of zero).
 */
export function closePnl(entry: Dec, price: Dec, qty: Dec, dir: 1 | -1): Dec {
  const w = wordsClosePnl(entry, price, qty, dir)
  if (w) return w
  const x = mul(sub(fromDec(price), fromDec(entry)), fromDec(qty))
  const r = toDp(dir < 0 ? neg(x) : x, MONEY_DP, RM.HALF_EVEN)
  return r.m === 0n ? closePnlDec(entry, price, qty, dir) : toDec(r)
}

/** The same in decimal.js (each step rounded to 40 digits; on the 8 dp grid it stays). */
function closePnlDec(entry: Dec, price: Dec, qty: Dec, dir: 1 | -1): Dec {
  const x = price.minus(entry).times(qty).times(dir)
  return x.decimalPlaces() <= MONEY_DP ? x : x.toDecimalPlaces(MONEY_DP, D.ROUND_HALF_EVEN)
}
