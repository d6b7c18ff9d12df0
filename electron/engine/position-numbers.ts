/**
 * A position's numbers in exact scaled integers rounding as the engine's Decimals (exact.ts):
 * at a mark (UPnL, notional, MM, the ADL score and rank), the parts that do not depend on the
 * mark (kept per position values: `Fixed`), and the views' number formats. Shared by the
 * position view, the scope sums and the coach's risk sample (views.ts).
 */
import { markOrZero, sym, type Ctx } from './context'
import { D, type Dec, MONEY_DP, toNum } from './decimal'
import type { PositionState } from './state'
import {
  add,
  cmp,
  div,
  EX_ZERO,
  exInt,
  exNum,
  exOf,
  exStr,
  fromDec,
  isZero,
  mul,
  neg,
  RM,
  sub,
  toDec,
  toDp,
  type Ex,
} from './exact'
import type { Bracket } from './instruments'

const ONE = exInt(1)

const levs = new Map<number, Ex>()

/** Leverage as an exact decimal (an integer in practice; any number as `new D(lev)` reads it). */
export function levEx(lev: number): Ex {
  let x = levs.get(lev)
  if (x === undefined) {
    x = Number.isSafeInteger(lev) ? exInt(lev) : fromDec(new D(lev))
    if (levs.size < 1024) levs.set(lev, x)
  }
  return x
}
const THRESHOLD_NUMS = [0.5, 1, 2, 4]
const THRESHOLDS = THRESHOLD_NUMS.map((x) => fromDec(new D(x)))

/** pct of the ratio a / b (b ≠ 0): div, ×100, 4 dp half-even (the views' percent strings). */
export function pctOf(a: Ex, b: Ex): string {
  return exStr(divToDp(a, b, 2, 4, RM.HALF_EVEN))
}

