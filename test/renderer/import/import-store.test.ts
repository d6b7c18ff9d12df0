// @vitest-environment happy-dom
/**
 * The import store and dialog with the host client mocked: files picked → chunks of the
 * exact bytes at contiguous offsets → commit → progress pushes → summary; a bad file's
 * errors with file:line:column; generic CSVs need a mapping; odd names are skipped; cancel.
 */
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { nextTick } from 'vue'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { UploadImportReport } from '../../../shared/contract/upload'

const pushes = new Map<string, (p: unknown) => void>()
const call = vi.fn()
vi.mock('../../../renderer/src/services/client', () => ({
  hostClient: {
    call: (...a: unknown[]) => call(...a),
    on: (name: string, fn: (p: unknown) => void) => {
      pushes.set(name, fn)
      return () => pushes.delete(name)
    },
  },
  HostCallError: class HostCallError extends Error {},
}))

const { useImportStore, looksBinance, kindFromFolder, guessMapping } =
  await import('../../../renderer/src/stores/import')
const { useSessionStore } = await import('../../../renderer/src/stores/session')
const ImportDialog = (await import('../../../renderer/src/components/import/ImportDialog.vue'))
  .default

const ID = 'a'.repeat(24)
const CSV = 'open_time,open,high,low,close,volume\n1704067200000,1,2,0.5,1.5,3\n'

function okReport(over: Partial<UploadImportReport> = {}): UploadImportReport {
  return {
    ok: true,
    scenarioId: 'btcusdt-1m-2024-01-01',
    title: 'BTCUSDT 1m · 2024-01-01 → 2024-01-01 (imported)',
    rowsRead: 1,
    duplicatesDropped: 0,
    outOfOrder: 0,
    gaps: [],
    errors: [],
    warnings: [],
    errorCount: 0,
    warningCount: 0,
    durationMs: 12,
    files: [{ file: 'BTCUSDT-1m-2024-01-01.csv', kind: 'last', symbol: 'BTCUSDT', rows: 1 }],
    ...over,
  }
}

const badReport = okReport({
  ok: false,
  scenarioId: undefined,
  title: undefined,
  rowsRead: 40,
  errorCount: 2,
  errors: [
    {
      code: 'OHLC_VIOLATION',
      file: 'BTCUSDT-1m-2024-01-01.csv',
      line: 12,
      column: 'high',
      message: 'high 99 is below max(open, close) 101',
    },
    {
      code: 'NOT_A_NUMBER',
      file: 'BTCUSDT-1m-2024-01-01.csv',
      line: 22,
      column: 'open',
      message: '"abc" is not a number',
    },
  ],
})

let chunks: { fileIndex: number; offset: number; data: string; final?: boolean }[] = []
function host(commit: () => unknown = () => okReport(), chunkBytes = 16) {
  call.mockImplementation(async (name: string, req: Record<string, unknown>) => {
    if (name === 'import:begin') return { uploadId: ID, chunkBytes }
    if (name === 'import:chunk') {
      chunks.push({
        fileIndex: req.fileIndex as number,
        offset: req.offset as number,
        data: atob(req.dataBase64 as string),
        ...(req.final ? { final: true } : {}),
      })
      return { received: 0, complete: !!req.final }
    }
    if (name === 'import:commit') {
      pushes.get('import:stage')?.({ uploadId: ID, stage: 'importing', totalBytes: 100 })
      pushes.get('import:progress')?.({ file: 'x.csv', rows: 40, bytes: 50, rowsPerSecond: 900 })
      return commit()
    }
    if (name === 'import:cancel') return { cancelled: true }
    if (name === 'scenario:list') return []
    if (name === 'session:list') return []
    throw new Error('unexpected ' + name)
  })
}

const file = (name: string, text: string) => new File([text], name, { type: 'text/csv' })

