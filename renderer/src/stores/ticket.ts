/**
 * The order ticket's form, kept PER SYMBOL as exchanges do (size, price, order type, TP/SL,
 * flags): switching symbol shows that symbol's own ticket, never carrying 0.4 BTC over as
 * 0.4 ETH. A new session (another market, a blind exam's disguise) starts every ticket empty.
 * Whatever shows a symbol (the focused chart pane, the header) reads `formFor(symbol)`.
 */
import { acceptHMRUpdate, defineStore } from 'pinia'
import { reactive, watch } from 'vue'
import type { SymbolId } from '../../../shared/market'
import { newTicket, type TicketForm } from '../components/ticket/ticket-model'
import { useSessionStore } from './session'

export const useTicketStore = defineStore('ticket', () => {
  const forms = reactive<Record<SymbolId, TicketForm>>({})

  /** The symbol's ticket, created empty on first use. */
  function formFor(symbol: SymbolId): TicketForm {
    let f = forms[symbol]
    if (!f) {
      forms[symbol] = newTicket()
      f = forms[symbol]!
    }
    return f
  }

  /**
   * Every ticket empty again (a new session): sizes, prices, TP/SL and flags go; each keeps
   * only its order type tab, a preference rather than a figure of the old market.
   */
  function clear(): void {
    for (const f of Object.values(forms)) Object.assign(f, { ...newTicket(), tab: f.tab })
  }

  const session = useSessionStore()
  watch(
    () => session.sessionId,
    (id, old) => {
      if (id !== old) clear()
    },
  )

  return { forms, formFor, clear }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useTicketStore, import.meta.hot))
