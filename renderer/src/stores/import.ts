/**
 * Importing the user's own data from the desk: files picked or dropped in the browser are
 * uploaded in chunks (`import:begin` / `import:chunk`), then imported by the host
 * (`import:commit`) while `import:progress` reports rows and rows/s. On success the scenario
 * library is reloaded so the new scenario shows in the crash library.
 */
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, readonly, ref, shallowRef } from 'vue'
import type { ImportProgress } from '../../../shared/contract/market'
import {
  UPLOAD_CHUNK_BYTES,
  UPLOAD_MAX_FILES,
  UPLOAD_MAX_TOTAL_BYTES,
  uploadNameProblem,
  type ImportStage,
  type UploadImportReport,
  type UploadKind,
} from '../../../shared/contract/upload'
import { hostClient } from '../services/client'
import { useSessionStore } from './session'
import { useUiStore } from './ui'

/** A file picked or dropped: the browser's File plus the folder path it came from. */
export interface PickedFile {
  file: File
  name: string
  size: number
  /** Folder path inside a dropped / picked folder ('' for loose files). */
  folder: string
  kind?: UploadKind
  /** Named like a Binance public-data file (or a .zip / .CHECKSUM): no mapping needed. */
  binance: boolean
}

export interface SkippedFile {
  name: string
  reason: string
}

export interface ColumnMapping {
  symbol: string
  time: number
  open: number
  high: number
  low: number
  close: number
  volume?: number
}

export type ImportPhase = 'pick' | 'uploading' | 'importing' | 'done' | 'failed'

/** The Binance folder that names a file's series (markPriceKlines/BTCUSDT/1h/…). */
export function kindFromFolder(folder: string): UploadKind | undefined {
  const parts = folder.toLowerCase().split('/')
  if (parts.includes('premiumindexklines')) return 'premiumIndex'
  if (parts.includes('markpriceklines')) return 'mark'
  if (parts.includes('indexpriceklines')) return 'index'
  if (parts.includes('fundingrate')) return 'funding'
  if (parts.includes('klines')) return 'last'
  return undefined
}

const INTERVAL = /^\d+(s|m|h|d|w|mo)$/i

/** Binance names: SYMBOL-1m-2024-01-01.csv, SYMBOL-fundingRate-2024-01.zip, btcusdt-last-1m.csv.gz. */
export function looksBinance(name: string): boolean {
  const lower = name.toLowerCase()
  if (lower.endsWith('.zip') || lower.endsWith('.checksum')) return true
  const tokens = lower.replace(/\.csv(\.gz)?$|\.gz$/, '').split('-')
  if (!/^[a-z0-9_]{2,24}$/.test(tokens[0] ?? '') || INTERVAL.test(tokens[0] ?? '')) return false
  return tokens.slice(1).some((t) => INTERVAL.test(t) || t === 'fundingrate' || t === 'funding')
}

/** Column guesses from a header row (time, open, high, low, close, volume). */
export function guessMapping(header: string[], fileName: string): ColumnMapping {
  const find = (re: RegExp, fallback: number) => {
    const k = header.findIndex((h) => re.test(h.trim().toLowerCase()))
    return k >= 0 ? k : fallback
  }
  const first = fileName.split(/[-_. ]/)[0]?.toUpperCase() ?? ''
  const vol = header.findIndex((h) => /^(volume|vol|base_volume)$/.test(h.trim().toLowerCase()))
  return {
    symbol: /^[A-Z0-9]{1,15}(USDT|USDC|BUSD|USD|BTC|ETH)$/.test(first) ? first : '', // a pair, else ask
    time: find(/^(open_?time|time|timestamp|date|datetime|ts|t)$/, 0),
    open: find(/^(open|o)$/, 1),
    high: find(/^(high|h)$/, 2),
    low: find(/^(low|l)$/, 3),
    close: find(/^(close|c)$/, 4),
    ...(vol >= 0 ? { volume: vol } : header.length > 5 ? { volume: 5 } : {}),
  }
}

const PREVIEW_CHARS = 4096

