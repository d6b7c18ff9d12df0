/**
 * The liquidation card (issue 13.3): each live liquidation of the user's positions opens a
 * card explaining it, fetched from the host (`session:liquidation`), which computes it with
 * the engine; several liquidations at once are shown one after the other.
 */
import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { LiquidationCard } from '../../../shared/contract'
import { hostClient } from '../services/client'
import { useSessionStore } from './session'

export const useLiquidationStore = defineStore('liquidation', () => {
  const card = shallowRef<LiquidationCard | null>(null)
  const error = ref('')
  const queue: { sessionId: string; seq: number }[] = []
  let loading = false

  async function next(): Promise<void> {
    if (loading || card.value) return
    const item = queue.shift()
    if (!item) return
    loading = true
    try {
      const c = await hostClient.call('session:liquidation', item)
      if (item.sessionId === useSessionStore().sessionId) card.value = c
    } catch (e) {
      error.value = (e as Error).message
    } finally {
      loading = false
    }
    if (!card.value) await next()
  }

  /** A liquidation event of the open session arrived live. */
  function show(seq: number): void {
    const sessionId = useSessionStore().sessionId
    if (!sessionId) return
    queue.push({ sessionId, seq })
    void next()
  }

  function dismiss(): void {
    card.value = null
    void next()
  }

  return { card, error, show, dismiss }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useLiquidationStore, import.meta.hot))