describe('import store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    call.mockReset()
    pushes.clear()
    chunks = []
  })

  it('uploads the exact bytes in contiguous chunks, commits, and reloads the library', async () => {
    host()
    const imp = useImportStore()
    const session = useSessionStore()
    const loadLibrary = vi.spyOn(session, 'loadLibrary')
    await imp.addFiles([
      { file: file('BTCUSDT-1m-2024-01-01.csv', CSV) },
      { file: file('BTCUSDT-1h-2024-01-01.csv', 'x,y\n'), folder: 'futures/markPriceKlines/1h' },
    ])
    expect(imp.files.map((f) => [f.name, f.kind, f.binance])).toEqual([
      ['BTCUSDT-1m-2024-01-01.csv', undefined, true],
      ['BTCUSDT-1h-2024-01-01.csv', 'mark', true],
    ])
    expect(imp.needsMapping).toBe(false)
    imp.title = '  My import  '
    const rep = await imp.start()
    expect(rep?.ok).toBe(true)
    expect(call.mock.calls[0]).toEqual([
      'import:begin',
      {
        files: [
          { name: 'BTCUSDT-1m-2024-01-01.csv', size: CSV.length },
          { name: 'BTCUSDT-1h-2024-01-01.csv', size: 4, kind: 'mark' },
        ],
      },
    ])
    const first = chunks.filter((c) => c.fileIndex === 0)
    expect(first.map((c) => c.data).join('')).toBe(CSV)
    let at = 0
    for (const c of first) {
      expect(c.offset).toBe(at)
      expect(c.data.length).toBeLessThanOrEqual(16)
      at += c.data.length
    }
    expect(first.at(-1)!.final).toBe(true)
    expect(first.slice(0, -1).every((c) => !c.final)).toBe(true)
    expect(chunks.filter((c) => c.fileIndex === 1)).toEqual([
      { fileIndex: 1, offset: 0, data: 'x,y\n', final: true },
    ])
    expect(call).toHaveBeenCalledWith('import:commit', { uploadId: ID, title: 'My import' })
    expect(imp.phase).toBe('done')
    expect(imp.importBytes).toBe(100)
    expect(imp.progress).toMatchObject({ rows: 40, rowsPerSecond: 900 })
    expect(loadLibrary).toHaveBeenCalled()
    expect(pushes.size).toBe(0) // listeners removed
  })

  it('a failed import keeps nothing and lists errors by code with file:line:column', async () => {
    host(() => badReport)
    const imp = useImportStore()
    await imp.addFiles([{ file: file('BTCUSDT-1m-2024-01-01.csv', CSV) }])
    await imp.start()
    expect(imp.phase).toBe('failed')
    expect(imp.errorGroups.map((g) => g.code)).toEqual(['OHLC_VIOLATION', 'NOT_A_NUMBER'])
    expect(imp.ohlcViolations).toHaveLength(1)
    expect(call).not.toHaveBeenCalledWith('scenario:list', null)
  })

  it('a host error during the upload is shown and the upload is cancelled', async () => {
    host()
    call.mockImplementationOnce(async () => ({ uploadId: ID, chunkBytes: 16 }))
    call.mockImplementationOnce(async () => {
      throw new Error('chunk at offset 3, expected 0 (chunks must be contiguous)')
    })
    const imp = useImportStore()
    await imp.addFiles([{ file: file('BTCUSDT-1m-2024-01-01.csv', CSV) }])
    await imp.start()
    expect(imp.phase).toBe('failed')
    expect(imp.error).toMatch(/contiguous/)
    expect(call).toHaveBeenCalledWith('import:cancel', { uploadId: ID })
  })

  it('skips odd names and hidden files; generic CSVs need a valid mapping', async () => {
    host()
    const imp = useImportStore()
    await imp.addFiles([
      { file: file('.DS_Store', '') },
      { file: file('notes.txt', 'hi') },
      { file: file('solusdt_export.csv', 'timestamp,open,high,low,close,vol\n1,2,3,1,2,5\n') },
    ])
    expect(imp.skipped.map((s) => s.name)).toEqual(['notes.txt'])
    expect(imp.files.map((f) => f.name)).toEqual(['solusdt_export.csv'])
    expect(imp.needsMapping).toBe(true)
    expect(imp.preview[0]).toEqual(['timestamp', 'open', 'high', 'low', 'close', 'vol'])
    expect(imp.mapping).toMatchObject({ symbol: 'SOLUSDT', time: 0, open: 1, close: 4, volume: 5 })
    expect(imp.canStart).toBe(true)
    imp.setMapping({ high: 1 })
    expect(imp.mappingProblem).toMatch(/once/)
    expect(imp.canStart).toBe(false)
    imp.setMapping({ high: 2, symbol: 'x' })
    expect(imp.mappingProblem).toMatch(/Symbol/)
    imp.setMapping({ symbol: 'SOLUSDT' })
    await imp.start()
    expect(call).toHaveBeenCalledWith('import:commit', {
      uploadId: ID,
      mapping: { symbol: 'SOLUSDT', time: 0, open: 1, high: 2, low: 3, close: 4, volume: 5 },
    })
  })

  it('cancel stops the upload and tells the host', async () => {
    const imp = useImportStore()
    let release: () => void = () => {}
    call.mockImplementation(async (name: string) => {
      if (name === 'import:begin') return { uploadId: ID, chunkBytes: 4 }
      if (name === 'import:chunk') {
        await new Promise<void>((r) => (release = r))
        return { received: 4, complete: false }
      }
      return { cancelled: true }
    })
    await imp.addFiles([{ file: file('BTCUSDT-1m-2024-01-01.csv', CSV) }])
    const run = imp.start()
    await vi.waitFor(() => expect(imp.phase).toBe('uploading'))
    await vi.waitFor(() => expect(call).toHaveBeenCalledWith('import:chunk', expect.anything()))
    await imp.cancel()
    release()
    await run
    expect(imp.phase).toBe('failed')
    expect(imp.error).toMatch(/cancelled/)
    expect(call).toHaveBeenCalledWith('import:cancel', { uploadId: ID })
    expect(call.mock.calls.filter((c) => c[0] === 'import:chunk')).toHaveLength(1)
  })

  it('keeps a mapping the user edited when more files are added; generic .gz needs one too', async () => {
    host()
    const imp = useImportStore()
    await imp.addFiles([{ file: file('export.csv', 'time,open,high,low,close\n1,2,3,1,2\n') }])
    imp.setMapping({ symbol: 'ADAUSDT' })
    await imp.addFiles([{ file: file('export-2.csv', '2,2,3,1,2\n') }])
    expect(imp.mapping.symbol).toBe('ADAUSDT')
    imp.reset()
    await imp.addFiles([{ file: file('prices.csv.gz', 'not really gzip') }])
    expect(imp.needsMapping).toBe(true)
    expect(imp.canStart).toBe(false)
    imp.setMapping({ symbol: 'ADAUSDT' })
    expect(imp.canStart).toBe(true)
  })

  it('closing the dialog while it runs lets the import finish in the background', async () => {
    host(() => okReport())
    const imp = useImportStore()
    imp.show()
    await imp.addFiles([{ file: file('BTCUSDT-1m-2024-01-01.csv', CSV) }])
    const run = imp.start()
    imp.hide()
    expect(imp.open).toBe(false)
    await run
    expect(imp.phase).toBe('done')
    expect(call).not.toHaveBeenCalledWith('import:cancel', expect.anything())
    imp.show()
    expect(imp.report?.ok).toBe(true) // the summary is still there when reopened
  })

  it('name and folder rules', () => {
    expect(looksBinance('BTCUSDT-1m-2024-01-01.csv')).toBe(true)
    expect(looksBinance('BTCUSDT-fundingRate-2024-01.csv')).toBe(true)
    expect(looksBinance('btcusdt-last-1m.csv.gz')).toBe(true)
    expect(looksBinance('anything.zip')).toBe(true)
    expect(looksBinance('my-export.csv')).toBe(false)
    expect(looksBinance('1m-data.csv')).toBe(false)
    expect(kindFromFolder('data/futures/um/daily/markPriceKlines/BTCUSDT/1h')).toBe('mark')
    expect(kindFromFolder('x/premiumIndexKlines/BTCUSDT')).toBe('premiumIndex')
    expect(kindFromFolder('x/klines/BTCUSDT/1m')).toBe('last')
    expect(kindFromFolder('downloads')).toBeUndefined()
    expect(guessMapping([], 'data.csv')).toMatchObject({ symbol: '', time: 0, open: 1 })
  })
})

