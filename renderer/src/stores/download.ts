/**
 * "Get market data…": the download dialog's state. The host downloads from Binance's public
 * archive only when the user starts it, pushes `download:progress`, and imports the verified
 * files as a new scenario (the library then reloads). A setting turns the feature off (the
 * host refuses then, and the desk shows no entry point).
 */
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, readonly, ref, shallowRef } from 'vue'
import type { DownloadProgressDto, DownloadReportDto } from '../../../shared/contract/download'
import { hostClient } from '../services/client'
import { useSessionStore } from './session'
import { useUiStore } from './ui'

export type DownloadPhase = 'form' | 'running' | 'done'

function yesterday(): string {
  return new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)
}

export const useDownloadStore = defineStore('download', () => {
  const open = ref(false)
  const enabled = ref(true)
  const symbols = ref('BTCUSDT')
  const from = ref(yesterday())
  const to = ref(yesterday())
  const phase = ref<DownloadPhase>('form')
  const progress = shallowRef<DownloadProgressDto | null>(null)
  const report = shallowRef<DownloadReportDto | null>(null)
  const error = ref<string | null>(null)

  const symbolList = computed(() =>
    symbols.value
      .toUpperCase()
      .split(/[\s,]+/)
      .filter(Boolean),
  )
  const formProblem = computed(() => {
    const list = symbolList.value
    if (list.length === 0) return 'Name at least one symbol'
    if (list.length > 8) return 'At most 8 symbols'
    const bad = list.find((s) => !/^[A-Z0-9]{2,20}USDT$/.test(s))
    if (bad) return `${bad} is not a USDⓈ-M symbol like BTCUSDT`
    if (!from.value || !to.value) return 'Pick the first and last day'
    if (to.value < from.value) return 'The last day is before the first'
    return null
  })

  async function loadSettings() {
    try {
      enabled.value = (await hostClient.call('download:settings', null)).enabled
    } catch {
      enabled.value = false
    }
  }

  async function setEnabled(on: boolean) {
    enabled.value = (await hostClient.call('download:setEnabled', { enabled: on })).enabled
    if (!on) open.value = false
  }

  function show() {
    if (!enabled.value) return
    open.value = true
  }
  function hide() {
    open.value = false
  }

  async function start() {
    if (formProblem.value || phase.value === 'running') return
    error.value = null
    report.value = null
    progress.value = null
    phase.value = 'running'
    const off = hostClient.on('download:progress', (p) => (progress.value = p))
    try {
      const r = await hostClient.call('download:start', {
        symbols: symbolList.value,
        from: from.value,
        to: to.value,
      })
      report.value = r
      if (r.ok) {
        await useSessionStore().loadLibrary()
        useUiStore().toast('success', 'Market data imported', r.title ?? '')
      }
    } catch (e) {
      error.value = (e as Error).message
    } finally {
      off()
      phase.value = report.value ? 'done' : 'form'
    }
  }

  async function cancel() {
    await hostClient.call('download:cancel', null).catch(() => undefined)
  }

  function again() {
    phase.value = 'form'
    report.value = null
    progress.value = null
  }

  async function practise() {
    const id = report.value?.scenarioId
    if (!id) return
    if (await useSessionStore().create(id)) hide()
  }

  return {
    open: readonly(open),
    enabled: readonly(enabled),
    symbols,
    from,
    to,
    phase: readonly(phase),
    progress,
    report,
    error: readonly(error),
    formProblem,
    loadSettings,
    setEnabled,
    show,
    hide,
    start,
    cancel,
    again,
    practise,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useDownloadStore, import.meta.hot))