/** The first few KB of a file as text (gunzipped for .gz where the browser can). */
async function headText(f: PickedFile): Promise<string> {
  try {
    if (!f.name.toLowerCase().endsWith('.gz')) return await f.file.slice(0, PREVIEW_CHARS).text()
    if (typeof DecompressionStream === 'undefined') return ''
    const reader = f.file
      .slice(0, 64 * 1024)
      .stream()
      .pipeThrough(new DecompressionStream('gzip'))
      .pipeThrough(new TextDecoderStream())
      .getReader()
    let text = ''
    try {
      while (text.length < PREVIEW_CHARS) {
        const { done, value } = await reader.read()
        if (done) break
        text += value
      }
    } catch {
      /* the slice ends mid-stream: what was read is enough */
    }
    void reader.cancel().catch(() => undefined)
    return text.slice(0, PREVIEW_CHARS)
  } catch {
    return ''
  }
}

/** A chunk of a File as base64 (FileReader's data URL: native, no string building). */
async function base64Of(blob: Blob): Promise<string> {
  if (blob.size === 0) return ''
  if (typeof FileReader !== 'undefined') {
    const url = await new Promise<string>((resolve, reject) => {
      const r = new FileReader()
      r.onload = () => resolve(String(r.result))
      r.onerror = () => reject(r.error ?? new Error('cannot read the file'))
      r.readAsDataURL(blob)
    })
    return url.slice(url.indexOf(',') + 1)
  }
  const bytes = new Uint8Array(await blob.arrayBuffer())
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(s)
}

