/**
 * Labels of the trading lines (position, LIQ, BE, TP/SL, orders, alerts), drawn by one series
 * primitive instead of Lightweight Charts' price-line titles, for two reasons the built-in
 * titles cannot meet (issue 14 item 1):
 * - the price scale autoscales on the candles only, so a line can be outside the visible
 *   range; its label is then pinned at the pane's top or bottom edge with an arrow and its
 *   distance from the last price in %, instead of vanishing (or squashing the candles);
 * - labels never overlap: they are laid out top to bottom and pushed apart (`layoutLabels`).
 * The layout is a pure function so it is unit-tested without a canvas.
 */
import type {
  IPrimitivePaneRenderer,
  IPrimitivePaneView,
  ISeriesApi,
  ISeriesPrimitive,
  SeriesAttachedParameter,
  Time,
} from 'lightweight-charts'

type CanvasRenderingTarget2D = Parameters<IPrimitivePaneRenderer['draw']>[0]

export interface LineLabel {
  price: number
  /** Text while the line is on screen, e.g. "LIQ 4.61%". */
  text: string
  /** Short name used when pinned at an edge, e.g. "LIQ". */
  short: string
  color: string
  /**
   * Off the visible range: pin at the edge (trading lines), or hide (false: a series' last
   * value, e.g. Mark or MA 20, which is only off-range when the trader scrolled back).
   */
  pin?: boolean
}

export interface PlacedLabel {
  text: string
  color: string
  /** Pixel rows from the pane's top. */
  top: number
  bottom: number
  pinned: 'top' | 'bottom' | null
  /** Index of the source label it was laid out from. */
  index: number
  /** Horizontal extent in pane pixels, known once drawn. */
  left?: number
  right?: number
}

export const LABEL_H = 16
const GAP = 1

/**
 * Place labels on a pane of `height` px: at their line's y when visible, pinned at the edge
 * (arrow + distance from `ref` in %) when their price is outside [min, max]; then push apart
 * so no two overlap, keeping everything inside the pane while there is room.
 */
export function layoutLabels(
  labels: readonly LineLabel[],
  yOf: (price: number) => number | null,
  range: { min: number; max: number },
  height: number,
  ref: number | null,
): PlacedLabel[] {
  const items = labels.flatMap((l, index) => {
    const above = l.price > range.max
    const below = l.price < range.min
    const y = above || below ? null : yOf(l.price)
    const pinned: PlacedLabel['pinned'] =
      above || (y !== null && y < 0) ? 'top' : below || (y !== null && y > height) ? 'bottom' : null
    if (pinned && l.pin === false) return []
    let text = l.text
    if (pinned) {
      const dist = ref && ref > 0 ? `${((Math.abs(l.price - ref) / ref) * 100).toFixed(2)}%` : ''
      text = `${l.short} ${pinned === 'top' ? '▲' : '▼'} ${dist}`.trim()
    }
    const want = pinned === 'top' ? 0 : pinned === 'bottom' ? height : (y ?? 0)
    return [{ text, color: l.color, pinned, want, top: 0, index }]
  })
  items.sort((a, b) => a.want - b.want)
  const maxTop = Math.max(0, height - LABEL_H)
  let prevBottom = -Infinity
  for (const it of items) {
    it.top = Math.min(maxTop, Math.max(0, it.want - LABEL_H / 2, prevBottom + GAP))
    prevBottom = it.top + LABEL_H
  }
  // Pushed past the bottom: walk back up so the lowest label ends at the pane's edge.
  let nextTop = Infinity
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i]!
    it.top = Math.max(0, Math.min(it.top, maxTop, nextTop - GAP - LABEL_H))
    nextTop = it.top
  }
  return items.map(({ text, color, pinned, top, index }) => ({
    text,
    color,
    pinned,
    top,
    bottom: top + LABEL_H,
    index,
  }))
}

/** The primitive: attach to the candle series; it reads and lays out its labels per draw. */
export class LineLabelsPrimitive implements ISeriesPrimitive<Time> {
  private placed: PlacedLabel[] = []
  private series: ISeriesApi<'Candlestick'> | null = null
  private requestUpdate: (() => void) | null = null
  private height = 0
  private width = 0
  private readonly views: readonly IPrimitivePaneView[]

  constructor(
    private readonly style: () => { bg: string; font: string },
    private readonly lastPrice: () => number | null,
    /** Read at every draw, so labels follow the newest bar without a push per frame. */
    private readonly source: () => LineLabel[],
  ) {
    const renderer: IPrimitivePaneRenderer = { draw: (t) => this.draw(t) }
    this.views = [{ zOrder: () => 'top', renderer: () => renderer }]
  }

  attached(p: SeriesAttachedParameter<Time>): void {
    this.series = p.series as ISeriesApi<'Candlestick'>
    this.requestUpdate = p.requestUpdate
  }

  detached(): void {
    this.series = null
    this.requestUpdate = null
  }

  paneViews(): readonly IPrimitivePaneView[] {
    return this.views
  }

  /** Redraw now (lines changed or one is being dragged). */
  invalidate(): void {
    this.requestUpdate?.()
  }

  /** The labels as last drawn (pane pixels), for the e2e drills. */
  current(): PlacedLabel[] {
    return this.placed
  }

  /** The drawn label under a pane point, if any (labels are handles for dragging lines). */
  at(x: number, y: number): PlacedLabel | null {
    return (
      this.placed.find(
        (l) => l.left !== undefined && x >= l.left && x <= l.right! && y >= l.top && y <= l.bottom,
      ) ?? null
    )
  }

  paneHeight(): number {
    return this.height
  }

  private layout(): void {
    const s = this.series
    const range = s?.priceScale().getVisibleRange()
    if (!s || !range || !this.height) {
      this.placed = []
      return
    }
    const min = Math.min(range.from, range.to)
    const max = Math.max(range.from, range.to)
    this.placed = layoutLabels(
      this.source(),
      (p) => s.priceToCoordinate(p),
      { min, max },
      this.height,
      this.lastPrice(),
    )
  }

  private draw(target: CanvasRenderingTarget2D): void {
    target.useMediaCoordinateSpace(({ context: ctx, mediaSize }) => {
      this.height = mediaSize.height
      this.width = mediaSize.width
      this.layout()
      const { bg, font } = this.style()
      ctx.font = font
      ctx.textBaseline = 'middle'
      for (const l of this.placed) {
        const w = Math.ceil(ctx.measureText(l.text).width) + 10
        const x = this.width - w - 2
        l.left = x
        l.right = x + w
        ctx.fillStyle = bg
        ctx.fillRect(x, l.top, w, LABEL_H - 1)
        ctx.strokeStyle = l.color
        ctx.lineWidth = 1
        ctx.strokeRect(x + 0.5, l.top + 0.5, w - 1, LABEL_H - 2)
        ctx.fillStyle = l.color
        ctx.fillText(l.text, x + 5, l.top + LABEL_H / 2)
      }
    })
  }
}
