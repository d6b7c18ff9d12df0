/**
 * Desk keyboard map (ux-peers §4.3): Space play/pause, → step, Shift+→ step 10, N next event,
 * B / S focus buy / sell, Esc cancel a drawing in progress (or close a dialog, or cancel the
 * selected order), Delete / Backspace remove the selected drawing, 1–6 timeframes
 * (of the focused chart pane), ] / [ focus the next / previous pane,
 * Home rewind to the start (practice), T theme, ? shortcuts. Ignored while typing in a field. The Electron menu sends the same.
 */
import { onBeforeUnmount, onMounted } from 'vue'
import type { MenuCommand } from '../../../shared/contract'
import type { Timeframe } from '../../../shared/market'
import { hostClient } from '../services/client'
import { useDownloadStore } from '../stores/download'
import { useDrawingsStore } from '../stores/drawings'
import { useImportStore } from '../stores/import'
import { useMarketStore } from '../stores/market'
import { useOrdersStore } from '../stores/orders'
import { useSessionStore } from '../stores/session'
import { useUiStore } from '../stores/ui'

const KEY_TIMEFRAMES: Timeframe[] = ['1m', '5m', '15m', '1h', '4h', '1d']

function typing(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null
  if (!el || !el.tagName) return false
  return ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName) || el.isContentEditable
}

export function useKeyboard() {
  const session = useSessionStore()
  const market = useMarketStore()
  const orders = useOrdersStore()
  const ui = useUiStore()
  const drawings = useDrawingsStore()

  function menu(cmd: MenuCommand) {
    switch (cmd) {
      case 'new-session':
        return ui.openDialog('scenarios')
      case 'open-session':
        return ui.openDialog('sessions')
      case 'play-pause':
        return void session.togglePlay()
      case 'step':
        return void session.step(1)
      case 'step-10':
        return void session.step(10)
      case 'next-event':
        return void session.nextEvent()
      case 'toggle-theme':
        return ui.toggleTheme()
      case 'shortcuts':
        return ui.toggleShortcuts(true)
      case 'import-data':
        return useImportStore().show()
      case 'get-market-data':
        return useDownloadStore().show()
    }
  }

  function onKey(ev: KeyboardEvent) {
    if (ev.key === 'Escape') {
      if (typing(ev.target)) return (ev.target as HTMLElement).blur()
      if (ui.shortcutsOpen) return ui.toggleShortcuts(false)
      if (ui.dialog) return ui.closeDialog()
      // A drawing in progress, an armed tool or a selected drawing goes before an order.
      if (drawings.cancel()) return
      if (ui.selectedOrderId) {
        void orders.cancel(ui.selectedOrderId)
        ui.selectOrder(null)
      }
      return
    }
    if (typing(ev.target) || ev.ctrlKey || ev.metaKey || ev.altKey || ui.dialog) return
    const k = ev.key
    if (k === 'Delete' || k === 'Backspace') {
      if (drawings.removeSelected()) ev.preventDefault()
      return
    }
    if (k === ' ') void session.togglePlay()
    else if (k === 'ArrowRight') void session.step(ev.shiftKey ? 10 : 1)
    else if (k === 'Home' && session.mode === 'practice') void session.rewindToStart()
    else if (k === 'n' || k === 'N') void session.nextEvent()
    else if (k === 'b' || k === 'B') ui.requestFocus('BUY')
    else if (k === 's' || k === 'S') ui.requestFocus('SELL')
    else if (k === 't' || k === 'T') ui.toggleTheme()
    else if (k === '?') ui.toggleShortcuts()
    else if (k >= '1' && k <= '6') void market.setTimeframe(KEY_TIMEFRAMES[Number(k) - 1]!)
    else if (k === ']' || k === '[') market.cycleFocus(k === ']' ? 1 : -1)
    else return
    ev.preventDefault()
  }

  let off: (() => void) | null = null
  onMounted(() => {
    window.addEventListener('keydown', onKey)
    try {
      off = hostClient.on('app:menu', menu)
    } catch {
      /* no host yet: the App shows the connection error */
    }
  })
  onBeforeUnmount(() => {
    window.removeEventListener('keydown', onKey)
    off?.()
  })
  return { onKey, menu }
}
