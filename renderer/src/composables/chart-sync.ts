/**
 * Crosshair and time-scale sync across the desk's chart panes. Panes may show different
 * timeframes (BTC 1m beside SOL 15m), so they are synced by TIME, never by bar index: a
 * pane maps its logical range (bar indices, fractional, past the last bar included) to
 * replay times and back over its own bars. Plain module state: no Vue reactivity, and chart
 * objects stay in the panes.
 *
 * Only the pane the user is working in drives the others (pointer over it; for the time
 * scale, a button held or a wheel turned there just now), so a replay scrolling every pane
 * to its right edge never sets off a cascade of range changes between panes.
 */
import type {
  IChartApi,
  ISeriesApi,
  LogicalRange,
  MouseEventParams,
  Time,
} from 'lightweight-charts'
import { toTime } from '../format/chart-adapters'

/** Bars as the pane holds them: open times (ms), oldest first. */
export interface TimeAxis {
  /** Open time of the bar at chart index `i` (0 = the oldest bar the chart holds). */
  time(i: number): number
  /** How many bars the chart holds. */
  length(): number
  /** The pane's bar duration (ms). */
  tfMs(): number
}

/** Replay time (ms) at a fractional chart index; past either end, extrapolated by the bar duration. */
export function timeAt(axis: TimeAxis, x: number): number | null {
  const n = axis.length()
  if (!n) return null
  const tf = axis.tfMs()
  if (x <= 0) return axis.time(0) + x * tf
  if (x >= n - 1) return axis.time(n - 1) + (x - (n - 1)) * tf
  const i = Math.floor(x)
  return axis.time(i) + (x - i) * tf
}

/** Fractional chart index of replay time `t` (ms): the inverse of `timeAt`, gaps included. */
export function indexAt(axis: TimeAxis, t: number): number | null {
  const n = axis.length()
  if (!n) return null
  const tf = axis.tfMs()
  if (t <= axis.time(0)) return (t - axis.time(0)) / tf
  if (t >= axis.time(n - 1)) return n - 1 + (t - axis.time(n - 1)) / tf
  // The last bar opening at or before t.
  let lo = 0
  let hi = n - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (axis.time(mid) <= t) lo = mid
    else hi = mid - 1
  }
  return lo + Math.min(1, (t - axis.time(lo)) / tf)
}

interface Member {
  /** Put the crosshair on the bar holding time t (ms), or clear it (null). */
  crosshair(t: number | null): void
  /** Show the time range [from, to] (ms). */
  range(from: number, to: number): void
}

/** How long after a wheel turn a pane still counts as driving the time scale (ms). */
const WHEEL_MS = 400

export class ChartSync {
  private members = new Map<number, Member>()

  private others(id: number): Member[] {
    return [...this.members].filter(([k]) => k !== id).map(([, m]) => m)
  }

  /**
   * Join pane `id`: its crosshair and time range follow the other panes', and the user's
   * moves in it are sent to them. `leave` undoes it; `synced` is the open time (ms) of the
   * bar the crosshair was last put on from another pane (null when cleared), for the drills.
   */
  join(
    id: number,
    o: {
      chart: IChartApi
      candles: ISeriesApi<'Candlestick'>
      container: HTMLElement
      axis: TimeAxis
      /** Close of the bar at chart index i, where the synced crosshair's price line sits. */
      closeAt(i: number): number | null
    },
  ): { leave(): void; synced(): number | null } {
    const { chart, candles, container, axis } = o
    let synced: number | null = null
    let hovered = false
    let pressed = false
    let wheelAt = -Infinity
    const driving = () => hovered && (pressed || performance.now() - wheelAt < WHEEL_MS)

    const member: Member = {
      crosshair(t) {
        const x = t === null ? null : indexAt(axis, t)
        const i = x === null || x < 0 ? -1 : Math.min(axis.length() - 1, Math.floor(x))
        const price = i < 0 ? null : o.closeAt(i)
        if (price === null) {
          synced = null
          return chart.clearCrosshairPosition()
        }
        synced = axis.time(i)
        chart.setCrosshairPosition(price, toTime(synced) as Time, candles)
      },
      range(from, to) {
        const a = indexAt(axis, from)
        const b = indexAt(axis, to)
        if (a === null || b === null || b <= a) return
        chart.timeScale().setVisibleLogicalRange({ from: a, to: b })
      },
    }

    const onCrosshair = (p: MouseEventParams<Time>) => {
      if (!hovered) return
      const t = p.logical === undefined ? null : timeAt(axis, p.logical)
      for (const m of this.others(id)) m.crosshair(t)
    }
    const onRange = (r: LogicalRange | null) => {
      if (!r || !driving()) return
      const from = timeAt(axis, r.from)
      const to = timeAt(axis, r.to)
      if (from === null || to === null) return
      for (const m of this.others(id)) m.range(from, to)
    }
    const enter = () => (hovered = true)
    const exit = () => {
      hovered = false
      pressed = false
      for (const m of this.others(id)) m.crosshair(null)
    }
    const down = () => (pressed = true)
    const up = () => (pressed = false)
    const wheel = () => (wheelAt = performance.now())

    this.members.set(id, member)
    chart.subscribeCrosshairMove(onCrosshair)
    chart.timeScale().subscribeVisibleLogicalRangeChange(onRange)
    container.addEventListener('pointerenter', enter)
    container.addEventListener('pointerleave', exit)
    // Capture phase: the chart's own handlers stop some events from bubbling up to us.
    container.addEventListener('pointerdown', down, true)
    window.addEventListener('pointerup', up)
    container.addEventListener('wheel', wheel, { passive: true, capture: true })
    const leave = () => {
      if (this.members.get(id) === member) this.members.delete(id)
      chart.unsubscribeCrosshairMove(onCrosshair)
      chart.timeScale().unsubscribeVisibleLogicalRangeChange(onRange)
      container.removeEventListener('pointerenter', enter)
      container.removeEventListener('pointerleave', exit)
      container.removeEventListener('pointerdown', down, true)
      window.removeEventListener('pointerup', up)
      container.removeEventListener('wheel', wheel, true)
    }
    return { leave, synced: () => synced }
  }
}

/** The desk's one sync group: every chart pane joins it. */
export const deskSync = new ChartSync()
