/**
 * Mark-price candles onto the last-price rows (the scenario's base step).
 *
 * Coarser mark than base (e.g. 1h mark, 1m last) — the "basis path" method (docs/data.md): a real
 * mark is index + a smoothed basis, so minute by minute it tracks the last price. Inside each mark
 * bar (rows i..j-1 present, spanning tA = first row's open time to tB = last row's close time):
 *   b0 = recorded mark open  / last open of the first row  − 1
 *   b1 = recorded mark close / last close of the last row  − 1
 *   b(t) = b0 + (b1 − b0)·(t − tA)/(tB − tA)            (basis drifts linearly over the bar)
 *   row r: open = last open·(1 + b(t_r)), close = last close·(1 + b(t_r + step)),
 *          high = last high·(1 + max of the two), low = last low·(1 + min of the two)
 * so the mark keeps the last price's shape and only its basis moves. Then the record is enforced:
 * first open := recorded open, last close := recorded close, every value clamped into
 * [recorded low, recorded high], the row with the highest derived high gets the recorded high and
 * the row with the lowest derived low the recorded low (ties: earliest), and each row is made
 * consistent (high ≥ max(open, close), low ≤ min(open, close)). The rows of a mark bar therefore
 * aggregate back to exactly the recorded mark OHLC. Values are rounded to 8 decimals. A partial bar
 * (a recorded gap) works on the rows present; its close sits on the last present row.
 *
 * Same step: joined on time. Finer mark (e.g. 1m mark, 5m last): aggregated per base bar.
 * Rows no mark bar covers take mark = last price and are counted as derived.
 */
import { round8 } from './decimal'

/** Method id, part of the cache key: a change to how mark is aligned must rebuild old caches. */
export const MARK_ALIGN_METHOD = 'mark-align v2 (basis path)'

export interface Ohlc {
  open: Float64Array
  high: Float64Array
  low: Float64Array
  close: Float64Array
}

export interface BaseRows extends Ohlc {
  time: Float64Array
}

export type MarkRows = BaseRows

export interface AlignedMark extends Ohlc {
  /** Rows where no recorded mark covered the row and mark = last was used. */
  derivedRows: number
}

export function deriveMarkFromLast(base: BaseRows): AlignedMark {
  return {
    open: base.open.slice(),
    high: base.high.slice(),
    low: base.low.slice(),
    close: base.close.slice(),
    derivedRows: base.time.length,
  }
}

export function alignMark(
  base: BaseRows,
  baseStepMs: number,
  mark: MarkRows,
  markStepMs: number,
): AlignedMark {
  const out = deriveMarkFromLast(base)
  out.derivedRows = 0
  const n = base.time.length
  const covered = new Uint8Array(n)
  let m = 0 // cursor into mark rows; both series ascend
  let i = 0
  while (i < n) {
    const bucketMs = Math.max(baseStepMs, markStepMs)
    const bucket = Math.floor(base.time[i]! / bucketMs) * bucketMs
    let j = i
    while (j < n && base.time[j]! < bucket + bucketMs) j++
    if (markStepMs <= baseStepMs) {
      // Same or finer: fold the mark rows inside [t, t + base step) into each base row.
      for (let r = i; r < j; r++) {
        const t0 = base.time[r]!
        while (m < mark.time.length && mark.time[m]! < t0) m++
        let k = m
        let o = NaN,
          h = -Infinity,
          l = Infinity,
          c = NaN
        while (k < mark.time.length && mark.time[k]! < t0 + baseStepMs) {
          if (Number.isNaN(o)) o = mark.open[k]!
          h = Math.max(h, mark.high[k]!)
          l = Math.min(l, mark.low[k]!)
          c = mark.close[k]!
          k++
        }
        if (!Number.isNaN(o)) {
          out.open[r] = o
          out.high[r] = h
          out.low[r] = l
          out.close[r] = c
          covered[r] = 1
        }
      }
    } else {
      while (m < mark.time.length && mark.time[m]! < bucket) m++
      if (m < mark.time.length && mark.time[m] === bucket) {
        basisFill(
          base,
          baseStepMs,
          i,
          j,
          mark.open[m]!,
          mark.high[m]!,
          mark.low[m]!,
          mark.close[m]!,
          out,
        )
        covered.fill(1, i, j)
      }
    }
    i = j
  }
  for (let r = 0; r < n; r++) if (!covered[r]) out.derivedRows++
  return out
}

/**
 * Fill rows [i, j) from one coarse mark bar by the basis-path method: the mark follows the last
 * price, its basis drifts linearly from the bar's open basis to its close basis, then the
 * recorded O/H/L/C are enforced (see the file comment).
 */
function basisFill(
  base: BaseRows,
  baseStepMs: number,
  i: number,
  j: number,
  O: number,
  H: number,
  L: number,
  C: number,
  out: Ohlc,
): void {
  const tA = base.time[i]!
  const tB = base.time[j - 1]! + baseStepMs
  const b0 = O / base.open[i]! - 1
  const b1 = C / base.close[j - 1]! - 1
  const basis = (t: number): number => b0 + ((b1 - b0) * (t - tA)) / (tB - tA)
  let kH = i,
    kL = i,
    dH = -Infinity,
    dL = Infinity
  for (let r = i; r < j; r++) {
    const bo = basis(base.time[r]!)
    const bc = basis(base.time[r]! + baseStepMs)
    // derived (unclamped) values; the high / low take the basis envelope over the row
    const h = round8(base.high[r]! * (1 + Math.max(bo, bc)))
    const l = round8(base.low[r]! * (1 + Math.min(bo, bc)))
    if (h > dH) {
      dH = h
      kH = r
    }
    if (l < dL) {
      dL = l
      kL = r
    }
    const clamp = (x: number): number => Math.min(H, Math.max(L, x))
    out.open[r] = clamp(round8(base.open[r]! * (1 + bo)))
    out.close[r] = clamp(round8(base.close[r]! * (1 + bc)))
    out.high[r] = clamp(h)
    out.low[r] = clamp(l)
  }
  out.open[i] = O
  out.close[j - 1] = C
  out.high[kH] = H
  out.low[kL] = L
  for (let r = i; r < j; r++) {
    out.high[r] = Math.max(out.high[r]!, out.open[r]!, out.close[r]!)
    out.low[r] = Math.min(out.low[r]!, out.open[r]!, out.close[r]!)
  }
}
