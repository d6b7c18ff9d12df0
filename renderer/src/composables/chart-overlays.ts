/**
 * Trading overlays on the candle series: price lines for entry, liquidation, break-even,
 * TP/SL and open orders; markers for fills, liquidations, ADL and funding; and dragging.
 * Lightweight Charts does not drag price lines itself, so a pointer handler finds the line
 * under the cursor (priceToCoordinate), moves it while the button is down (coordinateToPrice)
 * and sends the engine command on release: amendOrder for orders, setPositionTpSl for TP/SL,
 * and dragging the entry line creates a stop-loss (losing side) or take-profit (winning side).
 */
import {
  createSeriesMarkers,
  LineStyle,
  type IChartApi,
  type IPriceLine,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type SeriesMarker,
  type Time,
} from 'lightweight-charts'
import { watch } from 'vue'
import type { AlertSpec } from '../../../shared/contract/coach'
import type { SymbolId } from '../../../shared/market'
import type { PositionView, OrderView } from '../../../shared/trading/views'
import { abs, fmt, priceToTick, signOf, sumDecimals } from '../format/decimal-format'
import { toTime } from '../format/chart-adapters'
import { checkField, priceRule } from '../format/field-check'
import { instrument } from '../stores/instruments'
import { useAccountStore } from '../stores/account'
import { useCoachStore } from '../stores/coach'
import { useOrdersStore } from '../stores/orders'
import { useUiStore } from '../stores/ui'
import type { ChartPalette } from './chart-theme'
import { LineLabelsPrimitive, type LineLabel, type PlacedLabel } from './chart-line-labels'
import { liqDistance } from '../components/coach/liq-distance'

type PriceAlert = Extract<AlertSpec, { kind: 'price' }>

type DragKind =
  | { kind: 'order'; order: OrderView; field: 'price' | 'stopPrice' }
  | { kind: 'alert'; alert: PriceAlert }
  | { kind: 'tp' | 'sl'; position: PositionView }
  | { kind: 'entry'; position: PositionView }

interface Drawn {
  line: IPriceLine
  price: number
  label: LineLabel
  drag?: DragKind
  /** Colour, style and width: a line of the same look is reused on the next redraw. */
  look: string
}

export interface Overlays {
  refresh(): void
  /** After the candles of a frame were painted: markers set before it are set again. */
  afterPaint(): void
  /** The markers currently set (time in seconds and text), for tests. */
  markers(): { time: number; text: string }[]
  /** The line labels as last drawn, with their pixel rows and whether pinned at an edge. */
  labels(): PlacedLabel[]
  paneHeight(): number
  setTimeframe(tfMs: number): void
  dispose(): void
}

const HIT_PX = 6

