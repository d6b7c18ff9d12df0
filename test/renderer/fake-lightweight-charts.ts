/**
 * A recording fake of the Lightweight Charts surface the desk uses, for happy-dom tests:
 * `vi.mock('lightweight-charts', () => import('../fake-lightweight-charts'))`. Every chart
 * created is pushed to `charts` with what was done to it (data set, bars updated, price lines,
 * crosshair and range moves) and the sync handlers it subscribed.
 */
export interface FakeChart {
  id: number
  setData: { series: string; n: number; first?: number }[]
  updates: { series: string; time: number }[]
  /** setData and update calls of every series, in call order. */
  ops: { series: string; op: 'setData' | 'update'; n: number }[]
  /** Prices of the price lines created on the candle series. */
  lines: number[]
  /** Price lines removed from, and moved on, the candle series. */
  removed: number
  moved: number[]
  crosshair: ({ price: number; time: number } | null)[]
  ranges: { from: number; to: number }[]
  /** The visible logical range the time scale reports (null: no data / unknown). */
  visible: { from: number; to: number } | null
  onCrosshair?: (p: { logical?: number }) => void
  onRange?: (r: { from: number; to: number } | null) => void
  /** The candle series' y → price (a drag's release point); 20000 everywhere when unset. */
  yToPrice?: (y: number) => number
}

/** Every chart created, in order; tests clear it. */
export const charts: FakeChart[] = []

function series(c: FakeChart, name: string) {
  // Lightweight Charts' own rules (v5 series data layer): setData wants times strictly
  // ascending; update may replace the last bar or add a newer one, never an older one.
  let lastTime = -Infinity
  return {
    setData: (d: { time: number }[]) => {
      for (let k = 1; k < d.length; k++)
        if (!(d[k]!.time > d[k - 1]!.time))
          throw new Error(
            `Assertion failed: data must be asc ordered by time, index=${k}, time=${d[k]!.time}, prev time=${d[k - 1]!.time}`,
          )
      lastTime = d.length ? d[d.length - 1]!.time : -Infinity
      c.ops.push({ series: name, op: 'setData', n: d.length })
      c.setData.push({ series: name, n: d.length, ...(d[0] ? { first: d[0].time } : {}) })
    },
    update: (d: { time: number }) => {
      if (d.time < lastTime)
        throw new Error(`Cannot update oldest data, last time=${lastTime}, new time=${d.time}`)
      lastTime = d.time
      c.ops.push({ series: name, op: 'update', n: 1 })
      c.updates.push({ series: name, time: d.time })
    },
    applyOptions: () => {},
    priceScale: () => ({ applyOptions: () => {}, getVisibleRange: () => null }),
    attachPrimitive: () => {},
    detachPrimitive: () => {},
    createPriceLine: (o: { price: number }) => {
      if (name === 'candles') c.lines.push(o.price)
      return {
        applyOptions: (p: { price?: number }) => {
          if (p.price !== undefined) c.moved.push(p.price)
        },
      }
    },
    removePriceLine: () => c.removed++,
    priceToCoordinate: () => 100,
    coordinateToPrice: (y: number) => c.yToPrice?.(y) ?? 20000,
  }
}

export function createChart() {
  const c: FakeChart = {
    id: charts.length,
    setData: [],
    updates: [],
    ops: [],
    lines: [],
    removed: 0,
    moved: [],
    crosshair: [],
    ranges: [],
    visible: null,
  }
  charts.push(c)
  return {
    addSeries: (def: { type: string }) => series(c, def.type),
    removeSeries: () => {},
    applyOptions: () => {},
    priceScale: () => ({ applyOptions: () => {} }),
    panes: () => [],
    removePane: () => {},
    remove: () => {},
    subscribeCrosshairMove: (h: FakeChart['onCrosshair']) => (c.onCrosshair = h),
    unsubscribeCrosshairMove: () => {},
    setCrosshairPosition: (price: number, time: number) => c.crosshair.push({ price, time }),
    clearCrosshairPosition: () => c.crosshair.push(null),
    timeScale: () => ({
      subscribeVisibleLogicalRangeChange: (h: FakeChart['onRange']) => (c.onRange = h),
      unsubscribeVisibleLogicalRangeChange: () => {},
      setVisibleLogicalRange: (r: { from: number; to: number }) => c.ranges.push(r),
      getVisibleLogicalRange: () => c.visible,
    }),
  }
}

export const createSeriesMarkers = () => {
  let set: unknown[] = []
  return {
    setMarkers: (m: unknown[]) => void (set = m),
    markers: () => set,
    detach: () => {},
  }
}
export const CandlestickSeries = { type: 'candles' }
export const HistogramSeries = { type: 'volume' }
export const LineSeries = { type: 'line' }
export const LineStyle = { Solid: 0, Dotted: 1, Dashed: 2, LargeDashed: 3, SparseDotted: 4 }
export const CrosshairMode = { Normal: 0 }
