/**
 * Candles for the chart panes, each pane's symbol and timeframe, the layout (1, 2 side by
 * side, 2×2), the focused pane, and the latest last/mark prices. Candle arrays are kept OUT
 * of Vue reactivity (they can be 50k+ bars); each pane's chart subscribes to `reset`
 * (setData) and `bar` (update) notifications instead. `symbol` and `timeframe` are the
 * focused pane's: the ticket, the header and the keyboard follow the focused pane.
 */
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, readonly, ref, shallowRef } from 'vue'
import type { CandleSet, FundingNow, ReplayFrame } from '../../../shared/contract'
import {
  TIMEFRAMES,
  type Bar,
  type SeriesOrigin,
  type SymbolId,
  type Timeframe,
} from '../../../shared/market'
import { hostClient } from '../services/client'

export interface ChartListener {
  /** A whole new candle set: call setData. */
  reset(set: CandleSet): void
  /**
   * One candle of the pane's symbol to `update` the chart with. `display` is true when it is
   * already a candle of the pane's timeframe (frame `updates`), false for a base-step bar
   * the chart folds into the forming candle itself.
   */
  bar(last: Bar, mark: Bar, display: boolean): void
}

export interface Ticker {
  last: number
  mark: number
  /** The previous last price, for the up/down colour of the header. */
  prev?: number
}

/** How many chart panes the desk shows: one, two side by side, or a 2×2 grid. */
export type Layout = 1 | 2 | 4
export const LAYOUTS: Layout[] = [1, 2, 4]
export const MAX_PANES = 4

export interface PaneSpec {
  symbol: SymbolId
  timeframe: Timeframe
}

/** What a pane shows besides its candles (reactive: its toolbar and legend read it). */
export interface PaneInfo {
  markOrigin: SeriesOrigin
  loading: boolean
  error: string | null
}

/**
 * The layout and the panes' symbols and timeframes are remembered globally (one desk, as a
 * trading app remembers its chart layout), not per session: on opening a scenario a pane
 * whose symbol it lacks takes one of the scenario's symbols instead.
 */
const LAYOUT_KEY = 'perpdojo.chartLayout'

function storedLayout(): { layout: Layout; panes: PaneSpec[]; focused: number } {
  const fallback = { layout: 1 as Layout, panes: [] as PaneSpec[], focused: 0 }
  try {
    const raw = JSON.parse(localStorage.getItem(LAYOUT_KEY) ?? 'null') as unknown
    if (!raw || typeof raw !== 'object') return fallback
    const r = raw as { layout?: unknown; panes?: unknown; focused?: unknown }
    const layout = LAYOUTS.includes(r.layout as Layout) ? (r.layout as Layout) : 1
    const panes = (Array.isArray(r.panes) ? r.panes : [])
      .slice(0, MAX_PANES)
      .filter(
        (p): p is PaneSpec =>
          !!p &&
          typeof (p as PaneSpec).symbol === 'string' &&
          /^[A-Z0-9]{2,20}$/.test((p as PaneSpec).symbol) &&
          (TIMEFRAMES as readonly string[]).includes((p as PaneSpec).timeframe),
      )
      .map((p) => ({ symbol: p.symbol, timeframe: p.timeframe }))
    const focused =
      typeof r.focused === 'number' && Number.isInteger(r.focused) && r.focused < layout
        ? Math.max(0, r.focused)
        : 0
    return { layout, panes, focused }
  } catch {
    return fallback
  }
}

