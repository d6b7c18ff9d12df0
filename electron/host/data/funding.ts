/**
 * Funding events for a window. Recorded funding files are monthly, so only points with
 * start ≤ t ≤ end are kept: `end` is the close of the last bar, and a settlement at that
 * moment follows that bar like a settlement at any other close (docs/sessions.md "Input order"). With no funding data at all, the documented default applies:
 * 0.0001 (0.01 %) at 00:00, 08:00 and 16:00 UTC, labelled 'default'.
 * A point without a recorded mark price (Binance fundingRate files have none, and defaults
 * never do) takes the mark open of the row at (or the last row before) its time.
 */
import type { FundingPoint } from '../../../shared/market'

const DEFAULT_FUNDING_RATE = '0.0001'
const EIGHT_HOURS_MS = 8 * 3_600_000

export function fundingInWindow(
  points: FundingPoint[],
  start: number,
  end: number,
): FundingPoint[] {
  return points.filter((p) => p.t >= start && p.t <= end)
}

/** Default-funding points one scenario may hold (every 8 h for 20 years; far past any real span). */
const MAX_DEFAULT_POINTS = 3 * 366 * 20

/** The default schedule over the data's real span [start, end]; refuses an absurd span. */
export function defaultFunding(start: number, end: number): FundingPoint[] {
  if (!(end - start <= MAX_DEFAULT_POINTS * EIGHT_HOURS_MS))
    throw new Error(`defaultFunding: span ${start}..${end} is not a market-data span`)
  const out: FundingPoint[] = []
  for (let t = Math.ceil(start / EIGHT_HOURS_MS) * EIGHT_HOURS_MS; t <= end; t += EIGHT_HOURS_MS) {
    out.push({ t, rate: DEFAULT_FUNDING_RATE, markPrice: '' })
  }
  return out
}

/** Fill empty mark prices from the mark series; points before the first row keep its open. */
export function fillFundingMark(
  points: FundingPoint[],
  time: Float64Array,
  markOpen: Float64Array,
  markClose: Float64Array,
): FundingPoint[] {
  if (time.length === 0) return points
  return points.map((p) => {
    if (p.markPrice !== '') return p
    const i = lastIndexAtOrBefore(time, p.t)
    const price = i < 0 ? markOpen[0]! : time[i] === p.t ? markOpen[i]! : markClose[i]!
    return { ...p, markPrice: String(price) }
  })
}

/** Largest i with time[i] ≤ t, or -1. */
function lastIndexAtOrBefore(time: Float64Array, t: number): number {
  let lo = 0,
    hi = time.length - 1,
    ans = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (time[mid]! <= t) {
      ans = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  return ans
}