/** 10^0 … 10^22 as doubles (exact). */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`))

/**
 * toDp(mul(div(a, b), 10^p), dp, mode) for mode HALF_UP or HALF_EVEN (a view's percentages,
 * break-even and margin), deciding from doubles when they can: v = a/b·10^(p+dp) from exNum is
 * within ~10 ulps (< 1e-14 relative) of the exact quotient, and the 40-digit rounding of `div`
 * moves it by < 1e-38 relative; so when v is more than 1e-14·|v| away from every half-integer,
 * the exact quotient, its 40-digit rounding and v all round to the same integer N (no tie:
 * both modes agree) and the answer is N·10^−dp. Otherwise (near a half, zero, huge or
 * non-finite doubles) the exact operations decide.
 */
export function divToDp(
  a: Ex,
  b: Ex,
  p: number,
  dp: number,
  mode: typeof RM.HALF_UP | typeof RM.HALF_EVEN,
): Ex {
  if (a.m !== 0n && b.m !== 0n && p + dp <= 22) {
    const x = exNum(a)
    const y = exNum(b)
    const v = (x / y) * POW10[p + dp]!
    const av = Math.abs(v)
    if (
      Math.abs(x) > 1e-290 &&
      Math.abs(y) > 1e-290 &&
      av < 1e15 &&
      Math.abs((av % 1) - 0.5) > 1e-14 * av + 1e-300
    ) {
      const n = Math.round(av)
      return n === 0 ? EX_ZERO : { m: BigInt(v < 0 ? -n : n), e: -dp }
    }
  }
  const q = div(a, b)
  return toDp(p === 0 ? q : mul(q, { m: 10n ** BigInt(p), e: 0 }), dp, mode)
}

const NO_MARGIN = exInt(999999)

/** A scope's margin ratio as its printed percentage (999999 when the margin balance ≤ 0). */
export function ratioPct(x: { mm: Ex; marginBalance: Ex }): Ex {
  if (cmp(x.marginBalance, EX_ZERO) <= 0) return NO_MARGIN
  return divToDp(x.mm, x.marginBalance, 2, 4, RM.HALF_EVEN)
}

/** money(): 8 dp half-up (decimal.ts). */
export function moneyEx(x: Ex): string {
  return exStr(toDp(x, MONEY_DP, RM.HALF_UP))
}

const floorNums = new WeakMap<Bracket[], Float64Array>()

/**
 * MM of notional n (risk/margin.ts maintenance): the last bracket whose floor ≤ n, found
 * from the end; floors clearly above n (floats, 1e-9 relative) are skipped without an
 * exact comparison.
 */
export function maintenanceEx(table: Bracket[], n: Ex): Ex {
  let floors = floorNums.get(table)
  if (!floors) floorNums.set(table, (floors = Float64Array.from(table, (b) => toNum(b.floor))))
  const x = exNum(n)
  const clear = x + 1e-9 * Math.abs(x) + 1e-9
  let b = table[0]!
  for (let i = table.length - 1; i >= 0; i--) {
    if (floors[i]! > clear) continue
    if (cmp(exOf(table[i]!.floor), n) <= 0) {
      b = table[i]!
      break
    }
  }
  return sub(mul(n, exOf(b.mmr)), exOf(b.cum))
}

/**
 * ADL score = PnL% × effective leverage (0 when not in profit); `upnl`, `im` and `notional`
 * at the current mark, in the engine's Decimal rounding (exact.ts).
 */
function adlScoreEx(p: PositionState, lev: number, upnl: Ex, im: Ex, notional: Ex, roe?: Ex): Ex {
  if (cmp(upnl, EX_ZERO) <= 0 || isZero(im)) return EX_ZERO
  const margin = p.marginType === 'ISOLATED' ? fromDec(p.isolatedMargin) : im
  const mb = add(margin, upnl)
  const effLev = cmp(mb, EX_ZERO) > 0 ? div(notional, mb) : levEx(lev)
  return mul(roe ?? div(upnl, im), effLev)
}

/**
 * What a position's numbers and view hold that does not depend on the mark, for its current
 * size, entry and leverage (`base` = Q·EP, `im` = Q·EP / L), and the view's mark-free strings
 * once a view asked (`text`, for the rest of the fields it names). Decimals are immutable, so
 * the same instances are the same values: a few recent entries, found by identity, serve every
 * view and scope sum of a position until it trades (Engine.view() on every frame, a cross
 * scope's other positions in each view, the events of one input).
 */
interface Fixed {
  qtyD: Dec
  entryD: Dec
  lev: number
  qty: Ex
  entry: Ex
  base: Ex
  im: Ex
  text?: FixedText
}

interface FixedText {
  dir: 1 | -1
  side: PositionState['positionSide']
  fees: Dec
  funding: Dec
  pnl: Dec
  taker: Dec
  size: string
  entryPrice: string
  breakEvenPrice: string
  realizedPnl: string
  fundingPaid: string
}

const FIXED_N = 8
const fixedRing: (Fixed | undefined)[] = new Array<Fixed | undefined>(FIXED_N).fill(undefined)
let fixedAt = 0

function fixedOf(p: PositionState, lev: number): Fixed {
  for (let i = 0; i < FIXED_N; i++) {
    const f = fixedRing[i]
    if (f && f.qtyD === p.qty && f.entryD === p.entry && f.lev === lev) return f
  }
  const qty = fromDec(p.qty)
  const entry = fromDec(p.entry)
  const base = mul(qty, entry)
  const f: Fixed = {
    qtyD: p.qty,
    entryD: p.entry,
    lev,
    qty,
    entry,
    base,
    im: div(base, levEx(lev)),
  }
  fixedRing[fixedAt] = f
  fixedAt = (fixedAt + 1) % FIXED_N
  return f
}

/** The view's fields that do not depend on the mark (break-even, size, entry, PnL, funding). */
export function fixedText(f: Fixed, p: PositionState, taker: Dec): FixedText {
  const t = f.text
  if (
    t &&
    t.dir === p.dir &&
    t.side === p.positionSide &&
    t.fees === p.openFees &&
    t.funding === p.funding &&
    t.pnl === p.realizedPnl &&
    t.taker === taker
  )
    return t
  // break-even: (Q·EP ± openFees ∓ funding) / (Q·(1 ∓ taker))
  const { qty, base } = f
  const fees = fromDec(p.openFees)
  const funding = fromDec(p.funding)
  const tk = exOf(taker)
  const beNum = p.dir === 1 ? sub(add(base, fees), funding) : add(sub(base, fees), funding)
  const beDen = mul(qty, p.dir === 1 ? sub(ONE, tk) : add(ONE, tk))
  return (f.text = {
    dir: p.dir,
    side: p.positionSide,
    fees: p.openFees,
    funding: p.funding,
    pnl: p.realizedPnl,
    taker,
    size: exStr(p.positionSide === 'BOTH' ? mul(qty, exInt(p.dir)) : qty),
    entryPrice: exStr(toDp(f.entry, MONEY_DP, RM.HALF_EVEN)),
    breakEvenPrice: exStr(divToDp(beNum, beDen, 0, MONEY_DP, RM.HALF_EVEN)),
    realizedPnl: moneyEx(fromDec(p.realizedPnl)),
    fundingPaid: moneyEx(neg(funding)),
  })
}

/** Values of a position at its current mark, in the engine's Decimal rounding (exact.ts). */
export function positionNumbers(ctx: Ctx, p: PositionState, m: Dec) {
  const lev = sym(ctx, p.symbol).leverage
  const f = fixedOf(p, lev)
  const { qty, entry, im } = f
  const mark = fromDec(m)
  const upnl = mul(mul(sub(mark, entry), qty), exInt(p.dir)) // upnlAt
  const notional = mul(qty, mark)
  return { f, lev, qty, entry, mark, upnl, notional, im }
}

/** ADL score (the liquidation engine ranks positions by it). */
export function adlScore(ctx: Ctx, p: PositionState): Dec {
  const x = positionNumbers(ctx, p, markOrZero(ctx, p.symbol))
  return toDec(adlScoreEx(p, x.lev, x.upnl, x.im, x.notional))
}

/** A view's ADL score inputs at the mark (IM > 0; `roe` = UPnL / IM, divided when absent). */
export interface AdlInputs {
  p: PositionState
  lev: number
  upnl: Ex
  im: Ex
  notional: Ex
  roe?: Ex
}

/**
 * rankOf(adlScoreEx(…)) for a view: the score's bucket from doubles when the score is clearly
 * inside one (1e-9 relative: the doubles are within ~1e-14 of the exact score), the exact
 * score otherwise.
 */
export function adlRank(x: AdlInputs): number {
  if (cmp(x.upnl, EX_ZERO) <= 0) return 0
  const mb = add(x.p.marginType === 'ISOLATED' ? fromDec(x.p.isolatedMargin) : x.im, x.upnl)
  const pos = cmp(mb, EX_ZERO) > 0
  const s = (exNum(x.upnl) / exNum(x.im)) * (pos ? exNum(x.notional) / exNum(mb) : x.lev)
  if (s > 1e-12 && Number.isFinite(s) && THRESHOLD_NUMS.every((t) => Math.abs(s - t) > 1e-9 * t))
    return s < 0.5 ? 1 : s < 1 ? 2 : s < 2 ? 3 : s < 4 ? 4 : 5
  return adlRankExact(x)
}

/** The rank of the exact ADL score (what adlRank answers; test/engine/adl-rank.test.ts). */
export function adlRankExact(x: AdlInputs): number {
  return rankOf(adlScoreEx(x.p, x.lev, x.upnl, x.im, x.notional, x.roe ?? div(x.upnl, x.im)))
}

function rankOf(score: Ex): number {
  if (cmp(score, EX_ZERO) <= 0) return 0
  const i = THRESHOLDS.findIndex((t) => cmp(score, t) < 0)
  return i < 0 ? 5 : i + 1
}
