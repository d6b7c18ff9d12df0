/** UI state that belongs to no trading domain: theme, toasts, dialogs, focus requests. */
import { acceptHMRUpdate, defineStore } from 'pinia'
import { readonly, ref } from 'vue'
import type { PlaceOrderCommand, Side } from '../../../shared/trading/commands'

export type Theme = 'dark' | 'light'
export type ToastLevel = 'info' | 'success' | 'warning' | 'error' | 'liquidation'
export interface Toast {
  id: number
  level: ToastLevel
  title: string
  text: string
}
export type Dialog =
  | 'leverage'
  | 'marginMode'
  | 'positionMode'
  | 'scenarios'
  | 'builder'
  | 'sessions'
  | 'settings'
  | 'closeAll'
  | null

/**
 * Order confirmations, as Binance's "Order Confirmation" settings: on by default for Close
 * All and for market closes (a row's Market and 25/50/100 % buttons); each can be switched off.
 */
export interface ConfirmPrefs {
  closeAll: boolean
  marketClose: boolean
}
const CONFIRM_KEY = 'perpdojo.confirmations'
const CONFIRM_DEFAULTS: ConfirmPrefs = { closeAll: true, marketClose: true }

function storedConfirm(): ConfirmPrefs {
  try {
    const raw = JSON.parse(localStorage.getItem(CONFIRM_KEY) ?? '{}') as Partial<ConfirmPrefs>
    return {
      closeAll: typeof raw.closeAll === 'boolean' ? raw.closeAll : CONFIRM_DEFAULTS.closeAll,
      marketClose:
        typeof raw.marketClose === 'boolean' ? raw.marketClose : CONFIRM_DEFAULTS.marketClose,
    }
  } catch {
    return { ...CONFIRM_DEFAULTS }
  }
}
export type BottomTab =
  | 'positions'
  | 'openOrders'
  | 'orderHistory'
  | 'tradeHistory'
  | 'funding'
  | 'transactions'
  | 'coach'
  | 'decisions'

/** An order the coach's sizer proposes, for the ticket to show (never sent by itself). */
export interface TicketPrefill {
  command: PlaceOrderCommand
  stopPrice: string
  n: number
}

const THEME_KEY = 'perpdojo.theme'

function storedTheme(): Theme {
  try {
    return localStorage.getItem(THEME_KEY) === 'light' ? 'light' : 'dark'
  } catch {
    return 'dark'
  }
}

export const useUiStore = defineStore('ui', () => {
  const theme = ref<Theme>(storedTheme())
  const toasts = ref<Toast[]>([])
  const dialog = ref<Dialog>(null)
  const shortcutsOpen = ref(false)
  const bottomTab = ref<BottomTab>('positions')
  /** The bottom panel takes the chart's room (the report, long histories); the chart hides. */
  const bottomMax = ref(false)
  /** Incremented to ask the ticket to focus a side (keyboard B / S). */
  const focusRequest = ref<{ side: Side; n: number }>({ side: 'BUY', n: 0 })
  /** Open order the user last selected (Esc cancels it). */
  const selectedOrderId = ref<string | null>(null)
  const ticketPrefill = ref<TicketPrefill | null>(null)
  const confirm = ref<ConfirmPrefs>(storedConfirm())
  let nextId = 1

  function setConfirm(change: Partial<ConfirmPrefs>) {
    confirm.value = { ...confirm.value, ...change }
    try {
      localStorage.setItem(CONFIRM_KEY, JSON.stringify(confirm.value))
    } catch {
      /* storage unavailable: keep it for this run only */
    }
  }

  function setTheme(t: Theme) {
    theme.value = t
    try {
      localStorage.setItem(THEME_KEY, t)
    } catch {
      /* storage unavailable: keep it for this run only */
    }
  }
  function toggleTheme() {
    setTheme(theme.value === 'dark' ? 'light' : 'dark')
  }

  /** Show a toast; errors and liquidations stay longer. Returns its id. */
  function toast(level: ToastLevel, title: string, text = '', ms?: number): number {
    const id = nextId++
    toasts.value = [...toasts.value.slice(-4), { id, level, title, text }]
    const ttl = ms ?? (level === 'error' || level === 'liquidation' ? 8000 : 4000)
    if (ttl > 0) setTimeout(() => dismiss(id), ttl)
    return id
  }
  /**
   * Also raise an OS notification (Electron grants them; a browser only if the user allowed
   * it) for what must not be missed while the window is in the background.
   */
  function notifyOs(title: string, text: string) {
    const N = (
      globalThis as { Notification?: { permission: string; new (t: string, o: object): unknown } }
    ).Notification
    if (!N || N.permission !== 'granted') return
    try {
      new N(title, { body: text })
    } catch {
      /* notifications unavailable here */
    }
  }
  function dismiss(id: number) {
    toasts.value = toasts.value.filter((t) => t.id !== id)
  }

  function openDialog(d: Dialog) {
    dialog.value = d
  }
  function closeDialog() {
    dialog.value = null
  }
  function toggleShortcuts(open?: boolean) {
    shortcutsOpen.value = open ?? !shortcutsOpen.value
  }
  function setBottomTab(t: BottomTab) {
    bottomTab.value = t
  }
  function toggleBottomMax(on = !bottomMax.value) {
    bottomMax.value = on
  }
  function requestFocus(side: Side) {
    focusRequest.value = { side, n: focusRequest.value.n + 1 }
  }
  function selectOrder(id: string | null) {
    selectedOrderId.value = id
  }
  function prefillTicket(command: PlaceOrderCommand, stopPrice: string) {
    ticketPrefill.value = { command, stopPrice, n: (ticketPrefill.value?.n ?? 0) + 1 }
  }

  return {
    theme: readonly(theme),
    toasts: readonly(toasts),
    dialog: readonly(dialog),
    shortcutsOpen: readonly(shortcutsOpen),
    bottomTab: readonly(bottomTab),
    bottomMax: readonly(bottomMax),
    focusRequest: readonly(focusRequest),
    selectedOrderId: readonly(selectedOrderId),
    ticketPrefill: readonly(ticketPrefill),
    confirm: readonly(confirm),
    setConfirm,
    setTheme,
    toggleTheme,
    toast,
    notifyOs,
    dismiss,
    openDialog,
    closeDialog,
    toggleShortcuts,
    setBottomTab,
    toggleBottomMax,
    requestFocus,
    selectOrder,
    prefillTicket,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useUiStore, import.meta.hot))
