/**
 * Lightweight Charts lifecycle for the desk. The chart and its series live in plain
 * variables (never in Vue reactivity): created on mount, `setData` when a candle set
 * arrives (load, seek, timeframe change), `update` per revealed bar, removed on unmount.
 * Price lines, markers and line dragging are in ./chart-overlays.
 */
import {
  CandlestickSeries,
  createChart,
  CrosshairMode,
  HistogramSeries,
  LineSeries,
  LineStyle,
  type IChartApi,
  type ISeriesApi,
  type LineData,
  type UTCTimestamp,
  type WhitespaceData,
} from 'lightweight-charts'
import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue'
import type { CandleSet } from '../../../shared/contract'
import { TIMEFRAME_MS, type Bar } from '../../../shared/market'
import { foldBar, toCandle, toLine, toTime, toVolume } from '../format/chart-adapters'
import { instrument } from '../stores/instruments'
import { useMarketStore } from '../stores/market'
import { useSessionStore } from '../stores/session'
import { useUiStore } from '../stores/ui'
import { IndicatorSet, type IndicatorId, type IndicatorPoint } from './chart-indicators'
import { createDrawings, type DrawingsLayer, type PlacedDrawing } from './chart-drawings'
import { createOverlays, type Overlays } from './chart-overlays'
import { deskSync, type TimeAxis } from './chart-sync'
import type { LineLabel, PlacedLabel } from './chart-line-labels'
import { PALETTES } from './chart-theme'

type Line = ISeriesApi<'Line', import('lightweight-charts').Time>
type Pt = LineData<UTCTimestamp> | WhitespaceData<UTCTimestamp>

/** Read-only hooks for the e2e drills and the replay benchmark. */
export interface CandleChartHandle {
  /**
   * Bars on the chart now, bars folded in since mount (`updates`), bars painted into the
   * series since mount (`painted`: each folded bar once, when its frame is drawn), and the
   * newest bar's time.
   */
  /** `shown`: bars in the chart's series (fewer than `bars` while a fast replay is windowed). */
  stats(): {
    bars: number
    updates: number
    painted: number
    lastTime: number | null
    shown: number
  }
  /** Y pixel (from the chart's top) of a price on the candle scale, or null. */
  priceToY(price: number): number | null
  /** X pixel (from the chart's left) of a bar's open time (ms), or null when not shown. */
  timeToX(t: number): number | null
  /** Markers on the candles (fills, liquidations, ADL, funding). */
  markers(): { time: number; text: string }[]
  /** Trading-line labels as drawn (pane pixels; pinned at an edge when off-scale). */
  labels(): PlacedLabel[]
  /** The candle scale's visible price range. */
  visibleRange(): { min: number; max: number } | null
  paneHeight(): number
  /** Open time (ms) of the oldest bar the chart holds. */
  firstTime(): number | null
  /** Scroll the time scale to the oldest bar, as a trader dragging left would. */
  scrollToFirst(): void
  /** The trader's drawings as placed on the pane (pixels, labels, selection). */
  drawings(): PlacedDrawing[]
  /** Visible time range (seconds), from the time scale. */
  visibleTimes(): { from: number; to: number } | null
  /** Open time (ms) of the bar another pane's crosshair put this pane's crosshair on, or null. */
  syncedCrosshair(): number | null
}

/**
 * One pane's chart: `pane` is its index in the market store's layout (its symbol, timeframe
 * and candle feed). Overlays draw the lines and markers of that pane's symbol only.
 */
