/**
 * The account as the engine sees it: the latest AccountView and every engine event so far.
 * State only changes from engine output (snapshots, command acks, replay frames), all of it
 * delivered through the session store's one queue; history tables are projections of the
 * event log. No money arithmetic happens here.
 *
 * Two rules keep the view consistent whatever order engine output arrives in: events merge
 * by seq (a late event slots into place, a repeated one is ignored), and the account view
 * only moves forward — a view older than the one shown (earlier replay time, or the same
 * time with fewer events behind it) is dropped.
 */
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import type { EngineEvent } from '../../../shared/trading/events'
import type { AccountView, OrderView, PositionView } from '../../../shared/trading/views'
import { abs, fmt, isZero } from '../format/decimal-format'
import { instrument } from './instruments'
import { useLiquidationStore } from './liquidation'
import { useUiStore } from './ui'

type Ev<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }>

/** A Trade History row: an order fill, or a liquidation (the engine closing the position). */
export interface TradeRow {
  seq: number
  t: number
  symbol: string
  side: 'BUY' | 'SELL'
  positionSide: string
  price: string
  quantity: string
  fee: string
  realizedPnl: string | undefined
  role: 'Maker' | 'Taker' | 'Liquidation'
  gap: boolean
  pathAssumed: boolean
}

export interface TransactionRow {
  key: string
  t: number
  symbol: string
  type:
    | 'REALIZED_PNL'
    | 'COMMISSION'
    | 'FUNDING_FEE'
    | 'INSURANCE_CLEAR'
    | 'INSURANCE_COVER'
    | 'MARGIN_TRANSFER'
    | 'ADL'
  /** Signed amount as the engine reported it (commission shown as a debit). */
  amount: string
}

/** An Order History row; `type` is the order type, or LIQUIDATION for the engine's close. */
export interface OrderHistoryRow {
  t: number
  type: OrderView['type'] | 'LIQUIDATION'
  order: OrderView
}

/** The liquidation's close as an order view: a market close, filled in full at the fill price. */
function liquidationOrder(e: Ev<'liquidation'>): OrderView {
  const q = abs(e.quantity)
  return {
    orderId: `liquidation-${e.seq}`,
    symbol: e.symbol,
    side: isLongSide(e.positionSide, e.quantity) ? 'SELL' : 'BUY',
    positionSide: e.positionSide,
    type: 'MARKET',
    status: 'FILLED',
    origin: 'LIQUIDATION',
    quantity: q,
    executedQty: q,
    avgPrice: e.fillPrice,
    timeInForce: 'IOC',
    reduceOnly: true,
    closePosition: false,
    workingType: 'MARK_PRICE',
    triggered: false,
    createdAt: e.t,
    updatedAt: e.t,
  }
}

/** A one-way position's side is in its size's sign; a hedge leg's in its positionSide. */
function isLongSide(positionSide: string, quantity: string): boolean {
  return positionSide === 'LONG' || (positionSide === 'BOTH' && !quantity.startsWith('-'))
}

/** Plain engine data (strings, numbers, booleans, arrays, objects) equal field by field. */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a)
  if (ka.length !== Object.keys(b).length) return false
  const [ra, rb] = [a as Record<string, unknown>, b as Record<string, unknown>]
  return ka.every((k) => sameData(ra[k], rb[k]))
}

/** The previous list when the next one holds the same data, else the next one. */
function sameOr<T>(was: readonly T[] | undefined, next: readonly T[]): T[] {
  return (was && sameData(was, next) ? was : next) as T[]
}

const TERMINAL = new Set(['FILLED', 'CANCELED', 'EXPIRED', 'REJECTED'])

