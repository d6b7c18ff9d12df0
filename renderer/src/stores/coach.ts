/**
 * The risk coach on the desk: guardrail profile, sizer, what-if table, crash stress test,
 * session report and journal, alerts, and the coach's pushed hits and alerts (toasts).
 * Every figure comes from the host (computed on engine copies); the store only holds it.
 */
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, readonly, ref, shallowRef } from 'vue'
import type {
  AlertFired,
  AlertSpec,
  AlertState,
  AttachedStop,
  CoachCheckResult,
  CoachExport,
  GuardrailHit,
  GuardrailProfile,
  JournalTag,
  SessionReport,
  SizerRequest,
  SizerResult,
  StressReport,
  WhatIfResult,
} from '../../../shared/contract/coach'
import { GUARDRAIL_RULE_TITLES } from '../../../shared/contract/coach'
import type { TradeCommand } from '../../../shared/trading/commands'
import { hostClient } from '../services/client'
import { useSessionStore } from './session'
import { useUiStore } from './ui'

// The coach's methods and pushes are part of the contract: typed like every other domain's.
const call: typeof hostClient.call = (name, req) => hostClient.call(name, req)
const on: typeof hostClient.on = (name, listener) => hostClient.on(name, listener)

export type CoachPanel = 'sizer' | 'whatIf' | 'stress' | 'report' | 'guardrails' | 'alerts'