export function useCandleChart(
  container: Ref<HTMLElement | null>,
  indicators: Ref<IndicatorId[]>,
  pane = 0,
) {
  const market = useMarketStore()
  const session = useSessionStore()
  const ui = useUiStore()

  let chart: IChartApi | null = null
  let candles: ISeriesApi<'Candlestick'> | null = null
  let volume: ISeriesApi<'Histogram'> | null = null
  let mark: Line | null = null
  const ind: Partial<Record<'ma' | 'ema' | 'bbUpper' | 'bbMiddle' | 'bbLower' | 'atr', Line>> = {}
  let overlays: Overlays | null = null
  let drawings: DrawingsLayer | null = null
  let indicatorSet: IndicatorSet | null = null
  // Display candles of the shown symbol/timeframe, kept here (not in Vue) for folding and repaints.
  let bars: Bar[] = []
  let marks: Bar[] = []
  let points: IndicatorPoint[] = []
  let pending: { d: Bar; m: Bar; pt: IndicatorPoint | undefined }[] = []
  let paintQueued = false
  /**
   * Replaying flat out, the chart holds only the latest bars (twice what is on screen, at
   * least MIN_WINDOW, at most FAST_WINDOW): every visible bar is drawn, but each frame's
   * `setData` costs O(window) instead of O(history). The full history comes back on pause.
   * `shownStart` is the index in `bars` of the chart's first bar (0: the full history).
   */
  let trimmed = false
  let shownStart = 0
  const FAST_WINDOW = 1500
  const MIN_WINDOW = 300
  let tfMs = 60_000
  let baseMs = 60_000
  let updates = 0
  let painted = 0
  let unsubscribe: (() => void) | null = null
  let sync: { leave(): void; synced(): number | null } | null = null
  const shownFrom = () => shownStart
  const axis: TimeAxis = {
    time: (i) => bars[shownFrom() + i]!.t,
    length: () => bars.length - shownFrom(),
    tfMs: () => tfMs,
  }
  let markTitle = 'Mark'
  const SERIES_TITLES: Record<keyof typeof ind, string> = {
    ma: 'MA 20',
    ema: 'EMA 50',
    bbUpper: 'BB up',
    bbMiddle: 'BB mid',
    bbLower: 'BB low',
    atr: 'ATR 14',
  }

  /** Labels at the last value of the candle pane's line series (Mark, MA, EMA, BB). */
  function seriesLabels(): LineLabel[] {
    const p = palette()
    const out: LineLabel[] = []
    const m = marks[marks.length - 1]
    if (m) out.push({ price: m.c, text: markTitle, short: 'Mark', color: p.mark, pin: false })
    const pt = points[points.length - 1]
    if (pt)
      for (const key of Object.keys(ind) as (keyof typeof ind)[]) {
        const v = pt[key]
        if (key === 'atr' || v === undefined) continue
        const color = key === 'ma' ? p.ma : key === 'ema' ? p.ema : p.bb
        const t = SERIES_TITLES[key]
        out.push({ price: v, text: t, short: t, color, pin: false })
      }
    return out
  }

  function palette() {
    return PALETTES[ui.theme]
  }

  function applyTheme() {
    const p = palette()
    chart?.applyOptions({
      layout: { background: { color: p.bg }, textColor: p.text, fontSize: 11 },
      grid: { vertLines: { color: p.grid }, horzLines: { color: p.grid } },
      rightPriceScale: { borderColor: p.border },
      timeScale: { borderColor: p.border },
    })
    candles?.applyOptions({
      upColor: p.up,
      downColor: p.down,
      wickUpColor: p.up,
      wickDownColor: p.down,
      borderVisible: false,
    })
    mark?.applyOptions({ color: p.mark })
    ind.ma?.applyOptions({ color: p.ma })
    ind.ema?.applyOptions({ color: p.ema })
    for (const k of ['bbUpper', 'bbMiddle', 'bbLower'] as const)
      ind[k]?.applyOptions({ color: p.bb })
    ind.atr?.applyOptions({ color: p.atr })
    overlays?.refresh()
  }

  function lineSeries(title: string, color: string, pane = 0, style = LineStyle.Solid): Line {
    return chart!.addSeries(
      LineSeries,
      {
        color,
        lineWidth: 1,
        lineStyle: style,
        // Titles on the candle pane are drawn by the line-labels primitive, laid out with the
        // trading lines' labels so none overlap; other panes keep Lightweight Charts' own.
        title: pane === 0 ? '' : title,
        priceLineVisible: false,
        lastValueVisible: false,
        crosshairMarkerVisible: false,
      },
      pane,
    ) as Line
  }

  function syncIndicators() {
    if (!chart) return
    const want = new Set(indicators.value)
    const p = palette()
    const spec: [keyof typeof ind, IndicatorId, string, number][] = [
      ['ma', 'ma', p.ma, 0],
      ['ema', 'ema', p.ema, 0],
      ['bbUpper', 'bb', p.bb, 0],
      ['bbMiddle', 'bb', p.bb, 0],
      ['bbLower', 'bb', p.bb, 0],
      ['atr', 'atr', p.atr, 1],
    ]
    for (const [key, id, color, pane] of spec) {
      if (want.has(id) && !ind[key]) ind[key] = lineSeries(SERIES_TITLES[key], color, pane)
      if (!want.has(id) && ind[key]) {
        chart.removeSeries(ind[key]!)
        delete ind[key]
      }
    }
    if (!want.has('atr') && chart.panes().length > 1) chart.removePane(1)
    const panes = chart.panes()
    if (panes.length > 1) {
      panes[0]!.setStretchFactor(3)
      panes[1]!.setStretchFactor(1)
    }
    resetIndicators(bars)
  }

  function resetIndicators(src: Bar[]) {
    const { set, points: pts } = IndicatorSet.over(src, indicators.value)
    indicatorSet = set
    points = pts
    for (const key of Object.keys(ind) as (keyof typeof ind)[]) {
      ind[key]!.setData(points.map((pt) => point(pt, key)))
    }
    held.point = lastT(points)
  }

  function point(pt: IndicatorPoint, key: keyof typeof ind): Pt {
    const v = pt[key]
    return v === undefined ? { time: toTime(pt.t) } : { time: toTime(pt.t), value: v }
  }

  /**
   * Replace the last item (same time) or append a newer one. An older one is dropped: the
   * arrays stay ascending, as Lightweight Charts requires of setData (a bar behind its
   * series' last one can only be a resend).
   */
  function upsert<T extends { t: number }>(arr: T[], item: T) {
    const last = arr[arr.length - 1]
    if (last && last.t === item.t) arr[arr.length - 1] = item
    else if (!last || last.t < item.t) arr.push(item)
  }

  /** The last time handed to the candle (and volume), mark and indicator series. */
  const held = { candle: -Infinity, mark: -Infinity, point: -Infinity }
  const lastT = (arr: { t: number }[]): number => (arr.length ? arr[arr.length - 1]!.t : -Infinity)

  /**
   * Would updating with these items, in order, hand a series a bar older than its last?
   * Lightweight Charts throws then ("Cannot update oldest data").
   */
  function inOrder(items: readonly { d: Bar; m: Bar; pt: IndicatorPoint | undefined }[]): boolean {
    let { candle, mark, point } = held
    for (const it of items) {
      if (it.d.t < candle || it.m.t < mark || (it.pt && it.pt.t < point)) return false
      candle = it.d.t
      mark = it.m.t
      if (it.pt) point = it.pt.t
    }
    return true
  }

  function reset(set: CandleSet) {
    if (!chart || !candles || !volume || !mark) return
    const p = palette()
    tfMs = TIMEFRAME_MS[set.timeframe]
    const info = session.scenario?.symbols.find((s) => s.symbol === set.symbol)
    baseMs = info ? TIMEFRAME_MS[info.lastStep] : tfMs
    bars = set.bars.slice()
    marks = set.mark.slice()
    pending = []
    trimmed = false
    shownStart = 0
    candles.setData(bars.map(toCandle))
    volume.setData(bars.map((b) => toVolume(b, p.upVol, p.downVol)))
    mark.setData(marks.map(toLine))
    held.candle = lastT(bars)
    held.mark = lastT(marks)
    markTitle = set.markOrigin === 'derived' ? 'Mark (derived)' : 'Mark'
    const dp = instrument(set.symbol).priceDp
    candles.applyOptions({ priceFormat: { type: 'price', precision: dp, minMove: 1 / 10 ** dp } })
    resetIndicators(bars)
    overlays?.setTimeframe(tfMs)
    overlays?.refresh()
  }

  /** Fold one revealed candle into the series data; painted once per frame by `paint`. */
  function bar(last: Bar, markBar: Bar, display: boolean) {
    if (!candles) return
    const prev = bars[bars.length - 1]
    if (prev && last.t < prev.t) return
    const d = display ? last : foldBar(prev, last, tfMs, baseMs)
    const m = display ? markBar : foldBar(marks[marks.length - 1], markBar, tfMs, baseMs)
    upsert(bars, d)
    upsert(marks, m)
    const pt = indicatorSet?.push(d)
    if (pt) upsert(points, pt)
    pending.push({ d, m, pt })
    updates++
    if (!paintQueued) {
      paintQueued = true
      queueMicrotask(paint)
    }
  }

  /**
   * Paint the bars of this frame: `update` per bar, as Lightweight Charts wants. Past a few
   * bars in one frame (replay at hundreds of bars/s) each `update` costs O(series), so one
   * `setData` of the already-folded series is cheaper than N updates.
   */
  function paint() {
    paintQueued = false
    const items = pending
    pending = []
    if (!candles || !volume || !mark || !items.length) return
    painted += items.length
    const keys = Object.keys(ind) as (keyof typeof ind)[]
    // an out-of-order item (a resend the arrays dropped) is painted by setData instead
    if (items.length <= 4 && !trimmed && inOrder(items)) {
      const p = palette()
      for (const it of items) {
        candles.update(toCandle(it.d))
        volume.update(toVolume(it.d, p.upVol, p.downVol))
        mark.update(toLine(it.m))
        if (it.pt) for (const key of keys) ind[key]!.update(point(it.pt, key))
        held.candle = it.d.t
        held.mark = it.m.t
        if (it.pt) held.point = it.pt.t
      }
      overlays?.afterPaint()
      return
    }
    // While replaying this fast the trader watches the right edge: repaint only the latest
    // window; the full history comes back on pause (`repaintAll`). A dense frame that is
    // itself the stop (pause on liquidation at max speed) can be painted after the pause
    // was handled: it paints the whole history, or the chart would stay windowed.
    const w = fastWindow()
    trimmed = session.playing && bars.length > w
    repaint(trimmed ? -w : 0)
    overlays?.afterPaint()
  }

  /** Bars the fast window holds: twice the bars on screen, within [MIN_WINDOW, FAST_WINDOW]. */
  function fastWindow(): number {
    const r = chart?.timeScale().getVisibleLogicalRange()
    if (!r) return FAST_WINDOW
    return Math.min(FAST_WINDOW, Math.max(MIN_WINDOW, Math.ceil(2 * (r.to - r.from))))
  }

  function repaint(from: number) {
    if (!candles || !volume || !mark) return
    shownStart = from < 0 ? Math.max(0, bars.length + from) : 0
    const p = palette()
    const b = from ? bars.slice(from) : bars
    candles.setData(b.map(toCandle))
    volume.setData(b.map((x) => toVolume(x, p.upVol, p.downVol)))
    mark.setData((from ? marks.slice(from) : marks).map(toLine))
    const pts = from ? points.slice(from) : points
    for (const key of Object.keys(ind) as (keyof typeof ind)[])
      ind[key]!.setData(pts.map((pt) => point(pt, key)))
    held.candle = lastT(bars)
    held.mark = lastT(marks)
    held.point = lastT(points)
  }

  function repaintAll() {
    if (!trimmed) return
    trimmed = false
    repaint(0)
  }

  onMounted(() => {
    const el = container.value
    if (!el) return
    const p = palette()
    chart = createChart(el, {
      autoSize: true,
      crosshair: { mode: CrosshairMode.Normal },
      timeScale: { timeVisible: true, secondsVisible: false, rightOffset: 12 },
      localization: { locale: 'en-US' },
    })
    candles = chart.addSeries(CandlestickSeries, { priceLineVisible: true })
    volume = chart.addSeries(HistogramSeries, {
      priceFormat: { type: 'volume' },
      priceScaleId: 'vol',
      lastValueVisible: false,
      priceLineVisible: false,
    })
    chart.priceScale('vol').applyOptions({ scaleMargins: { top: 0.82, bottom: 0 } })
    candles.priceScale().applyOptions({ scaleMargins: { top: 0.08, bottom: 0.22 } })
    mark = lineSeries('Mark', p.mark, 0, LineStyle.Solid)
    mark.applyOptions({ lastValueVisible: true, lineWidth: 1 })
    // The scale autoscales on the candles and the indicators only (the default): a trading
    // line off the visible range shows as a label pinned at the edge (chart-line-labels),
    // so a far liquidation line never squashes the candles into a strip.
    // Before the overlays: with a drawing tool active, a click draws instead of dragging a line.
    drawings = createDrawings({
      pane,
      chart,
      candles,
      container: el,
      axis,
      symbol: () => market.panes[pane]!.symbol,
      palette,
    })
    overlays = createOverlays({
      chart,
      candles,
      container: el,
      palette,
      lastPrice: () => bars[bars.length - 1]?.c ?? null,
      seriesLabels,
      symbol: () => market.panes[pane]!.symbol,
    })
    applyTheme()
    syncIndicators()
    unsubscribe = market.subscribe({ reset, bar }, pane)
    sync = deskSync.join(pane, {
      chart,
      candles,
      container: el,
      axis,
      closeAt: (i) => bars[shownFrom() + i]?.c ?? null,
    })
  })

  onBeforeUnmount(() => {
    unsubscribe?.()
    sync?.leave()
    overlays?.dispose()
    drawings?.dispose()
    drawings = null
    chart?.remove()
    chart = candles = volume = mark = null
    overlays = null
  })

  watch(() => ui.theme, applyTheme)
  watch(
    () => session.playing,
    (playing) => {
      if (!playing) repaintAll()
    },
  )
  watch(indicators, syncIndicators, { deep: true })

  const handle: CandleChartHandle = {
    stats: () => ({
      bars: bars.length,
      updates,
      painted,
      lastTime: bars[bars.length - 1]?.t ?? null,
      shown: bars.length - shownStart,
    }),
    priceToY: (price) => candles?.priceToCoordinate(price) ?? null,
    timeToX: (t) => chart?.timeScale().timeToCoordinate(toTime(t)) ?? null,
    markers: () => overlays?.markers() ?? [],
    labels: () => overlays?.labels() ?? [],
    visibleRange: () => {
      const r = candles?.priceScale().getVisibleRange()
      return r ? { min: Math.min(r.from, r.to), max: Math.max(r.from, r.to) } : null
    },
    paneHeight: () => overlays?.paneHeight() ?? 0,
    firstTime: () => bars[0]?.t ?? null,
    scrollToFirst: () => chart?.timeScale().scrollToPosition(-bars.length, false),
    visibleTimes: () => {
      const r = chart?.timeScale().getVisibleRange()
      return r ? { from: r.from as number, to: r.to as number } : null
    },
    syncedCrosshair: () => sync?.synced() ?? null,
    drawings: () => drawings?.placed() ?? [],
  }
  return handle
}