export const useAccountStore = defineStore('account', () => {
  const account = shallowRef<AccountView | null>(null)
  const events = shallowRef<readonly EngineEvent[]>([])
  /** Seqs of the events held, for merging. */
  let seen = new Set<number>()
  /** How new the shown view is: its replay time, then the newest event seq behind it. */
  let viewAt = { t: -Infinity, seq: -1 }

  const lastSeq = (evs: readonly EngineEvent[]) => evs.reduce((m, e) => Math.max(m, e.seq), -1)

  /** Replace everything (session opened, rewound, restored). */
  function reset(view: AccountView, all: EngineEvent[]) {
    account.value = view
    events.value = all.slice()
    seen = new Set(all.map((e) => e.seq))
    viewAt = { t: view.t, seq: lastSeq(all) }
  }

  function clear() {
    account.value = null
    events.value = []
    seen = new Set()
    viewAt = { t: -Infinity, seq: -1 }
  }

  /**
   * Apply new engine output (a frame or a command ack); `live` raises toasts for fills,
   * margin calls and liquidations. The view is taken only when it is not older than the one
   * shown; events are merged by seq.
   */
  function apply(view: AccountView | undefined, evs: EngineEvent[], live = true) {
    if (view) {
      const seq = lastSeq(evs)
      if (view.t > viewAt.t || (view.t === viewAt.t && seq >= viewAt.seq)) {
        account.value = view
        viewAt = { t: view.t, seq: Math.max(seq, viewAt.seq) }
      }
    }
    const fresh = evs.filter((e) => !seen.has(e.seq))
    if (!fresh.length) return
    for (const e of fresh) seen.add(e.seq)
    const merged = events.value.concat(fresh)
    const last = events.value[events.value.length - 1]
    // the common case arrives in order; only a late event needs a sort
    if (last && fresh.some((e) => e.seq < last.seq)) merged.sort((a, b) => a.seq - b.seq)
    events.value = merged
    if (live) notify(fresh)
  }

  function notify(evs: EngineEvent[]) {
    const ui = useUiStore()
    for (const e of evs) {
      switch (e.type) {
        case 'orderFilled': {
          const i = instrument(e.fill.symbol)
          const liq = e.order.origin === 'LIQUIDATION'
          ui.toast(
            liq ? 'liquidation' : 'success',
            `${liq ? 'Liquidation fill' : 'Filled'} ${e.fill.side === 'BUY' ? 'Buy' : 'Sell'} ${e.fill.symbol}`,
            `${fmt(e.fill.quantity, i.qtyDp)} @ ${fmt(e.fill.price, i.priceDp)}${e.fill.gap ? ' (gap: filled at the open)' : ''}`,
          )
          break
        }
        case 'orderTriggered':
          ui.toast(
            'info',
            `Triggered ${e.order.type.replace(/_/g, ' ')}`,
            `${e.order.symbol} at ${e.triggerPrice}`,
          )
          break
        case 'marginCall': {
          const text = `${e.symbol ?? 'Cross account'} margin ratio ${fmt(e.marginRatio, 2)}% ≥ ${e.threshold}%`
          ui.toast('warning', 'Margin call', text)
          ui.notifyOs('PerpDojo: margin call', text)
          break
        }
        case 'liquidation': {
          const i = instrument(e.symbol)
          const title =
            `LIQUIDATED ${e.symbol} ${e.positionSide === 'BOTH' ? '' : e.positionSide}`.trim()
          const text = `${fmt(abs(e.quantity), i.qtyDp)} ${i.base} at ${fmt(e.fillPrice, i.priceDp)} (mark ${fmt(e.markPrice, i.priceDp)})`
          ui.toast('liquidation', title, text)
          ui.notifyOs(`PerpDojo: ${title}`, text)
          // the card explains it (what happened, what would have saved it)
          useLiquidationStore().show(e.seq)
          break
        }
        case 'autoDeleveraged':
          ui.toast('warning', `Auto-deleveraged ${e.symbol}`, `${e.quantity} at ${e.price}`)
          break
        case 'walletNegative':
          ui.toast(
            'error',
            'Negative balance',
            `Wallet balance ${fmt(e.walletBalance, 2)} USDT; loss past bankruptcy ${fmt(e.deficit, 2)} USDT`,
          )
          break
        case 'commandRejected':
          ui.toast('error', `Rejected (${e.rejection.code})`, e.rejection.message)
          break
      }
    }
  }

  // Every frame brings a new view (new objects); a list equal to the last one is kept as it was,
  // so the tables (and anything else watching it) do not re-render for a frame that changed
  // nothing they show (issue 14 item 10).
  const positions = computed<PositionView[]>((was) =>
    sameOr(
      was,
      (account.value?.positions ?? []).filter((p) => !isZero(p.size)),
    ),
  )
  const openOrders = computed<OrderView[]>((was) => sameOr(was, account.value?.openOrders ?? []))

  const fills = computed(() =>
    events.value.filter((e): e is Ev<'orderFilled'> => e.type === 'orderFilled').reverse(),
  )
  const trades = computed<TradeRow[]>(() => {
    const rows: TradeRow[] = []
    for (const e of events.value) {
      if (e.type === 'orderFilled') {
        const f = e.fill
        rows.push({
          seq: e.seq,
          t: e.t,
          symbol: f.symbol,
          side: f.side,
          positionSide: f.positionSide,
          price: f.price,
          quantity: f.quantity,
          fee: f.fee,
          realizedPnl: f.realizedPnl,
          role:
            e.order.origin === 'LIQUIDATION'
              ? 'Liquidation'
              : f.liquidity === 'MAKER'
                ? 'Maker'
                : 'Taker',
          gap: f.gap,
          pathAssumed: f.pathAssumed,
        })
      } else if (e.type === 'liquidation') {
        const long = isLongSide(e.positionSide, e.quantity)
        rows.push({
          seq: e.seq,
          t: e.t,
          symbol: e.symbol,
          side: long ? 'SELL' : 'BUY',
          positionSide: e.positionSide,
          price: e.fillPrice,
          quantity: abs(e.quantity),
          fee: e.clearanceFee,
          realizedPnl: e.realizedPnl,
          role: 'Liquidation',
          gap: false,
          pathAssumed: e.pathAssumed,
        })
      }
    }
    return rows.reverse()
  })
  const fundings = computed(() =>
    events.value.filter((e): e is Ev<'fundingSettled'> => e.type === 'fundingSettled').reverse(),
  )
  const liquidations = computed(() =>
    events.value.filter((e): e is Ev<'liquidation'> => e.type === 'liquidation'),
  )

  /**
   * Finished orders, newest first: the last view the engine reported for each, and a
   * "Liquidation" row per liquidation (issue 13.3). The engine closes a liquidated position
   * without an order of its own; Binance lists that close as an order of type Liquidation, so
   * the row is derived from the liquidation event (filled in full at its fill price).
   */
  const orderHistory = computed<OrderHistoryRow[]>(() => {
    const last = new Map<string, OrderHistoryRow>()
    for (const e of events.value) {
      if ('order' in e) last.set(e.order.orderId, { t: e.t, type: e.order.type, order: e.order })
      else if (e.type === 'liquidation')
        last.set(`liquidation-${e.seq}`, {
          t: e.t,
          type: 'LIQUIDATION',
          order: liquidationOrder(e),
        })
    }
    return [...last.values()].filter((r) => TERMINAL.has(r.order.status)).reverse()
  })

  const transactions = computed(() => {
    const rows: TransactionRow[] = []
    // What a balanceProtected row covered (the event names no symbol): the liquidations of its
    // step just before it, or the fill its orderId names; a negative-wallet reset is the
    // account's own and keeps an empty symbol (the table shows "Account").
    const fillSymbol = new Map<string, string>()
    let liquidated: string[] = []
    let liquidatedAt = Number.NaN
    for (const e of events.value) {
      if (e.type === 'liquidation') {
        if (e.t !== liquidatedAt) liquidated = []
        liquidatedAt = e.t
        if (!liquidated.includes(e.symbol)) liquidated.push(e.symbol)
      }
      if (e.type === 'orderFilled') {
        fillSymbol.set(e.fill.orderId, e.fill.symbol)
        if (!isZero(e.fill.realizedPnl))
          rows.push({
            key: `${e.seq}p`,
            t: e.t,
            symbol: e.fill.symbol,
            type: 'REALIZED_PNL',
            amount: e.fill.realizedPnl,
          })
        if (!isZero(e.fill.fee))
          rows.push({
            key: `${e.seq}c`,
            t: e.t,
            symbol: e.fill.symbol,
            type: 'COMMISSION',
            amount: `-${abs(e.fill.fee)}`,
          })
      } else if (e.type === 'fundingSettled') {
        rows.push({
          key: `${e.seq}f`,
          t: e.t,
          symbol: e.symbol,
          type: 'FUNDING_FEE',
          amount: e.amount,
        })
      } else if (e.type === 'liquidation') {
        // the position's loss at the fill price, then the clearance fee (Binance lists both)
        if (!isZero(e.realizedPnl))
          rows.push({
            key: `${e.seq}p`,
            t: e.t,
            symbol: e.symbol,
            type: 'REALIZED_PNL',
            amount: e.realizedPnl,
          })
        if (!isZero(e.clearanceFee))
          rows.push({
            key: `${e.seq}l`,
            t: e.t,
            symbol: e.symbol,
            type: 'INSURANCE_CLEAR',
            amount: `-${abs(e.clearanceFee)}`,
          })
      } else if (e.type === 'balanceProtected') {
        // negative-balance protection: the fund (and, when empty, nobody) covered the deficit
        const symbol =
          e.cause === 'fillPastBankruptcy'
            ? (fillSymbol.get(e.orderId ?? '') ?? '')
            : e.cause === 'negativeWallet' || e.t !== liquidatedAt
              ? ''
              : liquidated.join(', ')
        if (!isZero(e.insurance))
          rows.push({
            key: `${e.seq}i`,
            t: e.t,
            symbol,
            type: 'INSURANCE_COVER',
            amount: e.insurance,
          })
        if (!isZero(e.socialized))
          rows.push({
            key: `${e.seq}s`,
            t: e.t,
            symbol,
            type: 'INSURANCE_COVER',
            amount: e.socialized,
          })
        if (!isZero(e.ownLeg))
          rows.push({
            key: `${e.seq}o`,
            t: e.t,
            symbol,
            type: 'REALIZED_PNL',
            amount: e.ownLeg,
          })
      } else if (e.type === 'marginAdjusted') {
        rows.push({
          key: `${e.seq}m`,
          t: e.t,
          symbol: e.symbol,
          type: 'MARGIN_TRANSFER',
          amount: e.action === 'ADD' ? abs(e.amount) : `-${abs(e.amount)}`,
        })
      } else if (e.type === 'autoDeleveraged') {
        rows.push({
          key: `${e.seq}a`,
          t: e.t,
          symbol: e.symbol,
          type: 'ADL',
          amount: e.realizedPnl,
        })
      }
    }
    return rows.reverse()
  })

  return {
    account,
    events,
    positions,
    openOrders,
    fills,
    trades,
    fundings,
    liquidations,
    orderHistory,
    transactions,
    reset,
    clear,
    apply,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAccountStore, import.meta.hot))