describe('import dialog', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    call.mockReset()
    pushes.clear()
    chunks = []
  })

  it('lists files, imports, and shows the summary with file:line:column', async () => {
    host(() => badReport)
    const pinia = createPinia()
    setActivePinia(pinia)
    const imp = useImportStore()
    imp.show()
    const w = mount(ImportDialog, { global: { plugins: [pinia] }, attachTo: document.body })
    expect(w.find('[data-testid=import-dropzone]').exists()).toBe(true)
    expect(w.find('[data-testid=import-start]').attributes('disabled')).toBeDefined()
    await imp.addFiles([{ file: file('BTCUSDT-1m-2024-01-01.csv', CSV) }])
    await nextTick()
    expect(w.findAll('[data-testid=import-file]')).toHaveLength(1)
    expect(w.find('[data-testid=import-mapping]').exists()).toBe(false)
    await w.find('[data-testid=import-start]').trigger('click')
    await vi.waitFor(() => expect(imp.phase).toBe('failed'))
    await nextTick()
    const summary = w.find('[data-testid=import-summary]')
    expect(summary.attributes('data-ok')).toBe('false')
    expect(w.find('[data-testid=import-verdict]').text()).toMatch(/Nothing was imported: 2 errors/)
    expect(w.find('[data-testid=import-sum-ohlc]').text()).toBe('1')
    expect(w.find('[data-testid=import-sum-rows]').text()).toBe('40')
    expect(w.find('[data-testid=import-error-0]').text()).toContain(
      'BTCUSDT-1m-2024-01-01.csv:12:high',
    )
    expect(w.find('[data-testid=import-error-1]').attributes('data-code')).toBe('NOT_A_NUMBER')
    await w.find('[data-testid=import-again]').trigger('click')
    expect(imp.phase).toBe('pick')
    w.unmount()
  })

  it('a successful import lists its gaps and warnings', async () => {
    const gap = {
      symbol: 'BTCUSDT',
      from: Date.UTC(2024, 0, 1, 3),
      to: Date.UTC(2024, 0, 1, 3, 9),
      bars: 10,
    }
    host(() =>
      okReport({
        gaps: [gap],
        duplicatesDropped: 2,
        warnings: [
          { code: 'GAP', file: 'BTCUSDT', message: 'BTCUSDT: 10 missing bars' },
          {
            code: 'DUPLICATE_DROPPED',
            file: 'BTCUSDT-1m-2024-01-01.csv',
            line: 9,
            message: 'identical bar repeated; dropped',
          },
        ],
        warningCount: 2,
      }),
    )
    const pinia = createPinia()
    setActivePinia(pinia)
    const imp = useImportStore()
    imp.show()
    const w = mount(ImportDialog, { global: { plugins: [pinia] }, attachTo: document.body })
    await imp.addFiles([{ file: file('BTCUSDT-1m-2024-01-01.csv', CSV) }])
    await imp.start()
    await nextTick()
    expect(w.find('[data-testid=import-summary]').attributes('data-ok')).toBe('true')
    expect(w.find('[data-testid=import-sum-gaps]').text()).toBe('1')
    expect(w.find('[data-testid=import-sum-dups]').text()).toBe('2')
    expect(w.find('[data-testid=import-gap-0]').text()).toContain('2024-01-01 03:00')
    expect(w.find('[data-testid=import-gap-0]').text()).toContain('2024-01-01 03:09')
    // GAP warnings are the gaps table; the others are listed with file:line.
    expect(w.findAll('[data-testid^=import-warning-]')).toHaveLength(1)
    expect(w.find('[data-testid=import-warning-0]').text()).toContain('BTCUSDT-1m-2024-01-01.csv:9')
    expect(w.find('[data-testid=import-open]').exists()).toBe(true)
    w.unmount()
  })

  it('shows the mapping step for a generic CSV', async () => {
    host()
    const pinia = createPinia()
    setActivePinia(pinia)
    const imp = useImportStore()
    imp.show()
    const w = mount(ImportDialog, { global: { plugins: [pinia] }, attachTo: document.body })
    await imp.addFiles([{ file: file('export.csv', '1,2,3,1,2\n') }])
    await nextTick()
    expect(w.find('[data-testid=import-mapping]').exists()).toBe(true)
    expect(w.find('[data-testid=import-map-problem]').text()).toMatch(/Symbol/)
    await w.find('[data-testid=import-map-symbol]').setValue('ethusdt')
    expect(imp.mapping.symbol).toBe('ETHUSDT')
    await nextTick()
    expect(w.find('[data-testid=import-start]').attributes('disabled')).toBeUndefined()
    w.unmount()
  })
})
