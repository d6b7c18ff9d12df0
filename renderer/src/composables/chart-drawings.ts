/**
 * The trader's drawings on one pane (issue 14 item 7), drawn by one series primitive in the
 * manner of Lightweight Charts' plugin examples (trend-line, rectangle-drawing-tool): the
 * primitive's pane view converts each drawing's (time, price) points to pixels at draw time
 * (so drawings follow zoom, scroll and timeframe) and paints on the pane's canvas.
 * - A tool click (drawings store) becomes a point on the bar under the cursor and the price on
 *   the tick; a two-point tool shows a preview from its first point to the cursor.
 * - Without a tool, a press on a drawing selects it (handles shown); Delete / Backspace
 *   removes it and Esc deselects (use-keyboard). Hit-testing is by pixel distance to the
 *   shape, the approach of the plugin examples.
 * Geometry and labels are pure functions (tested without a canvas).
 */
import type {
  IChartApi,
  IPrimitivePaneRenderer,
  IPrimitivePaneView,
  ISeriesApi,
  ISeriesPrimitive,
  Logical,
  SeriesAttachedParameter,
  Time,
} from 'lightweight-charts'
import { watch } from 'vue'
import type { Drawing, DrawingPoint } from '../../../shared/contract/coach'
import type { SymbolId } from '../../../shared/market'
import { fmt, priceToTick, sumDecimals } from '../format/decimal-format'
import { instrument } from '../stores/instruments'
import { useDrawingsStore } from '../stores/drawings'
import type { ChartPalette } from './chart-theme'
import { indexAt, timeAt, type TimeAxis } from './chart-sync'

type CanvasRenderingTarget2D = Parameters<IPrimitivePaneRenderer['draw']>[0]
interface Px {
  x: number
  y: number
}

/** A drawing as placed on the pane (pixels), with its label; for drawing, hit-tests and drills. */
export interface PlacedDrawing {
  id: string
  kind: Drawing['kind']
  points: Px[]
  label: string
  selected: boolean
}

const HIT_PX = 6

/** Δ price, Δ % and bars between two points: the measure tool's label (display only). */
export function measureLabel(a: DrawingPoint, b: DrawingPoint, bars: number, dp: number): string {
  const delta = sumDecimals([b.price, a.price.startsWith('-') ? a.price.slice(1) : `-${a.price}`])
  // The percentage is derived for display from the two exact prices.
  const pct = (Number(delta) / Number(a.price)) * 100
  const sign = pct > 0 ? '+' : ''
  return `${fmt(delta, dp, true)} (${sign}${pct.toFixed(2)}%) · ${bars} bar${bars === 1 ? '' : 's'}`
}

function distToSegment(p: Px, a: Px, b: Px, ray = false): number {
  const dx = b.x - a.x
  const dy = b.y - a.y
  const len = dx * dx + dy * dy
  let u = len ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len : 0
  u = ray ? Math.max(0, u) : Math.min(1, Math.max(0, u))
  return Math.hypot(p.x - (a.x + u * dx), p.y - (a.y + u * dy))
}

/** Is pane point `p` on the placed drawing (within HIT_PX of its line or inside its box)? */
export function hitsDrawing(d: PlacedDrawing, p: Px): boolean {
  const [a, b] = d.points as [Px, Px | undefined]
  if (d.kind === 'hline') return Math.abs(p.y - a.y) <= HIT_PX
  if (!b) return false
  if (d.kind === 'trend') return distToSegment(p, a, b) <= HIT_PX
  if (d.kind === 'ray') return distToSegment(p, a, b, true) <= HIT_PX
  const [x0, x1] = [Math.min(a.x, b.x) - HIT_PX, Math.max(a.x, b.x) + HIT_PX]
  const [y0, y1] = [Math.min(a.y, b.y) - HIT_PX, Math.max(a.y, b.y) + HIT_PX]
  return p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1
}

/** The end of a ray from a through b at the pane's edge. */
function rayEnd(a: Px, b: Px, width: number, height: number): Px {
  const dx = b.x - a.x
  const dy = b.y - a.y
  if (!dx && !dy) return b
  const tx = dx > 0 ? (width - a.x) / dx : dx < 0 ? -a.x / dx : Infinity
  const ty = dy > 0 ? (height - a.y) / dy : dy < 0 ? -a.y / dy : Infinity
  const t = Math.max(1, Math.min(tx, ty))
  return { x: a.x + dx * t, y: a.y + dy * t }
}