export function createOverlays(o: {
  chart: IChartApi
  candles: ISeriesApi<'Candlestick'>
  container: HTMLElement
  palette: () => ChartPalette
  /** Last price, for the distance shown on labels pinned at the scale's edge. */
  lastPrice: () => number | null
  /** Labels of the candle pane's line series (Mark, indicators), laid out with the lines'. */
  seriesLabels: () => LineLabel[]
  /** The pane's symbol: only its positions, orders and events are drawn. */
  symbol: () => SymbolId
}): Overlays {
  const account = useAccountStore()
  const orders = useOrdersStore()
  const coach = useCoachStore()
  const { chart, candles, container } = o
  const markers: ISeriesMarkersPluginApi<Time> = createSeriesMarkers(candles, [])
  let drawn: Drawn[] = []
  /** Lines of the last redraw not reused yet, by look. */
  let spare = new Map<string, Drawn[]>()
  let tfMs = 60_000
  let dragging: { d: Drawn; startPrice: number } | null = null
  const labels = new LineLabelsPrimitive(
    () => ({ bg: o.palette().bg, font: '11px -apple-system, "Segoe UI", Roboto, sans-serif' }),
    o.lastPrice,
    () => drawn.map((d) => d.label).concat(o.seriesLabels()),
  )
  candles.attachPrimitive(labels)

  function pushLabels() {
    labels.invalidate()
  }

  function sideOf(p: PositionView): 'LONG' | 'SHORT' {
    if (p.positionSide !== 'BOTH') return p.positionSide
    return signOf(p.size) < 0 ? 'SHORT' : 'LONG'
  }

  function add(
    price: number,
    color: string,
    title: string,
    style: LineStyle,
    drag?: DragKind,
    width = 1,
    short = title,
  ) {
    if (!Number.isFinite(price) || price <= 0) return
    // Every replay frame redraws the lines (their PnL titles move): a line of the same look
    // from the last redraw is moved instead of removed and created again, so a frame whose
    // lines did not move costs no chart work.
    const look = `${color}|${style}|${width}`
    const reused = spare.get(look)?.pop()
    if (reused && reused.price !== price) reused.line.applyOptions({ price })
    // The title is drawn by the labels primitive (pinned when off-scale, never overlapping).
    const line =
      reused?.line ??
      candles.createPriceLine({
        price,
        color,
        lineWidth: width as 1,
        lineStyle: style,
        axisLabelVisible: true,
        title: '',
      })
    drawn.push({
      line,
      price,
      label: { price, text: title, short, color },
      look,
      ...(drag ? { drag } : {}),
    })
  }

  function drawLines() {
    if (dragging) return
    spare = new Map()
    for (const d of drawn) spare.set(d.look, [...(spare.get(d.look) ?? []), d])
    drawn = []
    const p = o.palette()
    const sym = o.symbol()
    const i = instrument(sym)
    for (const pos of account.positions.filter((x) => x.symbol === sym)) {
      const side = sideOf(pos)
      const col = side === 'LONG' ? p.up : p.down
      const pnl = fmt(pos.unrealizedPnl, 2, true)
      add(
        Number(pos.entryPrice),
        col,
        `${side} ${fmt(abs(pos.size), i.qtyDp)}  ${pnl}`,
        LineStyle.Solid,
        { kind: 'entry', position: pos },
        2,
        side,
      )
      // The liquidation line says how far away it is (the coach's liquidation-distance readout).
      const dist = liqDistance(pos, i.priceDp)
      const liqTitle = dist ? `LIQ ${dist.percent}%` : 'LIQ'
      add(Number(pos.liquidationPrice), p.amber, liqTitle, LineStyle.Dashed, undefined, 2, 'LIQ')
      add(Number(pos.breakEvenPrice), p.neutral, 'BE', LineStyle.SparseDotted)
      if (pos.takeProfit)
        add(Number(pos.takeProfit.stopPrice), p.up, 'TP', LineStyle.Dashed, {
          kind: 'tp',
          position: pos,
        })
      if (pos.stopLoss)
        add(Number(pos.stopLoss.stopPrice), p.down, 'SL', LineStyle.Dashed, {
          kind: 'sl',
          position: pos,
        })
    }
    for (const ord of account.openOrders.filter((x) => x.symbol === sym && x.origin === 'USER')) {
      const qty = ord.closePosition ? 'close' : fmt(ord.quantity, i.qtyDp)
      const label = `${ord.type.replace(/_/g, ' ')} ${ord.side} ${qty}${ord.reduceOnly ? ' RO' : ''}`
      if (ord.stopPrice && !ord.triggered) {
        const tp = ord.type.startsWith('TAKE_PROFIT')
        const short = tp ? 'TP order' : 'Stop order'
        add(
          Number(ord.stopPrice),
          tp ? p.up : p.order,
          label,
          LineStyle.Dotted,
          { kind: 'order', order: ord, field: 'stopPrice' },
          1,
          short,
        )
      } else if (ord.type === 'TRAILING_STOP_MARKET' && ord.trailingStopPrice) {
        // An active trailing stop: the line is the live level it triggers at (the engine's
        // best price seen × (1 ∓ callback), on the tick), moving with every new extreme.
        add(
          Number(ord.trailingStopPrice),
          p.order,
          `TRAILING ${ord.side} ${qty} ${ord.callbackRate}%`,
          LineStyle.Dotted,
          undefined,
          1,
          'Trailing',
        )
      } else if (ord.type === 'TRAILING_STOP_MARKET' && ord.activationPrice) {
        // A trailing stop waiting for its activation price: the line is where it starts to trail.
        add(
          Number(ord.activationPrice),
          p.order,
          `TRAILING ${ord.side} ${qty} ${ord.callbackRate}% from here`,
          LineStyle.Dotted,
          undefined,
          1,
          'Trailing act.',
        )
      } else if (ord.price) {
        add(
          Number(ord.price),
          p.order,
          label,
          LineStyle.Dotted,
          { kind: 'order', order: ord, field: 'price' },
          1,
          `${ord.side} limit`,
        )
      }
    }
    // Price alerts of this symbol: dashed lines to drag like orders (the new level goes to the
    // host and re-arms the alert); a fired one stays, greyed, until dragged, re-armed or removed.
    for (const a of coach.alerts) {
      const s = a.spec
      if (s.kind !== 'price' || s.symbol !== sym) continue
      const sign = s.direction === 'above' ? '≥' : '≤'
      add(
        Number(s.price),
        a.armed ? p.alert : p.neutral,
        `Alert ${s.source} ${sign} ${fmt(s.price, i.priceDp)}${a.armed ? '' : ' (fired)'}`,
        a.armed ? LineStyle.Dashed : LineStyle.SparseDotted,
        { kind: 'alert', alert: s },
        1,
        'Alert',
      )
    }
    for (const rest of spare.values()) for (const d of rest) candles.removePriceLine(d.line)
    spare = new Map()
    pushLabels()
  }

  /**
   * The bar an engine event belongs to. Events carry the replay time of the step that made
   * them, the close of the bar just revealed (docs/sessions.md, one time convention): the bar
   * is (t − step, t], so one that closes at t; the bar that opens at t is not revealed yet.
   */
  function bucket(t: number): number {
    return Math.floor((t - 1) / tfMs) * tfMs
  }

  /** Markers were set since the last paint (see afterPaint). */
  let unplaced = false
  /**
   * A pane narrower than this (a 2×2 or side-by-side layout) labels a fill marker with its
   * side and quantity only: "B 0.2@20567.8" ran under the position's label near the right edge.
   * The price stays in Trade History and on the crosshair.
   */
  const COMPACT_BELOW_PX = 600
  let compact = false
  /** Width 0: not laid out (hidden, or no layout at all): the full text. */
  const narrow = (): boolean =>
    container.clientWidth > 0 && container.clientWidth < COMPACT_BELOW_PX
  const resized = new ResizeObserver(() => {
    if (narrow() !== compact) drawMarkers()
  })
  resized.observe(container)
  function drawMarkers() {
    compact = narrow()
    const p = o.palette()
    const sym = o.symbol()
    const out: SeriesMarker<Time>[] = []
    // Fills of one side on one bar become one marker ("B×3 0.03"): stacked texts on a bar
    // are unreadable at any zoom. The newest fill's price stands for the group.
    const fills = new Map<string, { time: Time; buy: boolean; qty: string[]; last: string }>()
    for (const e of account.events) {
      if (e.type === 'orderFilled' && e.fill.symbol === sym && e.order.origin !== 'LIQUIDATION') {
        const buy = e.fill.side === 'BUY'
        const time = toTime(bucket(e.t))
        const key = `${time}:${buy ? 'B' : 'S'}`
        const text = `${e.fill.price}${e.fill.pathAssumed ? ' ⚠' : ''}`
        const g = fills.get(key)
        if (g) {
          g.qty.push(e.fill.quantity)
          g.last = text
        } else fills.set(key, { time, buy, qty: [e.fill.quantity], last: text })
      } else if (e.type === 'liquidation' && e.symbol === sym) {
        // Inside the bar's range, not above it: a liquidation happens at the extreme of a
        // wick, where an above-bar marker would be cut off by the pane's edge.
        out.push({
          time: toTime(bucket(e.t)),
          position: 'atPriceMiddle',
          price: Number(e.fillPrice),
          shape: 'square',
          color: p.down,
          text: `LIQ @${e.fillPrice}`,
        })
      } else if (e.type === 'autoDeleveraged' && e.symbol === sym) {
        out.push({
          time: toTime(bucket(e.t)),
          position: 'aboveBar',
          shape: 'circle',
          color: p.order,
          text: 'ADL',
        })
      } else if (e.type === 'fundingSettled' && e.symbol === sym) {
        out.push({
          time: toTime(bucket(e.t)),
          position: 'belowBar',
          shape: 'circle',
          color: p.amber,
          text: 'F',
          size: 0.5,
        })
      }
    }
    for (const g of fills.values()) {
      const n = g.qty.length
      const side = g.buy ? 'B' : 'S'
      out.push({
        time: g.time,
        position: g.buy ? 'belowBar' : 'aboveBar',
        shape: g.buy ? 'arrowUp' : 'arrowDown',
        color: g.buy ? p.up : p.down,
        text:
          n > 1
            ? `${side}×${n} ${sumDecimals(g.qty)}`
            : compact
              ? `${side} ${g.qty[0]}`
              : `${side} ${g.qty[0]}@${g.last}`,
      })
    }
    out.sort((a, b) => (a.time as number) - (b.time as number))
    markers.setMarkers(out)
    unplaced = true
  }

  /**
   * A replay frame's events are applied before its bars are painted, so markers can be set
   * while their bar is not in the series yet; Lightweight Charts places a marker on the bar
   * its time matched when it was set and then did not draw it (a LIQ marker missing after a
   * pause on liquidation at max speed until the chart was resized). Set again once painted.
   */
  function afterPaint() {
    if (!unplaced) return
    drawMarkers()
    unplaced = false
  }

  function refresh() {
    drawLines()
    drawMarkers()
  }

  // --- dragging -----------------------------------------------------------------------
  function localY(ev: MouseEvent): number {
    return ev.clientY - container.getBoundingClientRect().top
  }

  function localX(ev: MouseEvent): number {
    return ev.clientX - container.getBoundingClientRect().left
  }

  /**
   * The draggable line under the pointer: its label (also when pinned at the scale's edge,
   * so an off-screen stop can be pulled back into view) or the line itself within HIT_PX.
   */
  function hit(x: number, y: number): Drawn | null {
    const label = labels.at(x, y)
    const byLabel = label && label.index < drawn.length ? drawn[label.index]! : null
    if (byLabel?.drag) return byLabel
    let best: Drawn | null = null
    let bestDist = HIT_PX + 1
    for (const d of drawn) {
      if (!d.drag) continue
      const c = candles.priceToCoordinate(d.price)
      if (c === null) continue
      const dist = Math.abs(c - y)
      if (dist < bestDist) {
        best = d
        bestDist = dist
      }
    }
    return best
  }

  function onDown(ev: MouseEvent) {
    if (ev.button !== 0) return
    const d = hit(localX(ev), localY(ev))
    if (!d) return
    ev.preventDefault()
    ev.stopPropagation()
    dragging = { d, startPrice: d.price }
    chart.applyOptions({ handleScroll: false, handleScale: false })
    // Freeze the price scale while dragging: a new bar could rescale it under the cursor.
    candles.priceScale().applyOptions({ autoScale: false })
    window.addEventListener('mousemove', onDragMove, true)
    window.addEventListener('mouseup', onUp, true)
  }

  function onDragMove(ev: MouseEvent) {
    if (!dragging) return
    const price = candles.coordinateToPrice(localY(ev))
    if (price === null) return
    dragging.d.price = price
    const k = dragging.d.drag!.kind
    const title =
      price <= 0
        ? 'price must be above 0'
        : k === 'entry'
          ? isLosing(dragging.d.drag!, price)
            ? 'new SL'
            : 'new TP'
          : undefined
    dragging.d.line.applyOptions({ price })
    dragging.d.label = {
      ...dragging.d.label,
      price,
      ...(title ? { text: title, short: title } : {}),
    }
    pushLabels()
  }

  function isLosing(drag: DragKind, price: number): boolean {
    if (drag.kind !== 'entry') return false
    const long = sideOf(drag.position) === 'LONG'
    const entry = Number(drag.position.entryPrice)
    return long ? price < entry : price > entry
  }

  async function onUp() {
    window.removeEventListener('mousemove', onDragMove, true)
    window.removeEventListener('mouseup', onUp, true)
    chart.applyOptions({ handleScroll: true, handleScale: true })
    candles.priceScale().applyOptions({ autoScale: true })
    const cur = dragging
    dragging = null
    if (!cur || Math.abs(cur.d.price - cur.startPrice) < 1e-9) return refresh()
    const drag = cur.d.drag!
    const tick = instrument(o.symbol()).tickSize
    const price = priceToTick(cur.d.price, tick)
    // Dragged to 0 or below the axis (issue 13.6): nothing is sent; the line goes back and a
    // toast says why, as a typed field would (the host refuses it too).
    const problem = checkField(price, priceRule('Price', tick))
    if (problem) {
      useUiStore().toast('error', 'Line not moved', problem)
      return refresh()
    }
    if (drag.kind === 'order') {
      await orders.amend(drag.order.orderId, { [drag.field]: price })
    } else if (drag.kind === 'alert') {
      // Moved to the other side of the price, it now waits for the price to come back to it
      // (a "falls to" alert dragged above the last price becomes "rises to"), and it re-arms.
      const last = o.lastPrice()
      const direction =
        last === null ? drag.alert.direction : cur.d.price >= last ? 'above' : 'below'
      await coach.setAlert({ ...drag.alert, price, direction })
    } else {
      const pos = drag.position
      const tp = drag.kind === 'tp' || (drag.kind === 'entry' && !isLosing(drag, cur.d.price))
      // A new leg triggers on Last, Binance's default; the TP/SL tab can switch it to Mark.
      const leg = {
        stopPrice: price,
        workingType: (tp ? pos.takeProfit : pos.stopLoss)?.workingType ?? 'CONTRACT_PRICE',
      }
      await orders.setTpSl(pos.symbol, pos.positionSide, tp ? leg : undefined, tp ? undefined : leg)
    }
    refresh()
  }

  function onHover(ev: MouseEvent) {
    if (dragging) return
    container.style.cursor = hit(localX(ev), localY(ev)) ? 'ns-resize' : ''
  }

  container.addEventListener('mousedown', onDown, true)
  container.addEventListener('mousemove', onHover)

  // Every replay frame brings a new account view (the lines' PnL titles), but markers only
  // change with new events: rebuild each from what it shows, not both on every frame.
  const stopLines = watch(
    () => [account.account, o.symbol(), coach.alerts] as const,
    () => drawLines(),
  )
  const stopMarkers = watch(
    () => [account.events, o.symbol()] as const,
    () => drawMarkers(),
  )

  return {
    refresh,
    afterPaint,
    markers: () => markers.markers().map((m) => ({ time: m.time as number, text: m.text ?? '' })),
    labels: () => labels.current(),
    paneHeight: () => labels.paneHeight(),
    setTimeframe(ms: number) {
      tfMs = ms
    },
    dispose() {
      stopLines()
      stopMarkers()
      resized.disconnect()
      container.removeEventListener('mousedown', onDown, true)
      container.removeEventListener('mousemove', onHover)
      window.removeEventListener('mousemove', onDragMove, true)
      window.removeEventListener('mouseup', onUp, true)
      markers.detach()
      candles.detachPrimitive(labels)
    },
  }
}
