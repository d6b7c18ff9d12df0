/**
 * The scenario builder (issue 15 item 5): which library scenario it cuts from, the host call
 * that writes the new user scenario, and the id the library should select once it exists.
 */
import { acceptHMRUpdate, defineStore } from 'pinia'
import { readonly, ref } from 'vue'
import type { ScenarioBuildRequest } from '../../../shared/contract/market'
import type { ScenarioInfo } from '../../../shared/market'
import { hostClient } from '../services/client'
import { useSessionStore } from './session'
import { useUiStore } from './ui'

export const useBuilderStore = defineStore('builder', () => {
  const sourceId = ref<string | null>(null)
  const busy = ref(false)
  const error = ref<string | null>(null)
  /** The last scenario built: the library opens with it selected. */
  const built = ref<ScenarioInfo | null>(null)

  function open(source?: string) {
    sourceId.value = source ?? null
    error.value = null
    useUiStore().openDialog('builder')
  }

  async function save(req: ScenarioBuildRequest): Promise<boolean> {
    busy.value = true
    error.value = null
    try {
      const info = await hostClient.call('scenario:build', req)
      built.value = info
      await useSessionStore().loadScenarios()
      // the library opens with it selected (no toast: it would cover the library's buttons)
      useUiStore().openDialog('scenarios')
      return true
    } catch (e) {
      error.value = (e as Error).message
      return false
    } finally {
      busy.value = false
    }
  }

  return {
    sourceId: readonly(sourceId),
    busy: readonly(busy),
    error: readonly(error),
    built: readonly(built),
    open,
    save,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useBuilderStore, import.meta.hot))
