/**
 * Mark-price candles onto the last-price rows (the scenario's base step).
 *
 * Coarser mark than base (e.g. 1h mark, 1m last) — the "anchored path" method (docs/data.md):
 * inside each mark bar, the rows of that bar (n of them, k = 0..n-1) get a piecewise-linear
 * path through four anchors at row positions:
 *   open  at 0,            the recorded mark open
 *   high  at kH + 0.5,      kH = row where last price made its high within the mark bar
 *   low   at kL + 0.5,      kL = row where last price made its low
 *   close at n,            the recorded mark close
 * (kH = kL: both anchors sit inside that row, at 1/3 and 2/3, ordered by whether the row's
 * open is nearer its high or its low.) Row k gets open = path(k), close = path(k+1), and its
 * high / low are the extremes of the path over [k, k+1]. Interpolated values are rounded to 8
 * decimals, which keeps them between their anchors. Because the path never leaves [low, high]
 * and passes through all four anchors, the rows of a mark bar aggregate back to exactly the
 * recorded mark OHLC. A partial bar (a recorded gap) places its close on the last present row.
 *
 * Same step: joined on time. Finer mark (e.g. 1m mark, 5m last): aggregated per base bar.
 * Rows no mark bar covers take mark = last price and are counted as derived.
 */
import { round8 } from './decimal'

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
        pathFill(base, i, j, mark.open[m]!, mark.high[m]!, mark.low[m]!, mark.close[m]!, out)
        covered.fill(1, i, j)
      }
    }
    i = j
  }
  for (let r = 0; r < n; r++) if (!covered[r]) out.derivedRows++
  return out
}

/** Fill rows [i, j) from one coarse mark bar by the anchored-path method. */
function pathFill(
  base: BaseRows,
  i: number,
  j: number,
  O: number,
  H: number,
  L: number,
  C: number,
  out: Ohlc,
): void {
  const n = j - i
  let kH = 0,
    kL = 0
  for (let k = 1; k < n; k++) {
    if (base.high[i + k]! > base.high[i + kH]!) kH = k
    if (base.low[i + k]! < base.low[i + kL]!) kL = k
  }
  let posH = kH + 0.5,
    posL = kL + 0.5
  if (kH === kL) {
    const r = i + kH
    const highFirst = base.high[r]! - base.open[r]! <= base.open[r]! - base.low[r]!
    posH = kH + (highFirst ? 1 / 3 : 2 / 3)
    posL = kH + (highFirst ? 2 / 3 : 1 / 3)
  }
  const anchors: [number, number][] = [
    [0, O],
    [posH, H],
    [posL, L],
    [n, C],
  ]
  anchors.sort((a, b) => a[0] - b[0])
  const at = (x: number): number => {
    for (let a = 1; a < anchors.length; a++) {
      const [x1, y1] = anchors[a]!
      if (x <= x1) {
        const [x0, y0] = anchors[a - 1]!
        if (x === x1) return y1
        if (x === x0) return y0
        return round8(y0 + ((y1 - y0) * (x - x0)) / (x1 - x0))
      }
    }
    return C
  }
  for (let k = 0; k < n; k++) {
    const o = at(k),
      c = at(k + 1)
    let h = Math.max(o, c),
      l = Math.min(o, c)
    if (posH > k && posH < k + 1) h = Math.max(h, H)
    if (posL > k && posL < k + 1) l = Math.min(l, L)
    out.open[i + k] = o
    out.close[i + k] = c
    out.high[i + k] = h
    out.low[i + k] = l
  }
}
