/**
 * The practice session and its replay clock: scenario library, session list, the open
 * session's summary/status, replay controls, and the desk's ONE write path for engine
 * output: pushed `replay:frame` batches and command acks go through the same queue, in the
 * order they arrived. Frames wait for the next animation frame (chart `update` per bar); an
 * ack drains the queue at once, so a frame pushed before the click is applied before its
 * answer and never after it.
 */
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, readonly, ref, shallowRef } from 'vue'
import type {
  CommandAck,
  Request,
  Decision,
  ReplayFrame,
  ReplaySpeed,
  ReplayStatus,
  SessionMode,
  SessionSnapshot,
  SessionSummary,
} from '../../../shared/contract'
import { TIMEFRAME_MS, type ScenarioInfo } from '../../../shared/market'
import type { EngineSettings } from '../../../shared/trading/settings'
import { hostClient } from '../services/client'
import { useAccountStore } from './account'
import { useMarketStore } from './market'
import { useUiStore } from './ui'

type ControlAction =
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'speed'; speed: ReplaySpeed }
  | { type: 'step'; bars: number }
  | { type: 'nextEvent' }
  | { type: 'seek'; t: number }
  | { type: 'pauseOnLiquidation'; on: boolean }
  | { type: 'decision'; index: number }

export const SPEEDS: ReplaySpeed[] = [1, 2, 5, 10, 30, 60, 120, 300, 1000, 'max']

