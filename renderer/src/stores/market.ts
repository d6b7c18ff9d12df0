/**
 * Candles for the chart, the selected symbol and timeframe, and the latest last/mark
 * prices. Candle arrays are kept OUT of Vue reactivity (they can be 50k+ bars); the chart
 * composable subscribes to `reset` (setData) and `bar` (update) notifications instead.
 */
import { acceptHMRUpdate, defineStore } from 'pinia'
import { readonly, ref, shallowRef } from 'vue'
import type { CandleSet, FundingNow, ReplayFrame } from '../../../shared/contract'
import type { Bar, SeriesOrigin, SymbolId, Timeframe } from '../../../shared/market'
import { hostClient } from '../services/client'

export interface ChartListener {
  /** A whole new candle set: call setData. */
  reset(set: CandleSet): void
  /**
   * One candle of the shown symbol to `update` the chart with. `display` is true when it is
   * already a candle of the shown timeframe (frame `updates`), false for a base-step bar
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

export const useMarketStore = defineStore('market', () => {
  const symbol = ref<SymbolId>('BTCUSDT')
  const timeframe = ref<Timeframe>('1m')
  const markOrigin = ref<SeriesOrigin>('recorded')
  const tickers = shallowRef<Record<SymbolId, Ticker>>({})
  /** Funding per symbol as known at replay time (from candle sets and frames). */
  const funding = shallowRef<Record<SymbolId, FundingNow>>({})
  const loading = ref(false)
  const error = ref<string | null>(null)

  let sessionId: string | null = null
  let current: CandleSet | null = null
  const listeners = new Set<ChartListener>()
  let refetchTimer: ReturnType<typeof setTimeout> | null = null
  /** Frames skipped bars while playing flat out: refetch the candle set when it stops. */
  let stale = false
  let loadSeq = 0

  function subscribe(l: ChartListener): () => void {
    listeners.add(l)
    if (current) l.reset(current)
    return () => listeners.delete(l)
  }

  /** Ask the host to carry candles of the shown symbol and timeframe in its frames. */
  async function watchShown() {
    if (!sessionId) return
    await hostClient.call('session:watch', {
      sessionId,
      watch: [{ symbol: symbol.value, timeframe: timeframe.value }],
    })
  }

  async function load(): Promise<void> {
    if (!sessionId) return
    const seq = ++loadSeq
    loading.value = true
    error.value = null
    try {
      const [, set] = await Promise.all([
        watchShown(),
        hostClient.call('session:candles', {
          sessionId,
          symbol: symbol.value,
          timeframe: timeframe.value,
        }),
      ])
      if (seq !== loadSeq) return
      current = set
      markOrigin.value = set.markOrigin
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
    funding.value = {}
    await load()
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
   * Apply one replay frame: tickers from the newest base bars; chart candles from the
   * frame's `updates` for the shown symbol/timeframe (oldest first, forming one last).
   * `reload` (a jump) refetches the candle set. A host that sends no `updates` gets the
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
    // A jump: refetch. While playing flat out every frame may say so (thousands of bars per
    // frame): the chart then just takes the newest bar, and the full set is fetched once
    // when the replay stops (`refreshIfStale`), so frames stay cheap.
    if (frame.reload) {
      if (!frame.status.playing) {
        stale = false
        return scheduleRefetch(0)
      }
      stale = true
      for (const b of frame.bars)
        if (b.symbol === symbol.value) for (const l of listeners) l.bar(b.last, b.mark, false)
      return
    }
    if (stale && !frame.status.playing) {
      stale = false
      scheduleRefetch(0)
    }
    if (frame.updates) {
      // The host serves a timeframe finer than the recorded step at the recorded step
      // (e.g. 1m asked, 1h served for Mar 2020): match what it actually sends.
      const served = current?.timeframe ?? timeframe.value
      const u = frame.updates.find(
        (x) =>
          x.symbol === symbol.value && (x.timeframe === served || x.timeframe === timeframe.value),
      )
      if (!u) return
      for (let i = 0; i < u.bars.length; i++) {
        const mark = u.mark[i] ?? u.bars[i]!
        for (const l of listeners) l.bar(u.bars[i]!, mark, true)
      }
      return
    }
    for (const b of frame.bars) {
      if (b.symbol === symbol.value) for (const l of listeners) l.bar(b.last, b.mark, false)
    }
    if (frame.advanced > 1) scheduleRefetch()
  }

  /** The replay stopped (pause, end): bring the chart back to the full revealed history. */
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
    symbol: readonly(symbol),
    timeframe: readonly(timeframe),
    markOrigin: readonly(markOrigin),
    tickers,
    funding,
    loading: readonly(loading),
    error: readonly(error),
    subscribe,
    attach,
    load,
    setSymbol,
    setTimeframe,
    applyFrame,
    scheduleRefetch,
    refreshIfStale,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useMarketStore, import.meta.hot))