export const useMarketStore = defineStore('market', () => {
  const stored = storedLayout()
  const layout = ref<Layout>(stored.layout)
  const panes = ref<PaneSpec[]>(
    Array.from(
      { length: MAX_PANES },
      (_, i) => stored.panes[i] ?? { symbol: 'BTCUSDT', timeframe: '1m' },
    ),
  )
  const focused = ref(stored.focused)
  const info = ref<PaneInfo[]>(
    Array.from({ length: MAX_PANES }, () => ({
      markOrigin: 'recorded',
      loading: false,
      error: null,
    })),
  )
  const symbol = computed(() => panes.value[focused.value]!.symbol)
  const timeframe = computed(() => panes.value[focused.value]!.timeframe)
  const markOrigin = computed(() => info.value[focused.value]!.markOrigin)
  const loading = computed(() => info.value.slice(0, layout.value).some((p) => p.loading))
  const error = computed(() => info.value[focused.value]!.error)
  const tickers = shallowRef<Record<SymbolId, Ticker>>({})
  /** Funding per symbol as known at replay time (from candle sets and frames). */
  const funding = shallowRef<Record<SymbolId, FundingNow>>({})

  let sessionId: string | null = null
  let scenarioSymbols: SymbolId[] = []
  // Per pane, plain (not reactive): the candle set shown, its chart listeners, the load in flight.
  const current: (CandleSet | null)[] = Array.from({ length: MAX_PANES }, () => null)
  const listeners: Set<ChartListener>[] = Array.from({ length: MAX_PANES }, () => new Set())
  const loadSeq: number[] = Array.from({ length: MAX_PANES }, () => 0)
  let refetchTimer: ReturnType<typeof setTimeout> | null = null
  /** Frames skipped bars while playing flat out: refetch the candle sets when it stops. */
  let stale = false

  const visible = () => panes.value.slice(0, layout.value)

  function persist() {
    try {
      localStorage.setItem(
        LAYOUT_KEY,
        JSON.stringify({ layout: layout.value, panes: panes.value, focused: focused.value }),
      )
    } catch {
      /* storage unavailable: keep it for this run only */
    }
  }

  function setInfo(pane: number, change: Partial<PaneInfo>) {
    info.value = info.value.map((p, i) => (i === pane ? { ...p, ...change } : p))
  }

  /** Subscribe a chart to one pane's candles (pane 0 by default). */
  function subscribe(l: ChartListener, pane = 0): () => void {
    listeners[pane]!.add(l)
    const set = current[pane]
    if (set) l.reset(set)
    return () => listeners[pane]!.delete(l)
  }

  /** Ask the host to carry candles of every shown pane's symbol and timeframe in its frames. */
  async function watchShown() {
    if (!sessionId) return
    const id = sessionId
    const seen = new Set<string>()
    const watch = visible().filter((p) => {
      const key = `${p.symbol}:${p.timeframe}`
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
    try {
      await hostClient.call('session:watch', {
        sessionId: id,
        watch: watch.map((p) => ({ symbol: p.symbol, timeframe: p.timeframe })),
      })
    } catch (e) {
      // A refetch scheduled by a frame can run just before the session's new snapshot is
      // adopted (a blind exam's Finish: its reload frame comes before the answer that
      // renames the symbols), asking for names the session no longer has. The adopt that
      // follows watches again; show the error only if nothing superseded the request.
      if (id === sessionId && watch.every((p) => scenarioSymbols.includes(p.symbol)))
        visible().forEach((_, i) => setInfo(i, { error: (e as Error).message }))
    }
  }

  async function fetchPane(pane: number): Promise<void> {
    if (!sessionId) return
    const seq = ++loadSeq[pane]!
    const spec = panes.value[pane]!
    setInfo(pane, { loading: true, error: null })
    try {
      const set = await hostClient.call('session:candles', {
        sessionId,
        symbol: spec.symbol,
        timeframe: spec.timeframe,
      })
      if (seq !== loadSeq[pane]) return
      current[pane] = set
      setInfo(pane, { markOrigin: set.markOrigin, loading: false })
      if (set.fundingOrigin) {
        const settled = set.funding?.[set.funding.length - 1] ?? null
        funding.value = {
          ...funding.value,
          [set.symbol]: {
            symbol: set.symbol,
            origin: set.fundingOrigin,
            settled,
            nextFundingTime: set.nextFundingTime ?? null,
          },
        }
      }
      const last = set.bars[set.bars.length - 1]
      const mark = set.mark[set.mark.length - 1]
      if (last) setTicker(set.symbol, last.c, mark?.c ?? last.c)
      for (const l of listeners[pane]!) l.reset(set)
    } catch (e) {
      if (seq === loadSeq[pane]) setInfo(pane, { loading: false, error: (e as Error).message })
    }
  }

  /** Fetch the candles of one pane, or of every shown pane. */
  async function load(pane?: number): Promise<void> {
    if (!sessionId) return
    const which = pane === undefined ? visible().map((_, i) => i) : [pane]
    await Promise.all([watchShown(), ...which.map(fetchPane)])
  }

  function setTicker(sym: SymbolId, last: number, mark: number) {
    tickers.value = { ...tickers.value, [sym]: { last, mark } }
  }

  /** A symbol for pane `i` that the scenario has: pane i takes the scenario's i-th symbol. */
  function defaultSymbol(i: number): SymbolId {
    return scenarioSymbols[i % Math.max(1, scenarioSymbols.length)] ?? 'BTCUSDT'
  }

  /** Every pane shows a symbol of the open scenario (a remembered one it lacks is replaced). */
  function fitPanes() {
    if (!scenarioSymbols.length) return
    panes.value = panes.value.map((p, i) =>
      scenarioSymbols.includes(p.symbol) ? p : { ...p, symbol: defaultSymbol(i) },
    )
  }

  /** A session was opened, rewound or sought: fetch the shown panes' candles again. */
  async function attach(id: string, symbols: SymbolId[]) {
    sessionId = id
    scenarioSymbols = [...symbols]
    fitPanes()
    tickers.value = {}
    funding.value = {}
    await load()
  }

  function setPane(pane: number, change: Partial<PaneSpec>) {
    panes.value = panes.value.map((p, i) => (i === pane ? { ...p, ...change } : p))
    persist()
  }

  /** Show `s` in a pane (the focused one by default). */
  async function setSymbol(s: SymbolId, pane = focused.value) {
    if (s === panes.value[pane]!.symbol) return
    setPane(pane, { symbol: s })
    await load(pane)
  }

  /** Show timeframe `tf` in a pane (the focused one by default). */
  async function setTimeframe(tf: Timeframe, pane = focused.value) {
    if (tf === panes.value[pane]!.timeframe) return
    setPane(pane, { timeframe: tf })
    await load(pane)
  }

  /** Focus a shown pane: the ticket and the header follow its symbol. */
  function focus(pane: number) {
    if (pane < 0 || pane >= layout.value || pane === focused.value) return
    focused.value = pane
    persist()
  }

  /** Focus the next (or previous) shown pane, wrapping around. */
  function cycleFocus(step: 1 | -1 = 1) {
    focus((focused.value + step + layout.value) % layout.value)
  }

  /**
   * Show one, two or four panes. A pane shown for the first time takes the scenario's next
   * symbol (BTC left, ETH right: the seeds' cross-asset hedge) at the focused pane's timeframe.
   */
  async function setLayout(n: Layout) {
    if (n === layout.value) return
    const before = layout.value
    layout.value = n
    if (focused.value >= n) focused.value = 0
    const added: number[] = []
    for (let i = before; i < n; i++) added.push(i)
    if (added.length && scenarioSymbols.length) {
      const shown = new Set(
        visible()
          .slice(0, before)
          .map((p) => p.symbol),
      )
      const fresh = scenarioSymbols.filter((s) => !shown.has(s))
      panes.value = panes.value.map((p, i) => {
        if (!added.includes(i)) return p
        if (scenarioSymbols.includes(p.symbol) && !shown.has(p.symbol)) {
          shown.add(p.symbol)
          return p
        }
        const symbol = fresh.find((s) => !shown.has(s)) ?? defaultSymbol(i)
        shown.add(symbol)
        return { symbol, timeframe: timeframe.value }
      })
    }
    persist()
    if (!sessionId) return
    // Removing panes only narrows the watch list; added panes fetch their candles.
    if (!added.length) return void (await watchShown())
    await Promise.all([watchShown(), ...added.map(fetchPane)])
  }

  /** Feed one pane's listeners. */
  function feed(pane: number, last: Bar, mark: Bar, display: boolean) {
    for (const l of listeners[pane]!) l.bar(last, mark, display)
  }

  /**
   * Apply one replay frame: tickers from the newest base bars; each shown pane's candles
   * from the frame's `updates` for its symbol/timeframe (oldest first, forming one last).
   * `reload` (a jump) refetches the candle sets. A host that sends no `updates` gets the
   * newest base bar folded in by the chart, and a refetch when bars were skipped.
   */
  function applyFrame(
    frame: Pick<ReplayFrame, 'bars' | 'advanced' | 'updates' | 'reload' | 'status' | 'funding'>,
  ) {
    if (frame.funding) {
      const next: Record<SymbolId, FundingNow> = {}
      for (const f of frame.funding) next[f.symbol] = f
      funding.value = next
    }
    if (frame.bars.length) {
      const next = { ...tickers.value }
      for (const b of frame.bars) {
        const old = next[b.symbol]
        const prev = old && old.last !== b.last.c ? old.last : old?.prev
        next[b.symbol] = { last: b.last.c, mark: b.mark.c, ...(prev !== undefined ? { prev } : {}) }
      }
      tickers.value = next
    }
    const shown = visible()
    // A jump: refetch. While playing flat out every frame may say so (thousands of bars per
    // frame): the charts then just take the newest bar, and the full sets are fetched once
    // when the replay stops (`refreshIfStale`), so frames stay cheap.
    if (frame.reload) {
      if (!frame.status.playing) {
        stale = false
        return scheduleRefetch(0)
      }
      stale = true
      for (const b of frame.bars)
        shown.forEach((p, i) => p.symbol === b.symbol && feed(i, b.last, b.mark, false))
      return
    }
    if (stale && !frame.status.playing) {
      stale = false
      scheduleRefetch(0)
    }
    if (frame.updates) {
      shown.forEach((p, i) => {
        // The host serves a timeframe finer than the recorded step at the recorded step
        // (e.g. 1m asked, 1h served for Mar 2020): match what it actually sends.
        const served = current[i]?.timeframe ?? p.timeframe
        const u = frame.updates!.find(
          (x) => x.symbol === p.symbol && (x.timeframe === served || x.timeframe === p.timeframe),
        )
        if (!u) return
        for (let k = 0; k < u.bars.length; k++) feed(i, u.bars[k]!, u.mark[k] ?? u.bars[k]!, true)
      })
      return
    }
    for (const b of frame.bars)
      shown.forEach((p, i) => p.symbol === b.symbol && feed(i, b.last, b.mark, false))
    if (frame.advanced > 1) scheduleRefetch()
  }

  /** The replay stopped (pause, end): bring the charts back to the full revealed history. */
  function refreshIfStale() {
    if (!stale) return
    stale = false
    scheduleRefetch(0)
  }

  function scheduleRefetch(delay = 400) {
    if (refetchTimer && delay > 0) return
    if (refetchTimer) clearTimeout(refetchTimer)
    refetchTimer = setTimeout(() => {
      refetchTimer = null
      void load()
    }, delay)
  }

  return {
    symbol,
    timeframe,
    markOrigin,
    layout: readonly(layout),
    panes: readonly(panes),
    focused: readonly(focused),
    info: readonly(info),
    tickers,
    funding,
    loading,
    error,
    subscribe,
    attach,
    load,
    setSymbol,
    setTimeframe,
    setLayout,
    focus,
    cycleFocus,
    applyFrame,
    scheduleRefetch,
    refreshIfStale,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useMarketStore, import.meta.hot))