export interface DrawingsLayer {
  /** The drawings as last placed on the pane, for the e2e drills. */
  placed(): PlacedDrawing[]
  dispose(): void
}

export function createDrawings(o: {
  pane: number
  chart: IChartApi
  candles: ISeriesApi<'Candlestick'>
  container: HTMLElement
  axis: TimeAxis
  symbol: () => SymbolId
  palette: () => ChartPalette
}): DrawingsLayer {
  const store = useDrawingsStore()
  const { chart, candles, container, axis } = o
  let hover: DrawingPoint | null = null
  let placed: PlacedDrawing[] = []
  let requestUpdate: (() => void) | null = null
  let size = { width: 0, height: 0 }

  function toPx(pt: DrawingPoint): Px | null {
    const i = indexAt(axis, pt.t)
    const y = candles.priceToCoordinate(Number(pt.price))
    if (i === null || y === null) return null
    const x = chart.timeScale().logicalToCoordinate(i as Logical)
    return x === null ? null : { x, y }
  }

  /** The point under a pane pixel: the bar's open time there, the price on the tick. */
  function toPoint(x: number, y: number): DrawingPoint | null {
    const logical = chart.timeScale().coordinateToLogical(x)
    const price = candles.coordinateToPrice(y)
    if (logical === null || price === null || price <= 0) return null
    const t = timeAt(axis, Math.round(logical))
    if (t === null) return null
    return { t: Math.round(t), price: priceToTick(price, instrument(o.symbol()).tickSize) }
  }

  function bars(a: DrawingPoint, b: DrawingPoint): number {
    const i = indexAt(axis, a.t)
    const j = indexAt(axis, b.t)
    return i === null || j === null ? 0 : Math.round(Math.abs(j - i))
  }

  function place(d: Pick<Drawing, 'id' | 'kind' | 'points'>): PlacedDrawing | null {
    const pts = d.points.map(toPx)
    if (pts.some((p) => p === null)) return null
    const dp = instrument(o.symbol()).priceDp
    const label =
      d.kind === 'measure' && d.points.length === 2
        ? measureLabel(d.points[0]!, d.points[1]!, bars(d.points[0]!, d.points[1]!), dp)
        : d.kind === 'hline'
          ? fmt(d.points[0]!.price, dp)
          : ''
    return { id: d.id, kind: d.kind, points: pts as Px[], label, selected: d.id === store.selected }
  }

  function layout(): PlacedDrawing[] {
    const out: PlacedDrawing[] = []
    for (const d of store.of(o.symbol())) {
      const p = place(d)
      if (p) out.push(p)
    }
    const pend = store.pending
    if (pend && pend.pane === o.pane && store.tool && hover) {
      const p = place({ id: 'preview', kind: store.tool, points: [pend.point, hover] })
      if (p) out.push({ ...p, selected: true })
    }
    return out
  }

  function draw(target: CanvasRenderingTarget2D) {
    target.useMediaCoordinateSpace(({ context: ctx, mediaSize }) => {
      size = mediaSize
      placed = layout()
      const pal = o.palette()
      ctx.font = '11px -apple-system, "Segoe UI", Roboto, sans-serif'
      ctx.textBaseline = 'middle'
      for (const d of placed) {
        const [a, b] = d.points as [Px, Px | undefined]
        const up = b ? b.y <= a.y : true
        const color = d.kind === 'measure' ? (up ? pal.up : pal.down) : pal.draw
        ctx.strokeStyle = color
        ctx.fillStyle = color
        ctx.lineWidth = d.selected ? 2 : 1.5
        ctx.setLineDash(d.id === 'preview' ? [4, 3] : [])
        ctx.beginPath()
        if (d.kind === 'hline') {
          ctx.moveTo(0, a.y)
          ctx.lineTo(mediaSize.width, a.y)
        } else if (b && (d.kind === 'trend' || d.kind === 'ray')) {
          const end = d.kind === 'ray' ? rayEnd(a, b, mediaSize.width, mediaSize.height) : b
          ctx.moveTo(a.x, a.y)
          ctx.lineTo(end.x, end.y)
        } else if (b) {
          const x = Math.min(a.x, b.x)
          const y = Math.min(a.y, b.y)
          const w = Math.abs(b.x - a.x)
          const h = Math.abs(b.y - a.y)
          ctx.globalAlpha = 0.14
          ctx.fillRect(x, y, w, h)
          ctx.globalAlpha = 1
          ctx.rect(x, y, w, h)
        }
        ctx.stroke()
        ctx.setLineDash([])
        if (d.label) {
          const tw = Math.ceil(ctx.measureText(d.label).width) + 10
          const lx =
            d.kind === 'hline'
              ? 6
              : Math.max(2, Math.min(mediaSize.width - tw - 2, (a.x + b!.x) / 2 - tw / 2))
          const ly = d.kind === 'hline' ? a.y - 10 : Math.min(a.y, b!.y) - 11
          ctx.fillStyle = pal.bg
          ctx.fillRect(lx, ly - 8, tw, 16)
          ctx.strokeStyle = color
          ctx.lineWidth = 1
          ctx.strokeRect(lx + 0.5, ly - 7.5, tw - 1, 15)
          ctx.fillStyle = color
          ctx.fillText(d.label, lx + 5, ly)
        }
        if (d.selected)
          for (const p of d.points) {
            ctx.fillStyle = pal.bg
            ctx.fillRect(p.x - 4, p.y - 4, 8, 8)
            ctx.strokeStyle = color
            ctx.lineWidth = 1.5
            ctx.strokeRect(p.x - 4, p.y - 4, 8, 8)
          }
      }
    })
  }

  const renderer: IPrimitivePaneRenderer = { draw }
  const views: readonly IPrimitivePaneView[] = [{ zOrder: () => 'top', renderer: () => renderer }]
  const primitive: ISeriesPrimitive<Time> = {
    attached: (p: SeriesAttachedParameter<Time>) => void (requestUpdate = p.requestUpdate),
    detached: () => void (requestUpdate = null),
    paneViews: () => views,
  }
  candles.attachPrimitive(primitive)
  const redraw = () => requestUpdate?.()

  function local(ev: MouseEvent): Px {
    const r = container.getBoundingClientRect()
    return { x: ev.clientX - r.left, y: ev.clientY - r.top }
  }
  const inPane = (p: Px) => p.x >= 0 && p.y >= 0 && p.x < size.width && p.y < size.height

  function onDown(ev: MouseEvent) {
    if (ev.button !== 0) return
    const p = local(ev)
    if (!inPane(p)) return
    if (store.tool) {
      // A tool click draws: the chart must not start a pan or a line drag under it.
      ev.preventDefault()
      ev.stopImmediatePropagation()
      const pt = toPoint(p.x, p.y)
      if (pt) store.click(o.pane, o.symbol(), pt)
      hover = pt
      redraw()
      return
    }
    const hit = [...placed].reverse().find((d) => d.id !== 'preview' && hitsDrawing(d, p))
    if (hit) store.select(hit.id)
    else if (store.selected && store.of(o.symbol()).some((d) => d.id === store.selected))
      store.select(null)
  }

  function onMove(ev: MouseEvent) {
    if (!store.tool) {
      if (store.selected !== null || placed.length) {
        const p = local(ev)
        const over = placed.some((d) => hitsDrawing(d, p))
        if (over) container.style.cursor = 'pointer'
        else if (container.style.cursor === 'pointer') container.style.cursor = ''
      }
      return
    }
    container.style.cursor = 'crosshair'
    const p = local(ev)
    hover = inPane(p) ? toPoint(p.x, p.y) : null
    if (store.pending?.pane === o.pane) redraw()
  }

  container.addEventListener('mousedown', onDown, true)
  container.addEventListener('mousemove', onMove)
  const stop = watch(
    () => [store.list, store.selected, store.pending, store.tool, o.symbol()] as const,
    ([, , , tool]) => {
      if (!tool && container.style.cursor === 'crosshair') container.style.cursor = ''
      // While a tool is active a drag must not pan the chart under the trader's clicks.
      chart.applyOptions({ handleScroll: !tool })
      redraw()
    },
  )

  return {
    placed: () => placed,
    dispose() {
      stop()
      container.removeEventListener('mousedown', onDown, true)
      container.removeEventListener('mousemove', onMove)
      candles.detachPrimitive(primitive)
    },
  }
}