export const useCoachStore = defineStore('coach', () => {
  const profile = shallowRef<GuardrailProfile | null>(null)
  const sizer = shallowRef<SizerResult | null>(null)
  const whatIf = shallowRef<WhatIfResult | null>(null)
  const stress = shallowRef<StressReport | null>(null)
  const report = shallowRef<SessionReport | null>(null)
  const alerts = shallowRef<AlertState[]>([])
  const hits = shallowRef<GuardrailHit[]>([])
  const fired = shallowRef<AlertFired[]>([])
  const check = shallowRef<CoachCheckResult | null>(null)
  const busy = ref<CoachPanel | null>(null)
  /** The dock's open panel (kept while the dock is unmounted by the desk's tabs). */
  const panel = ref<CoachPanel | null>(null)
  const error = ref<string | null>(null)
  let unsubscribe: (() => void)[] = []

  const sessionId = computed(() => useSessionStore().sessionId)
  const enabled = computed(() => profile.value?.enabled ?? true)

  async function run<T>(panel: CoachPanel, fn: (id: string) => Promise<T>): Promise<T | null> {
    const id = sessionId.value
    if (!id) return null
    busy.value = panel
    error.value = null
    try {
      return await fn(id)
    } catch (err) {
      error.value = err instanceof Error ? err.message : String(err)
      return null
    } finally {
      if (busy.value === panel) busy.value = null
    }
  }

  /** Whether this host can print the report to PDF (the desktop app can; browser mode cannot). */
  const canPdf = ref(false)

  /** Subscribe to the coach's pushes (hits and alerts of the open session). */
  function listen() {
    if (unsubscribe.length) return
    void hostClient.call('app:info', null).then(
      (info) => (canPdf.value = info?.canPrintPdf === true),
      () => (canPdf.value = false),
    )
    unsubscribe = [
      on('coach:hit', ({ sessionId: id, hit }) => {
        if (id !== sessionId.value) return
        hits.value = [...hits.value, hit]
        const ui = useUiStore()
        ui.toast(
          hit.severity === 'warn' ? 'warning' : 'error',
          `Coach: ${ruleTitle(hit.rule)}`,
          hit.message,
          8000,
        )
      }),
      on('alerts:fired', ({ sessionId: id, alert }) => {
        if (id !== sessionId.value) return
        fired.value = [...fired.value, alert]
        alerts.value = alerts.value.map((a) =>
          a.spec.id === alert.alertId ? { ...a, armed: false, lastFiredAt: alert.t } : a,
        )
        useUiStore().toast('warning', 'Alert', alert.message, 8000)
        notifyOs(alert.message)
      }),
    ]
  }

  function stop() {
    for (const u of unsubscribe) u()
    unsubscribe = []
  }

  let boundTo: string | null = null
  /** Follow the open session: results of another session are dropped, its alerts loaded. */
  function bind() {
    const id = sessionId.value
    if (id === boundTo) return
    boundTo = id
    reset()
    if (id) void loadAlerts()
  }

  /** Forget per-session results (another session opened). */
  function reset() {
    sizer.value = null
    whatIf.value = null
    stress.value = null
    report.value = null
    alerts.value = []
    hits.value = []
    fired.value = []
    check.value = null
    error.value = null
  }

  async function loadProfile() {
    try {
      profile.value = await call('coach:settings', {})
    } catch (err) {
      error.value = err instanceof Error ? err.message : String(err)
    }
  }

  async function saveProfile(p: GuardrailProfile) {
    busy.value = 'guardrails'
    try {
      profile.value = await call('coach:settings', { profile: p })
      useUiStore().toast(
        'success',
        'Guardrails saved',
        p.enabled ? `${p.name} profile is on` : 'All guardrails are off',
      )
    } catch (err) {
      error.value = err instanceof Error ? err.message : String(err)
    } finally {
      busy.value = null
    }
  }

  async function runSizer(req: Omit<SizerRequest, 'sessionId'>) {
    const r = await run('sizer', (sessionId) => call('coach:sizer', { sessionId, ...req }))
    if (r) sizer.value = r
    return r
  }

  async function runWhatIf(moves?: string[], keepOrders = false) {
    const r = await run('whatIf', (sessionId) =>
      call('coach:whatIf', { sessionId, moves, keepOrders }),
    )
    if (r) whatIf.value = r
    return r
  }

  async function runStressTest(scenarioIds?: string[]) {
    const r = await run('stress', (sessionId) =>
      call('coach:stressTest', { sessionId, scenarioIds }),
    )
    if (r) stress.value = r
    return r
  }

  /**
   * "Practise it": the host forks the portfolio onto the crash rescaled to the current prices
   * (a derived user scenario) and returns the new practice session; the desk opens it the way
   * any session is opened.
   */
  async function practiseCrash(scenarioId: string) {
    const snap = await run('stress', (sessionId) =>
      call('coach:practiseCrash', { sessionId, scenarioId }),
    )
    if (!snap) {
      if (error.value) useUiStore().toast('error', 'Practise it', error.value)
      return null
    }
    const session = useSessionStore()
    void session.loadLibrary()
    return session.open(snap.summary.id)
  }

  async function checkCommand(command: TradeCommand, attachedStop?: AttachedStop) {
    const r = await run('sizer', (sessionId) =>
      call('coach:check', { sessionId, command, attachedStop }),
    )
    check.value = r
    return r
  }

  async function loadReport() {
    const r = await run('report', (sessionId) => call('coach:report', { sessionId }))
    if (r) {
      report.value = r
      hits.value = r.guardrailHits
    }
    return r
  }

  async function saveJournal(tradeId: string, note: string, tags: JournalTag[]) {
    const e = await run('report', (sessionId) =>
      call('coach:journal', { sessionId, tradeId, note, tags }),
    )
    if (e) await loadReport()
    return e
  }

  async function exportAs(
    format: 'tradesCsv' | 'json' | 'html' | 'pdf',
  ): Promise<CoachExport | null> {
    const r = await run('report', (sessionId) => call('coach:export', { sessionId, format }))
    if (r) download(r)
    return r
  }

  async function loadAlerts() {
    const r = await run('alerts', (sessionId) => call('alerts:list', { sessionId }))
    if (r) alerts.value = r
  }

  async function setAlert(spec: AlertSpec) {
    const r = await run('alerts', (sessionId) => call('alerts:set', { sessionId, alert: spec }))
    if (r) alerts.value = r
  }

  async function removeAlert(alertId: string) {
    const r = await run('alerts', (sessionId) => call('alerts:remove', { sessionId, alertId }))
    if (r) alerts.value = r
  }

  return {
    canPdf,
    profile: readonly(profile),
    sizer: readonly(sizer),
    whatIf: readonly(whatIf),
    stress: readonly(stress),
    report: readonly(report),
    alerts: readonly(alerts),
    hits: readonly(hits),
    fired: readonly(fired),
    check: readonly(check),
    busy: readonly(busy),
    panel,
    error: readonly(error),
    enabled,
    listen,
    stop,
    bind,
    reset,
    loadProfile,
    saveProfile,
    runSizer,
    runWhatIf,
    runStressTest,
    practiseCrash,
    checkCommand,
    loadReport,
    saveJournal,
    exportAs,
    loadAlerts,
    setAlert,
    removeAlert,
  }
})

export function ruleTitle(rule: GuardrailHit['rule']): string {
  return GUARDRAIL_RULE_TITLES[rule]
}

/** Save an export through the browser (Electron shows its save dialog for downloads). */
function download(x: CoachExport) {
  if (typeof document === 'undefined' || typeof Blob === 'undefined') return
  const body =
    x.encoding === 'base64' ? Uint8Array.from(atob(x.content), (c) => c.charCodeAt(0)) : x.content
  const url = URL.createObjectURL(new Blob([body], { type: x.mime }))
  const a = document.createElement('a')
  a.href = url
  a.download = x.fileName
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** An OS notification when the page is allowed to show one (Electron grants it; browsers may ask). */
function notifyOs(text: string) {
  const N = (
    globalThis as { Notification?: { permission: string; new (t: string, o: object): unknown } }
  ).Notification
  if (!N || N.permission !== 'granted') return
  try {
    new N('PerpDojo alert', { body: text, silent: false })
  } catch {
    /* not available here */
  }
}

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useCoachStore, import.meta.hot))
