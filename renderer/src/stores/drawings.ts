/**
 * The trader's chart drawings (issue 14 item 7): horizontal line, trend line, ray, rectangle
 * and the measure tool, kept per session and symbol by the host (drawings:save replaces one
 * symbol's set, so every change is saved whole). Also the drawing state every pane shares:
 * the active tool, the first point of a drawing in progress, and the selected drawing
 * (Delete / Backspace removes it; Esc cancels what is in progress, see use-keyboard).
 */
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, readonly, ref, shallowRef, watch } from 'vue'
import type { Drawing, DrawingKind, DrawingPoint } from '../../../shared/contract/coach'
import type { SymbolId } from '../../../shared/market'
import { hostClient } from '../services/client'
import { useSessionStore } from './session'
import { useUiStore } from './ui'

export const DRAWING_TOOLS: readonly [DrawingKind, string, string][] = [
  ['hline', 'H-line', 'Horizontal line: one click'],
  ['trend', 'Trend', 'Trend line: click the start, then the end'],
  ['ray', 'Ray', 'Ray: click the start, then a point it passes through'],
  ['rect', 'Rect', 'Rectangle: click two corners'],
  ['measure', 'Measure', 'Price range: click two points (Δ price, Δ %, bars)'],
]

export const useDrawingsStore = defineStore('drawings', () => {
  const session = useSessionStore()
  const list = shallowRef<Drawing[]>([])
  const tool = ref<DrawingKind | null>(null)
  /** First point of a two-point drawing being drawn, and the pane it is drawn in. */
  const pending = shallowRef<{ pane: number; point: DrawingPoint } | null>(null)
  const selected = ref<string | null>(null)
  let n = 0

  const sessionId = computed(() => session.sessionId)

  async function load() {
    list.value = []
    pending.value = null
    selected.value = null
    const id = sessionId.value
    if (!id) return
    try {
      const all = await hostClient.call('drawings:list', { sessionId: id })
      if (sessionId.value === id) list.value = all ?? []
    } catch (e) {
      useUiStore().toast('error', 'Drawings', (e as Error).message)
    }
  }

  /** Save one symbol's drawings; on a refusal the host's list stays the truth. */
  async function save(symbol: SymbolId, drawings: Drawing[]) {
    const id = sessionId.value
    if (!id) return
    const before = list.value
    list.value = before.filter((d) => d.symbol !== symbol).concat(drawings)
    try {
      const all = await hostClient.call('drawings:save', { sessionId: id, symbol, drawings })
      if (sessionId.value === id) list.value = all ?? []
    } catch (e) {
      if (sessionId.value === id) list.value = before
      useUiStore().toast('error', 'Drawing not saved', (e as Error).message)
    }
  }

  function of(symbol: SymbolId): Drawing[] {
    return list.value.filter((d) => d.symbol === symbol)
  }

  function pick(kind: DrawingKind | null) {
    tool.value = tool.value === kind ? null : kind
    pending.value = null
    selected.value = null
  }

  /** A click of the active tool at `point` in `pane`: starts or finishes a drawing. */
  function click(pane: number, symbol: SymbolId, point: DrawingPoint) {
    const kind = tool.value
    if (!kind) return
    const p = pending.value
    if (kind !== 'hline' && (!p || p.pane !== pane)) {
      pending.value = { pane, point }
      return
    }
    const points = kind === 'hline' ? [point] : [p!.point, point]
    const d: Drawing = { id: `d${Date.now().toString(36)}${n++}`, kind, symbol, points }
    pending.value = null
    tool.value = null
    selected.value = d.id
    void save(symbol, [...of(symbol), d])
  }

  function select(id: string | null) {
    selected.value = id
  }

  /** Delete / Backspace: remove the selected drawing. True when there was one. */
  function removeSelected(): boolean {
    const d = list.value.find((x) => x.id === selected.value)
    if (!d) return false
    selected.value = null
    void save(
      d.symbol,
      of(d.symbol).filter((x) => x.id !== d.id),
    )
    return true
  }

  /** Esc: drop the drawing in progress, the tool, or the selection. True when one was dropped. */
  function cancel(): boolean {
    if (!tool.value && !pending.value && !selected.value) return false
    tool.value = null
    pending.value = null
    selected.value = null
    return true
  }

  watch(sessionId, () => void load(), { immediate: true })

  return {
    list: readonly(list),
    tool: readonly(tool),
    pending: readonly(pending),
    selected: readonly(selected),
    load,
    of,
    pick,
    click,
    select,
    removeSelected,
    cancel,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useDrawingsStore, import.meta.hot))
