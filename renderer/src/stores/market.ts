/**
 * Candles for the chart, the selected symbol and timeframe, and the latest last/mark
 * prices. Candle arrays are kept OUT of Vue reactivity (they can be 50k+ bars); the chart
 * composable subscribes to `reset` (setData) and `bar` (update) notifications instead.
 */
import { acceptHMRUpdate, defineStore } from 'pinia'
import { readonly, ref, shallowRef } from 'vue'
import type { CandleSet } from '../../../shared/contract'
import type { Bar, SeriesOrigin, SymbolId, Timeframe } from '../../../shared/market'
import { hostClient } from '../services/client'

export interface ChartListener {
  /** A whole new candle set: call setData. */
  reset(set: CandleSet): void
  /** One newly revealed base bar (last and mark) of the shown symbol: call update. */
  bar(last: Bar, mark: Bar): void
}

export interface Ticker {
  last: number
  mark: number
  open24?: number
}

export const useMarketStore = defineStore('market', () => {
  const symbol = ref<SymbolId>('BTCUSDT')
  const timeframe = ref<Timeframe>('1m')
  const markOrigin = ref<SeriesOrigin>('recorded')
  const tickers = shallowRef<Record<SymbolId, Ticker>>({})
  const loading = ref(false)
  const error = ref<string | null>(null)

  let sessionId: string | null = null
  let current: CandleSet | null = null
  const listeners = new Set<ChartListener>()
  let refetchTimer: ReturnType<typeof setTimeout> | null = null
  let loadSeq = 0

  function subscribe(l: ChartListener): () => void {
    listeners.add(l)
    if (current) l.reset(current)
    return () => listeners.delete(l)
  }

  /** The candle set currently shown (non-reactive). */
  function currentSet(): CandleSet | null {
    return current
  }

  async function load(): Promise<void> {
    if (!sessionId) return
    const seq = ++loadSeq
    loading.value = true
    error.value = null
    try {
      const set = await hostClient.call('session:candles', {
        sessionId,
        symbol: symbol.value,
        timeframe: timeframe.value,
      })
      if (seq !== loadSeq) return
      current = set
      markOrigin.value = set.markOrigin
      const last = set.bars[set.bars.length - 1]
      const mark = set.mark[set.mark.length - 1]
      if (last) setTicker(set.symbol, last.c, mark?.c ?? last.c)
      for (const l of listeners) l.reset(set)
    } catch (e) {
      if (seq === loadSeq) error.value = (e as Error).message
    } finally {
      if (seq === loadSeq) loading.value = false
    }
  }

  function setTicker(sym: SymbolId, last: number, mark: number) {
    tickers.value = { ...tickers.value, [sym]: { last, mark } }
  }

  /** A session was opened, rewound or sought: fetch the shown symbol's candles again. */
  async function attach(id: string, symbols: SymbolId[]) {
    sessionId = id
    if (!symbols.includes(symbol.value) && symbols[0]) symbol.value = symbols[0]
    tickers.value = {}
    await load()
  }

  function detach() {
    sessionId = null
    current = null
  }

  async function setSymbol(s: SymbolId) {
    if (s === symbol.value) return
    symbol.value = s
    await load()
  }

  async function setTimeframe(tf: Timeframe) {
    if (tf === timeframe.value) return
    timeframe.value = tf
    await load()
  }

  /**
   * Apply the newest bars of one replay frame. When the frame skipped bars (advanced > 1),
   * the chart is shown the newest one at once and a refetch fills in the rest shortly after.
   */
  function applyBars(bars: { symbol: SymbolId; last: Bar; mark: Bar }[], advanced: number) {
    if (!bars.length) return
    const next = { ...tickers.value }
    for (const b of bars) {
      next[b.symbol] = { last: b.last.c, mark: b.mark.c }
      if (b.symbol === symbol.value) for (const l of listeners) l.bar(b.last, b.mark)
    }
    tickers.value = next
    if (advanced > 1) scheduleRefetch()
  }

  function scheduleRefetch(delay = 400) {
    if (refetchTimer) return
    refetchTimer = setTimeout(() => {
      refetchTimer = null
      void load()
    }, delay)
  }

  return {
    symbol: readonly(symbol),
    timeframe: readonly(timeframe),
    markOrigin: readonly(markOrigin),
    tickers,
    loading: readonly(loading),
    error: readonly(error),
    subscribe,
    currentSet,
    attach,
    detach,
    load,
    setSymbol,
    setTimeframe,
    applyBars,
    scheduleRefetch,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useMarketStore, import.meta.hot))
