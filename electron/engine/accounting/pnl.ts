/**
 * Realized PnL of closing part of a position: (price − entry)·qty·dir,
 * 8 dp half-even, as decimal.js computes it step by step (40 significant digits each).
 */
import { D, type Dec, decFromInt, MONEY_DP } from '../decimal'
import { readScaled, SC, sumScaled, TWO52 } from '../decimal-words'
import { fromDec, mul, neg, RM, sub, toDec, toDp } from '../exact'
import { wordsClosePnl } from '../word-math'

/**
 * Realized PnL of closing `qty` of a position with direction `dir` at `price`, on digit words
 * (word-math.ts) when they take it, else on scaled integers (exact.ts): the entry is an
 * averaged price of up to 40 digits, where decimal.js's subtraction and multiplication cost
 * most. A zero result takes the Decimal formula (an Ex has no sign of zero).
 */
export function closePnl(entry: Dec, price: Dec, qty: Dec, dir: 1 | -1): Dec {
  const s = closePnlScaled(entry, price, qty, dir)
  if (s) return s
  const w = wordsClosePnl(entry, price, qty, dir)
  if (w) return w
  const x = mul(sub(fromDec(price), fromDec(entry)), fromDec(qty))
  const r = toDp(dir < 0 ? neg(x) : x, MONEY_DP, RM.HALF_EVEN)
  return r.m === 0n ? closePnlDec(entry, price, qty, dir) : toDec(r)
}

/**
 * The PnL on integers in doubles when the entry, the price and the size are short (prices on
 * the tick, an entry not averaged): the difference and the product are exact below 2^52, and a
 * product with at most 8 decimals is on the grid, so every rounding of the formula leaves it as
 * it is. Null otherwise, and for a zero PnL (its sign is decimal.js's).
 */
function closePnlScaled(entry: Dec, price: Dec, qty: Dec, dir: 1 | -1): Dec | null {
  if (!readScaled(price.d, price.e, price.s)) return null
  const pm = SC.m
  const pd = SC.dp
  if (!readScaled(entry.d, entry.e, entry.s) || !sumScaled(pm, pd, -SC.m, SC.dp)) return null
  const dm = SC.m
  const dd = SC.dp
  if (dm === 0 || !readScaled(qty.d, qty.e, qty.s)) return null
  let x = dm * SC.m * dir
  let dp = dd + SC.dp
  if (!(x < TWO52 && x > -TWO52)) return null
  // a one-word operand reads with its word's trailing zeros (0.01 as 100000·10^−7)
  while (dp > MONEY_DP && x % 10 === 0) {
    x /= 10
    dp--
  }
  return dp <= MONEY_DP ? decFromInt(x < 0, x < 0 ? -x : x, -dp) : null
}

/** The same in decimal.js (each step rounded to 40 digits; on the 8 dp grid it stays). */
function closePnlDec(entry: Dec, price: Dec, qty: Dec, dir: 1 | -1): Dec {
  const x = price.minus(entry).times(qty).times(dir)
  return x.decimalPlaces() <= MONEY_DP ? x : x.toDecimalPlaces(MONEY_DP, D.ROUND_HALF_EVEN)
}