export const useSessionStore = defineStore('session', () => {
  const scenarios = shallowRef<ScenarioInfo[]>([])
  const sessions = shallowRef<SessionSummary[]>([])
  const summary = shallowRef<SessionSummary | null>(null)
  const scenario = shallowRef<ScenarioInfo | null>(null)
  const settings = shallowRef<EngineSettings | null>(null)
  const status = shallowRef<ReplayStatus | null>(null)
  /** Review: the session's decisions, in order. */
  const decisions = shallowRef<Decision[]>([])
  const busy = ref(false)
  const error = ref<string | null>(null)
  const recovered = ref<string | null>(null)

  type Delivery = { frame: ReplayFrame } | { ack: CommandAck; sessionId: string }
  let queue: Delivery[] = []
  let rafPending = false
  let unsubscribe: (() => void) | null = null

  const sessionId = computed(() => summary.value?.id ?? null)
  // The summary keeps the session's own mode; the status says how it is open now (review).
  const mode = computed<SessionMode>(() => status.value?.mode ?? summary.value?.mode ?? 'practice')
  const symbols = computed(() => scenario.value?.symbols.map((s) => s.symbol) ?? [])
  const replayTime = computed(() => status.value?.t ?? scenario.value?.start ?? 0)
  const playing = computed(() => status.value?.playing ?? false)

  function listen() {
    if (unsubscribe) return
    unsubscribe = hostClient.on('replay:frame', (frame) => enqueue(frame))
  }

  function enqueue(frame: ReplayFrame) {
    if (frame.status.sessionId !== sessionId.value) return
    queue.push({ frame })
    if (rafPending) return
    rafPending = true
    const raf =
      typeof requestAnimationFrame === 'function'
        ? requestAnimationFrame
        : (cb: FrameRequestCallback) => setTimeout(() => cb(0), 16)
    raf(() => flush())
  }

  /**
   * The answer to a trading command joins the queue behind every frame pushed before it and
   * the queue is drained now (the ticket waits on the result).
   */
  function deliverAck(ack: CommandAck, forSession: string) {
    queue.push({ ack, sessionId: forSession })
    flush()
  }

  /** Apply everything queued, in arrival order: chart bars one by one, events, status/account. */
  function flush() {
    rafPending = false
    const items = queue
    queue = []
    if (!items.length) return
    const market = useMarketStore()
    const account = useAccountStore()
    let newest: ReplayStatus | null = null
    for (const item of items) {
      if ('ack' in item) {
        if (item.sessionId === sessionId.value) account.apply(item.ack.account, item.ack.events)
        continue
      }
      const f = item.frame
      newest = f.status
      market.applyFrame(f)
      // A jump (seek, rewind, review decision) re-folds: the frame carries every event so far.
      if (f.allEvents) account.reset(f.account, f.events)
      else account.apply(f.account, f.events, !f.reload)
    }
    if (newest) status.value = newest
  }

  async function guard<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    error.value = null
    try {
      return await fn()
    } catch (e) {
      error.value = `${what}: ${(e as Error).message}`
      useUiStore().toast('error', what, (e as Error).message)
      return undefined
    }
  }

  async function loadScenarios() {
    await guard('Scenario library', async () => {
      scenarios.value = await hostClient.call('scenario:list', null)
    })
  }

  async function loadLibrary() {
    await Promise.all([loadScenarios(), refreshSessions()])
  }

  async function refreshSessions() {
    await guard('Session list', async () => {
      sessions.value = await hostClient.call('session:list', null)
    })
  }

  async function adopt(snap: SessionSnapshot) {
    listen()
    queue = []
    // One session on the desk at a time: pause and unload the one we leave (it stays listed).
    const previous = sessionId.value
    if (previous && previous !== snap.summary.id)
      void hostClient.call('session:close', { sessionId: previous }).catch(() => {})
    summary.value = snap.summary
    scenario.value = snap.scenario
    settings.value = snap.settings
    status.value = snap.status
    recovered.value = snap.recovered?.message ?? null
    decisions.value = []
    const ui = useUiStore()
    if ((snap.status.mode ?? snap.summary.mode) === 'review') {
      void loadDecisions()
      ui.setBottomTab('decisions')
    } else if (ui.bottomTab === 'decisions') ui.setBottomTab('positions')
    useAccountStore().reset(snap.account, snap.events)
    await useMarketStore().attach(
      snap.summary.id,
      snap.scenario.symbols.map((s) => s.symbol),
    )
  }

  async function create(
    scenarioId: string,
    opts: Omit<Request<'session:create'>, 'scenarioId'> = {},
  ) {
    busy.value = true
    const snap = await guard('Create session', () =>
      hostClient.call('session:create', { scenarioId, ...opts }),
    )
    busy.value = false
    if (snap) await adopt(snap)
    void refreshSessions()
    return snap
  }

  async function open(id: string, openMode?: SessionMode) {
    busy.value = true
    const snap = await guard('Open session', () =>
      hostClient.call(
        'session:open',
        openMode ? { sessionId: id, mode: openMode } : { sessionId: id },
      ),
    )
    busy.value = false
    if (snap) await adopt(snap)
    return snap
  }

  /** A call on the open session that answers with its new snapshot, which the desk adopts. */
  async function onOpenSession(
    what: string,
    call: (sessionId: string) => Promise<SessionSnapshot>,
  ): Promise<void> {
    const id = sessionId.value
    if (!id) return
    const snap = await guard(what, () => call(id))
    if (snap) await adopt(snap)
  }

  async function fork(commandIndex: number) {
    if (!sessionId.value) return
    await onOpenSession('Fork session', (id) =>
      hostClient.call('session:fork', { sessionId: id, commandIndex }),
    )
    void refreshSessions()
  }

  async function rewind(t: number) {
    await onOpenSession('Rewind', (id) => hostClient.call('session:rewind', { sessionId: id, t }))
  }

  /**
   * Back to where the scenario's replay starts (Home, |◀). replayFrom is the open of the last
   * bar revealed at the start; replay time is a close (issue 13.8), so that bar's close.
   */
  async function rewindToStart() {
    const sc = scenario.value
    if (sc) await rewind(sc.replayFrom + TIMEFRAME_MS[sc.baseTimeframe])
  }

  async function loadDecisions() {
    if (!sessionId.value) return
    const id = sessionId.value
    const list = await guard('Decisions', () =>
      hostClient.call('session:decisions', { sessionId: id }),
    )
    if (list) decisions.value = list
  }

  // Session files: rename, duplicate, delete, export and import (the list refreshes after).
  async function rename(id: string, name: string) {
    await guard('Rename', () => hostClient.call('session:rename', { sessionId: id, name }))
    await refreshSessions()
  }
  async function duplicate(id: string) {
    await guard('Duplicate', () => hostClient.call('session:duplicate', { sessionId: id }))
    await refreshSessions()
  }
  async function remove(id: string) {
    if (id === sessionId.value) {
      useUiStore().toast('warning', 'Delete', 'Open another session before deleting this one')
      return
    }
    await guard('Delete', () => hostClient.call('session:delete', { sessionId: id }))
    await refreshSessions()
  }
  async function exportFile(id: string) {
    return guard('Export', () => hostClient.call('session:export', { sessionId: id }))
  }
  async function importFile(content: string) {
    const s = await guard('Import session', () => hostClient.call('session:import', { content }))
    await refreshSessions()
    return s
  }

  /** End the session now (an exam's blind mask is lifted); it can then be reviewed. */
  async function finish() {
    if (!sessionId.value) return
    await onOpenSession('Finish', (id) => hostClient.call('session:finish', { sessionId: id }))
    void refreshSessions()
  }

  /** Undo the last rewind: the set-aside commands come back. */
  async function restore() {
    await onOpenSession('Restore', (id) => hostClient.call('session:restore', { sessionId: id }))
  }

  async function control(action: ControlAction) {
    if (!sessionId.value) return
    const id = sessionId.value
    const st = await guard('Replay', () =>
      hostClient.call('replay:control', { sessionId: id, action }),
    )
    if (!st) return
    // Frames pushed before this answer are already queued; apply them first.
    flush()
    status.value = st
    if (action.type === 'seek') await useMarketStore().load()
    else if (!st.playing) useMarketStore().refreshIfStale()
  }

  const play = () => control({ type: 'play' })
  const pause = () => control({ type: 'pause' })
  const togglePlay = () => (playing.value ? pause() : play())
  const step = (bars = 1) => control({ type: 'step', bars })
  const nextEvent = () => control({ type: 'nextEvent' })
  const seek = (t: number) => control({ type: 'seek', t })
  const setSpeed = (speed: ReplaySpeed) => control({ type: 'speed', speed })
  /** Whether playback stops on the user's own liquidation (on unless turned off). */
  const pauseOnLiquidation = computed(() => status.value?.pauseOnLiquidation !== false)
  const setPauseOnLiquidation = (on: boolean) => control({ type: 'pauseOnLiquidation', on })
  /** Review: the position right after decision `index` (-1: before the first). */
  const gotoDecision = (index: number) => control({ type: 'decision', index })

  return {
    scenarios,
    sessions,
    summary,
    scenario,
    settings,
    status,
    decisions,
    busy: readonly(busy),
    error: readonly(error),
    recovered: readonly(recovered),
    sessionId,
    mode,
    symbols,
    replayTime,
    playing,
    loadLibrary,
    loadScenarios,
    refreshSessions,
    create,
    open,
    fork,
    rewind,
    rewindToStart,
    restore,
    rename,
    duplicate,
    remove,
    exportFile,
    importFile,
    finish,
    loadDecisions,
    gotoDecision,
    control,
    play,
    pause,
    togglePlay,
    step,
    nextEvent,
    seek,
    setSpeed,
    pauseOnLiquidation,
    setPauseOnLiquidation,
    flush,
    enqueue,
    deliverAck,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSessionStore, import.meta.hot))