export const useImportStore = defineStore('import', () => {
  const open = ref(false)
  const files = shallowRef<PickedFile[]>([])
  const skipped = shallowRef<SkippedFile[]>([])
  const title = ref('')
  const useMapping = ref(false)
  const mapping = ref<ColumnMapping>({ symbol: '', time: 0, open: 1, high: 2, low: 3, close: 4 })
  /** First lines of the first file that needs a mapping, split into cells. */
  const preview = shallowRef<string[][]>([])
  const phase = ref<ImportPhase>('pick')
  const sentBytes = ref(0)
  const progress = shallowRef<ImportProgress | null>(null)
  const importBytes = ref(0)
  const report = shallowRef<UploadImportReport | null>(null)
  const error = ref<string | null>(null)
  let uploadId: string | null = null
  let cancelled = false

  const totalBytes = computed(() => files.value.reduce((s, f) => s + f.size, 0))
  const genericFiles = computed(() => files.value.filter((f) => !f.binance))
  const needsMapping = computed(() => genericFiles.value.length > 0)
  const mixed = computed(() => needsMapping.value && genericFiles.value.length < files.value.length)
  const busy = computed(() => phase.value === 'uploading' || phase.value === 'importing')
  const mappingProblem = computed(() => {
    if (!useMapping.value) return null
    const m = mapping.value
    if (!/^[A-Z0-9]{2,20}$/.test(m.symbol)) return 'Symbol: 2–20 capital letters or digits'
    const cols = [
      m.time,
      m.open,
      m.high,
      m.low,
      m.close,
      ...(m.volume !== undefined ? [m.volume] : []),
    ]
    if (cols.some((c) => !Number.isInteger(c) || c < 0)) return 'Columns are 0-based numbers'
    if (new Set(cols).size !== cols.length) return 'Each column can be used once'
    return null
  })
  const canStart = computed(
    () =>
      !busy.value &&
      files.value.length > 0 &&
      totalBytes.value <= UPLOAD_MAX_TOTAL_BYTES &&
      (!needsMapping.value || useMapping.value) &&
      mappingProblem.value === null,
  )
  /** 0..1 of the current phase (upload bytes, then CSV bytes read). */
  const fraction = computed(() => {
    if (phase.value === 'uploading')
      return totalBytes.value ? sentBytes.value / totalBytes.value : 1
    if (phase.value === 'importing') {
      const b = progress.value?.bytes ?? 0
      return importBytes.value ? Math.min(1, b / importBytes.value) : 0
    }
    return phase.value === 'done' ? 1 : 0
  })
  /** Errors grouped by code, in first-seen order, with complete counts where known. */
  const errorGroups = computed(() => {
    const groups = new Map<string, UploadImportReport['errors']>()
    for (const e of report.value?.errors ?? []) {
      const g = groups.get(e.code) ?? []
      g.push(e)
      groups.set(e.code, g)
    }
    return [...groups.entries()].map(([code, issues]) => ({ code, issues }))
  })
  const ohlcViolations = computed(
    () => report.value?.errors.filter((e) => e.code === 'OHLC_VIOLATION') ?? [],
  )

  function show(initial?: { file: File; folder?: string }[]) {
    open.value = true
    if (initial?.length && !busy.value) {
      if (phase.value !== 'pick') reset()
      void addFiles(initial)
    }
  }

  /** Close the dialog. A running import goes on in the background (Cancel stops it). */
  function hide() {
    open.value = false
    if (phase.value === 'done' || phase.value === 'failed') reset()
  }

  function reset() {
    files.value = []
    skipped.value = []
    title.value = ''
    useMapping.value = false
    preview.value = []
    phase.value = 'pick'
    sentBytes.value = 0
    progress.value = null
    importBytes.value = 0
    report.value = null
    error.value = null
    uploadId = null
    previewOf = null
  }

  /** Add files (from the picker, a drop, or a folder); odd files are listed as skipped. */
  async function addFiles(list: { file: File; folder?: string }[]) {
    if (busy.value) return
    if (phase.value !== 'pick') reset()
    const next = [...files.value]
    const skip = [...skipped.value]
    for (const { file, folder = '' } of list) {
      const name = file.name
      if (name.startsWith('.')) continue // .DS_Store and friends, silently
      const problem = uploadNameProblem(name)
      if (problem) {
        skip.push({ name: folder ? `${folder}/${name}` : name, reason: problem })
        continue
      }
      const kind = kindFromFolder(folder)
      const same = next.findIndex(
        (f) => f.name.toLowerCase() === name.toLowerCase() && f.kind === kind,
      )
      const picked: PickedFile = {
        file,
        name,
        size: file.size,
        folder,
        ...(kind ? { kind } : {}),
        binance: looksBinance(name),
      }
      if (same >= 0) next[same] = picked
      else next.push(picked)
    }
    if (next.length > UPLOAD_MAX_FILES) {
      skip.push({
        name: `${next.length - UPLOAD_MAX_FILES} more files`,
        reason: `at most ${UPLOAD_MAX_FILES} files at once`,
      })
      next.length = UPLOAD_MAX_FILES
    }
    files.value = next
    skipped.value = skip
    error.value =
      totalBytes.value > UPLOAD_MAX_TOTAL_BYTES
        ? `Too much at once: at most ${UPLOAD_MAX_TOTAL_BYTES / 1024 ** 3} GB per import`
        : null
    await refreshPreview()
  }

  function removeFile(index: number) {
    if (busy.value) return
    files.value = files.value.filter((_, i) => i !== index)
    void refreshPreview()
  }

  let previewOf: PickedFile | null = null
  /** Preview the first generic file and guess its columns (kept while that file stays first). */
  async function refreshPreview() {
    const generic = genericFiles.value
    const first = generic.find((f) => !f.name.toLowerCase().endsWith('.gz')) ?? generic[0]
    if (!first) {
      previewOf = null
      preview.value = []
      useMapping.value = false
      return
    }
    if (first === previewOf) return
    previewOf = first
    useMapping.value = true
    const text = await headText(first)
    if (previewOf !== first) return // files changed while reading
    const lines = text
      .replace(/^\uFEFF/, '')
      .split(/\r\n|\n|\r/)
      .filter((l) => l.trim() !== '')
    if (text.length >= PREVIEW_CHARS) lines.pop() // probably cut mid-line
    const rows = lines.slice(0, 5).map((l) => l.split(',').map((c) => c.trim()))
    preview.value = rows
    const header = rows[0] ?? []
    const hasHeader = header.some((c) => /[a-z]/i.test(c) && !/^[-+\d.eE]+$/.test(c))
    mapping.value = guessMapping(hasHeader ? header : [], first.name)
  }

  function setMapping(patch: Partial<ColumnMapping>) {
    const next = { ...mapping.value, ...patch }
    if (patch.volume === undefined && 'volume' in patch) delete next.volume
    mapping.value = next
  }

  let offPush: (() => void)[] = []
  function listen() {
    offPush.forEach((off) => off())
    offPush = [
      hostClient.on('import:progress', (p) => {
        if (phase.value === 'importing') progress.value = p
      }),
      hostClient.on('import:stage', (s: ImportStage) => {
        if (s.uploadId !== uploadId) return
        if (s.totalBytes !== undefined) importBytes.value = s.totalBytes
      }),
    ]
  }
  function unlisten() {
    offPush.forEach((off) => off())
    offPush = []
  }

  /** Upload every file, then import; ends in 'done' or 'failed' (report or error set). */
  async function start(): Promise<UploadImportReport | null> {
    if (!canStart.value) return null
    cancelled = false
    error.value = null
    report.value = null
    progress.value = null
    sentBytes.value = 0
    phase.value = 'uploading'
    const list = files.value
    try {
      listen()
      const begun = await hostClient.call('import:begin', {
        files: list.map((f) => ({
          name: f.name,
          size: f.size,
          ...(f.kind ? { kind: f.kind } : {}),
        })),
      })
      uploadId = begun.uploadId
      const chunk = Math.min(begun.chunkBytes, UPLOAD_CHUNK_BYTES)
      // Chunks in order; the next one is read (base64) while the host writes this one.
      const plan = list.flatMap((f, fileIndex) => {
        const parts: { fileIndex: number; offset: number; end: number }[] = []
        let offset = 0
        do {
          const end = Math.min(offset + chunk, f.size)
          parts.push({ fileIndex, offset, end })
          offset = end
        } while (offset < f.size)
        return parts
      })
      const read = (k: number) => {
        const p = plan[k]!
        return base64Of(list[p.fileIndex]!.file.slice(p.offset, p.end))
      }
      let pending = plan.length ? read(0) : null
      for (const [k, p] of plan.entries()) {
        if (cancelled) throw new Error('Import cancelled; nothing was created')
        const dataBase64 = await pending!
        pending = k + 1 < plan.length ? read(k + 1) : null
        pending?.catch(() => undefined) // surfaced when awaited
        const f = list[p.fileIndex]!
        await hostClient.call('import:chunk', {
          uploadId,
          fileIndex: p.fileIndex,
          name: f.name,
          offset: p.offset,
          dataBase64,
          ...(p.end === f.size ? { final: true } : {}),
        })
        sentBytes.value += p.end - p.offset
      }
      if (cancelled) throw new Error('Import cancelled; nothing was created')
      phase.value = 'importing'
      const trimmed = title.value.trim()
      const rep = await hostClient.call('import:commit', {
        uploadId,
        ...(trimmed ? { title: trimmed.slice(0, 120) } : {}),
        ...(useMapping.value ? { mapping: { ...mapping.value } } : {}),
      })
      uploadId = null
      report.value = rep
      phase.value = rep.ok ? 'done' : 'failed'
      if (rep.ok) {
        await useSessionStore().loadLibrary()
        useUiStore().toast('success', 'Import complete', rep.title ?? rep.scenarioId ?? '')
      } else if (!open.value) {
        useUiStore().toast(
          'error',
          'Import failed',
          `${rep.errorCount} errors: press I to see them`,
        )
      }
      return rep
    } catch (e) {
      const id = uploadId
      uploadId = null
      if (id) void hostClient.call('import:cancel', { uploadId: id }).catch(() => undefined)
      error.value = cancelled ? 'Import cancelled; nothing was created' : (e as Error).message
      phase.value = 'failed'
      if (!open.value && !cancelled) useUiStore().toast('error', 'Import failed', error.value)
      return null
    } finally {
      unlisten()
    }
  }

  async function cancel() {
    if (!busy.value) return
    cancelled = true
    const id = uploadId
    if (id) await hostClient.call('import:cancel', { uploadId: id }).catch(() => undefined)
  }

  /** Start a practice session on the scenario just imported. */
  async function openImported() {
    const id = report.value?.scenarioId
    if (!id) return
    const snap = await useSessionStore().create(id)
    if (snap) hide()
  }

  return {
    open: readonly(open),
    files,
    skipped,
    title,
    useMapping,
    mapping: readonly(mapping),
    preview,
    phase: readonly(phase),
    sentBytes: readonly(sentBytes),
    progress,
    importBytes: readonly(importBytes),
    report,
    error: readonly(error),
    totalBytes,
    needsMapping,
    mixed,
    busy,
    mappingProblem,
    canStart,
    fraction,
    errorGroups,
    ohlcViolations,
    show,
    hide,
    reset,
    addFiles,
    removeFile,
    setMapping,
    start,
    cancel,
    openImported,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useImportStore, import.meta.hot))
