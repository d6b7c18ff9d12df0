/**
 * Upload-then-import (`import:begin/chunk/commit/cancel`), through the contract's schemas as
 * the host dispatcher would: a real Binance kline CSV imported, a bad file reported with
 * line/column and no scenario, hostile names, non-contiguous offsets, oversize, cancel.
 */
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import * as v from 'valibot'
import { afterEach, describe, expect, it } from 'vitest'
import { HostError } from '../../../shared/contract/errors'
import type { ImportProgress } from '../../../shared/contract/market'
import {
  uploadMethods,
  uploadNameProblem,
  type ImportStage,
  type UploadImportReport,
} from '../../../shared/contract/upload'
import type { HostContext } from '../../../electron/host/context'
import { listScenarios } from '../../../electron/host/data'
import { uploadHandlers } from '../../../electron/host/handlers/upload'
import { BINANCE_HEADER, RESOURCES, T0, binanceKlines, tempDir } from '../data/support/fixtures'
import { writeZip } from '../data/support/zip-writer'

type M = keyof typeof uploadMethods
type Outcome = { ok: true; value: unknown } | { ok: false; code: string; message: string }
type Pushed = { name: string; payload: Partial<ImportProgress & ImportStage> }
const reportOf = (r: Outcome) => (r as { value: UploadImportReport }).value

function setup(opts: Parameters<typeof uploadHandlers>[1] = {}) {
  const dataDir = tempDir('pd-upload-')
  const pushes: Pushed[] = []
  const ctx: HostContext = {
    dataDir,
    resourcesDir: RESOURCES,
    transport: 'websocket',
    version: 'test',
    defaultScenarioId: 'ftx-2022-11',
    push: (name, payload) => void pushes.push({ name, payload: payload as Pushed['payload'] }),
  }
  const up = uploadHandlers(ctx, opts)
  opened.push(up)
  /** Like Host.dispatch: schema first, then the handler; HostErrors become results. */
  async function call(name: M, payload: unknown): Promise<Outcome> {
    const parsed = v.safeParse(uploadMethods[name].req as v.GenericSchema, payload)
    if (!parsed.success)
      return { ok: false, code: 'INVALID_REQUEST', message: parsed.issues[0]!.message }
    try {
      const handler = up.handlers[name] as (r: unknown) => Promise<unknown>
      return { ok: true, value: await handler(parsed.output) }
    } catch (err) {
      if (err instanceof HostError) return { ok: false, code: err.code, message: err.message }
      throw err
    }
  }
  const scenarios = async () =>
    (await listScenarios({ resourcesDir: RESOURCES, userDir: dataDir })).filter(
      (s) => s.source === 'user',
    )
  const uploadsLeft = () => {
    const root = path.join(dataDir, 'uploads')
    return existsSync(root) ? readdirSync(root) : []
  }
  return { dataDir, pushes, up, call, scenarios, uploadsLeft }
}

const opened: ReturnType<typeof uploadHandlers>[] = []
afterEach(async () => {
  for (const u of opened.splice(0)) await u.close()
})

/** Send whole files in chunks of `chunk` bytes; returns the upload id. */
async function send(
  call: (n: M, p: unknown) => Promise<Outcome>,
  files: { name: string; data: Buffer; kind?: string }[],
  chunk = 64 * 1024,
): Promise<string> {
  const begun = await call('import:begin', {
    files: files.map((f) => ({
      name: f.name,
      size: f.data.length,
      ...(f.kind ? { kind: f.kind } : {}),
    })),
  })
  expect(begun).toMatchObject({ ok: true })
  const uploadId = (begun as { value: { uploadId: string } }).value.uploadId
  for (const [fileIndex, f] of files.entries()) {
    let offset = 0
    do {
      const part = f.data.subarray(offset, offset + chunk)
      const r = await call('import:chunk', {
        uploadId,
        fileIndex,
        name: f.name,
        offset,
        dataBase64: part.toString('base64'),
        final: offset + part.length === f.data.length,
      })
      expect(r).toMatchObject({ ok: true })
      offset += part.length
    } while (offset < f.data.length)
  }
  return uploadId
}

const klineCsv = (n: number, header = true) =>
  Buffer.from([...(header ? [BINANCE_HEADER] : []), ...binanceKlines(n)].join('\n') + '\n')

describe('upload then import', () => {
  it('imports a Binance kline CSV sent in chunks, pushes progress and deletes the upload', async () => {
    const { call, pushes, scenarios, uploadsLeft } = setup()
    const data = klineCsv(3000)
    const id = await send(call, [{ name: 'BTCUSDT-1m-2024-01-01.csv', data }], 50_000)
    const r = await call('import:commit', { uploadId: id, title: 'My upload' })
    expect(r.ok).toBe(true)
    const rep = reportOf(r)
    expect(rep.errors).toEqual([])
    expect(rep).toMatchObject({ ok: true, rowsRead: 3000, duplicatesDropped: 0, outOfOrder: 0 })
    expect(rep.files).toEqual([
      { file: 'BTCUSDT-1m-2024-01-01.csv', kind: 'last', symbol: 'BTCUSDT', rows: 3000 },
    ])
    const list = await scenarios()
    expect(list.map((s) => s.id)).toEqual([rep.scenarioId])
    expect(list[0]!.title).toBe('My upload')
    const progress = pushes.filter((p) => p.name === 'import:progress').map((p) => p.payload)
    expect(progress.length).toBeGreaterThan(0)
    expect(progress[progress.length - 1]!.rows).toBe(3000)
    for (const p of progress) expect(p.file).not.toContain('uploads')
    const stages = pushes.filter((p) => p.name === 'import:stage').map((p) => p.payload.stage)
    expect(stages).toEqual(['importing', 'done'])
    expect(pushes.find((p) => p.name === 'import:stage')!.payload.totalBytes).toBe(data.length)
    expect(uploadsLeft()).toEqual([])
    // The upload is gone: a second commit is NOT_FOUND.
    expect(await call('import:commit', { uploadId: id })).toMatchObject({ code: 'NOT_FOUND' })
  })

  it('imports a zip with its .CHECKSUM, a .csv.gz and a mark file from a markPriceKlines folder', async () => {
    const { call, scenarios, uploadsLeft, dataDir } = setup()
    const zipDir = tempDir('pd-zip-')
    const zipPath = path.join(zipDir, 'BTCUSDT-1m-2024-01-01.zip')
    writeZip(zipPath, [
      {
        name: 'BTCUSDT-1m-2024-01-01.csv',
        data: binanceKlines(1440).join('\n') + '\n',
      },
    ])
    const { readFileSync } = await import('node:fs')
    const { createHash } = await import('node:crypto')
    const zip = readFileSync(zipPath)
    const sum = createHash('sha256').update(zip).digest('hex')
    const day2 = binanceKlines(1440, { t0: T0 + 86_400_000, price: 101 })
    const mark = binanceKlines(48, { stepMs: 3_600_000 })
    const id = await send(call, [
      { name: 'BTCUSDT-1m-2024-01-01.zip', data: zip },
      {
        name: 'BTCUSDT-1m-2024-01-01.zip.CHECKSUM',
        data: Buffer.from(`${sum}  BTCUSDT-1m-2024-01-01.zip\n`),
      },
      { name: 'BTCUSDT-1m-2024-01-02.csv.gz', data: gzipSync(day2.join('\n') + '\n') },
      { name: 'BTCUSDT-1h-2024-01-01.csv', data: Buffer.from(mark.join('\n')), kind: 'mark' },
    ])
    const r = await call('import:commit', { uploadId: id })
    const rep = reportOf(r)
    expect(rep.errors).toEqual([])
    expect(rep.ok).toBe(true)
    expect(rep.rowsRead).toBe(2880 + 48)
    expect(rep.files.map((f) => [f.file, f.kind])).toEqual([
      ['BTCUSDT-1m-2024-01-01.zip!BTCUSDT-1m-2024-01-01.csv', 'last'],
      ['BTCUSDT-1m-2024-01-02.csv.gz', 'last'],
      ['markPriceKlines/BTCUSDT-1h-2024-01-01.csv', 'mark'],
    ])
    const [s] = await scenarios()
    expect(s!.symbols[0]).toMatchObject({ symbol: 'BTCUSDT', mark: 'recorded' })
    expect(uploadsLeft()).toEqual([])
    expect(JSON.stringify(rep)).not.toContain(dataDir)
  })

  it('a damaged zip (checksum differs) is refused and creates nothing', async () => {
    const { call, scenarios, uploadsLeft } = setup()
    const zipDir = tempDir('pd-zip-')
    const zipPath = path.join(zipDir, 'BTCUSDT-1m-2024-01-01.zip')
    writeZip(zipPath, [{ name: 'BTCUSDT-1m-2024-01-01.csv', data: binanceKlines(60).join('\n') }])
    const { readFileSync } = await import('node:fs')
    const id = await send(call, [
      { name: 'BTCUSDT-1m-2024-01-01.zip', data: readFileSync(zipPath) },
      { name: 'BTCUSDT-1m-2024-01-01.zip.CHECKSUM', data: Buffer.from('0'.repeat(64) + '  x\n') },
    ])
    const rep = reportOf(await call('import:commit', { uploadId: id }))
    expect(rep.ok).toBe(false)
    expect(rep.errors[0]).toMatchObject({
      code: 'CHECKSUM_MISMATCH',
      file: 'BTCUSDT-1m-2024-01-01.zip',
    })
    expect(await scenarios()).toEqual([])
    expect(uploadsLeft()).toEqual([])
  })

  it('a bad file gives errors with file, line and column, and no scenario', async () => {
    const { call, pushes, scenarios, uploadsLeft } = setup()
    const rows = binanceKlines(100)
    // line 1 is the header: row k is on line k + 2
    const cols = rows[10]!.split(',')
    cols[2] = String(Number(cols[4]) - 5) // high below close
    rows[10] = cols.join(',')
    rows[20] = rows[20]!.replace(/^(\d+),[^,]+/, '$1,abc')
    const good = klineCsv(50)
    const id = await send(call, [
      { name: 'ETHUSDT-1m-2024-01-01.csv', data: good },
      {
        name: 'BTCUSDT-1m-2024-01-01.csv',
        data: Buffer.from([BINANCE_HEADER, ...rows].join('\n')),
      },
    ])
    const r = await call('import:commit', { uploadId: id })
    const rep = reportOf(r)
    expect(rep.ok).toBe(false)
    expect(rep.scenarioId).toBeUndefined()
    expect(rep.errorCount).toBe(2)
    expect(rep.errors).toEqual([
      expect.objectContaining({
        code: 'OHLC_VIOLATION',
        file: 'BTCUSDT-1m-2024-01-01.csv',
        line: 12,
        column: 'high',
      }),
      expect.objectContaining({
        code: 'NOT_A_NUMBER',
        file: 'BTCUSDT-1m-2024-01-01.csv',
        line: 22,
        column: 'open',
      }),
    ])
    expect(await scenarios()).toEqual([])
    expect(uploadsLeft()).toEqual([])
    expect(pushes.filter((p) => p.name === 'import:stage').at(-1)!.payload.stage).toBe('failed')
  })

  it('an empty file and a .gz that is not gzip are reported, nothing created', async () => {
    const { call, scenarios } = setup()
    const id = await send(call, [
      { name: 'BTCUSDT-1m-2024-01-01.csv', data: Buffer.alloc(0) },
      { name: 'BTCUSDT-1m-2024-01-02.csv.gz', data: Buffer.from('not gzip at all') },
    ])
    const rep = reportOf(await call('import:commit', { uploadId: id }))
    expect(rep.ok).toBe(false)
    expect(rep.errors.map((e) => [e.code, e.file])).toContainEqual([
      'EMPTY_FILE',
      'BTCUSDT-1m-2024-01-01.csv',
    ])
    expect(rep.errors.some((e) => e.file === 'BTCUSDT-1m-2024-01-02.csv.gz')).toBe(true)
    expect(await scenarios()).toEqual([])
  })

  it('a generic CSV with a column mapping', async () => {
    const { call, scenarios } = setup()
    const lines = ['date;x;o;h;l;c;vol']
    for (let i = 0; i < 120; i++) {
      const o = 50 + (i % 5)
      lines.push(`${T0 + i * 60_000},0,${o},${o + 2},${o - 1},${o + 1},3`)
    }
    const data = Buffer.from(lines.join('\n').replace(/;/g, ','))
    const id = await send(call, [{ name: 'my-export.csv', data }])
    const r = await call('import:commit', {
      uploadId: id,
      mapping: { symbol: 'SOLUSDT', time: 0, open: 2, high: 3, low: 4, close: 5, volume: 6 },
    })
    const rep = reportOf(r)
    expect(rep.errors).toEqual([])
    expect(rep.ok).toBe(true)
    expect((await scenarios())[0]!.symbols[0]!.symbol).toBe('SOLUSDT')
  })
})

describe('upload guards', () => {
  const hostile = [
    '../x.csv',
    '..',
    '/etc/passwd.csv',
    'C:\\Windows\\x.csv',
    'a/b.csv',
    'evil\u0000.csv',
    '.hidden.csv',
    'run.exe',
    'x.csv.',
    'con:x.csv',
    '',
    'a'.repeat(300) + '.csv',
  ]
  it.each(hostile)('refuses the name %j before any byte is written', async (name) => {
    const { call, uploadsLeft } = setup()
    expect(uploadNameProblem(name)).not.toBeNull()
    const r = await call('import:begin', { files: [{ name, size: 10 }] })
    expect(r).toMatchObject({ ok: false, code: 'INVALID_REQUEST' })
    expect(uploadsLeft()).toEqual([])
  })

  it('the store re-checks names even without the schema', async () => {
    const { up } = setup()
    await expect(up.store.begin([{ name: '../../x.csv', size: 1 }])).rejects.toThrow(/folder part/)
    await expect(
      up.handlers['import:chunk']({
        uploadId: '../../../../etc',
        fileIndex: 0,
        name: 'x.csv',
        offset: 0,
        dataBase64: '',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('accepts the Binance names as published', () => {
    for (const n of [
      'BTCUSDT-1m-2024-01-01.zip',
      'BTCUSDT-1m-2024-01-01.zip.CHECKSUM',
      'BTCUSDT-fundingRate-2024-01.csv',
      'btcusdt-last-1m.csv.gz',
      'My data (2).CSV',
    ])
      expect(uploadNameProblem(n)).toBeNull()
  })

  it('two files with the same name in one upload are refused', async () => {
    const { call } = setup()
    const r = await call('import:begin', {
      files: [
        { name: 'BTCUSDT-1m-2024-01-01.csv', size: 1 },
        { name: 'btcusdt-1m-2024-01-01.CSV', size: 1 },
      ],
    })
    expect(r).toMatchObject({ ok: false, code: 'INVALID_REQUEST' })
  })

  it('chunks must be contiguous, within the declared size, and match the file', async () => {
    const { call } = setup()
    const b = await call('import:begin', {
      files: [{ name: 'BTCUSDT-1m-2024-01-01.csv', size: 8 }],
    })
    const uploadId = (b as { value: { uploadId: string } }).value.uploadId
    const chunk = (offset: number, text: string, extra: object = {}) =>
      call('import:chunk', {
        uploadId,
        fileIndex: 0,
        name: 'BTCUSDT-1m-2024-01-01.csv',
        offset,
        dataBase64: Buffer.from(text).toString('base64'),
        ...extra,
      })
    expect(await chunk(2, 'ab')).toMatchObject({ ok: false, message: /contiguous/ })
    expect(await chunk(0, 'abcd')).toMatchObject({ ok: true, value: { received: 4 } })
    expect(await chunk(0, 'abcd')).toMatchObject({ ok: false, message: /expected 4/ })
    expect(await chunk(6, 'ab')).toMatchObject({ ok: false, message: /contiguous/ })
    expect(await chunk(4, 'abcdef')).toMatchObject({ ok: false, message: /more bytes/ })
    expect(await chunk(4, 'ab', { final: true })).toMatchObject({
      ok: false,
      message: /declared 8/,
    })
    expect(await chunk(4, 'ab', { name: 'other.csv' })).toMatchObject({ ok: false })
    expect(await chunk(4, 'ab', { fileIndex: 3 })).toMatchObject({ ok: false, message: /No file/ })
    expect(
      await call('import:chunk', {
        uploadId,
        fileIndex: 0,
        name: 'BTCUSDT-1m-2024-01-01.csv',
        offset: 4,
        dataBase64: 'not base64!',
      }),
    ).toMatchObject({ ok: false, code: 'INVALID_REQUEST' })
    // Committing an incomplete upload fails, names the file, and discards the upload.
    const c = await call('import:commit', { uploadId })
    expect(c).toMatchObject({ ok: false, message: /only 4 of 8 bytes/ })
    expect(await chunk(4, 'abcd', { final: true })).toMatchObject({ code: 'NOT_FOUND' })
  })

  it('oversize uploads and chunks are refused', async () => {
    const { call } = setup({ maxTotalBytes: 1000, chunkBytes: 16 })
    expect(
      await call('import:begin', {
        files: [
          { name: 'a.csv', size: 600 },
          { name: 'b.csv', size: 600 },
        ],
      }),
    ).toMatchObject({ ok: false, message: /too large/ })
    // The contract itself caps the total at 2 GB per file.
    expect(
      await call('import:begin', { files: [{ name: 'a.csv', size: 3 * 1024 ** 3 }] }),
    ).toMatchObject({ ok: false, code: 'INVALID_REQUEST' })
    const b = await call('import:begin', { files: [{ name: 'a.csv', size: 100 }] })
    const uploadId = (b as { value: { uploadId: string } }).value.uploadId
    expect(
      await call('import:chunk', {
        uploadId,
        fileIndex: 0,
        name: 'a.csv',
        offset: 0,
        dataBase64: Buffer.alloc(17).toString('base64'),
      }),
    ).toMatchObject({ ok: false, message: /Chunk larger/ })
    // A base64 string longer than 4 MB decoded fails the schema.
    expect(
      await call('import:chunk', {
        uploadId,
        fileIndex: 0,
        name: 'a.csv',
        offset: 0,
        dataBase64: 'A'.repeat(Math.ceil((4 * 1024 * 1024 + 3) / 3) * 4),
      }),
    ).toMatchObject({ ok: false, code: 'INVALID_REQUEST' })
  })

  it('cancel deletes the upload folder; later chunks and commit are NOT_FOUND', async () => {
    const { call, uploadsLeft, scenarios, pushes } = setup()
    const data = klineCsv(500)
    const b = await call('import:begin', {
      files: [{ name: 'BTCUSDT-1m-2024-01-01.csv', size: data.length }],
    })
    const uploadId = (b as { value: { uploadId: string } }).value.uploadId
    await call('import:chunk', {
      uploadId,
      fileIndex: 0,
      name: 'BTCUSDT-1m-2024-01-01.csv',
      offset: 0,
      dataBase64: data.subarray(0, 1000).toString('base64'),
    })
    expect(uploadsLeft()).toEqual([uploadId])
    expect(await call('import:cancel', { uploadId })).toMatchObject({
      ok: true,
      value: { cancelled: true },
    })
    expect(uploadsLeft()).toEqual([])
    expect(pushes.at(-1)).toMatchObject({ name: 'import:stage', payload: { stage: 'cancelled' } })
    expect(
      await call('import:chunk', {
        uploadId,
        fileIndex: 0,
        name: 'BTCUSDT-1m-2024-01-01.csv',
        offset: 1000,
        dataBase64: '',
      }),
    ).toMatchObject({ code: 'NOT_FOUND' })
    expect(await call('import:commit', { uploadId })).toMatchObject({ code: 'NOT_FOUND' })
    expect(await call('import:cancel', { uploadId })).toMatchObject({
      ok: true,
      value: { cancelled: false },
    })
    expect(await scenarios()).toEqual([])
  })

  it('cancel during the import stops it: no scenario, no upload left', async () => {
    const { call, uploadsLeft, scenarios } = setup()
    const data = klineCsv(200_000)
    const id = await send(call, [{ name: 'BTCUSDT-1m-2024-01-01.csv', data }], 4 * 1024 * 1024)
    const commit = call('import:commit', { uploadId: id })
    await new Promise((r) => setTimeout(r, 30))
    await call('import:cancel', { uploadId: id })
    const r = await commit
    expect(r).toMatchObject({ ok: false, code: 'IMPORT_FAILED', message: /cancelled/ })
    expect(uploadsLeft()).toEqual([])
    expect(await scenarios()).toEqual([])
  })

  it('idle uploads expire; close() removes open uploads', async () => {
    let now = 1_000_000
    const { call, up, uploadsLeft } = setup({ idleMs: 1000, now: () => now })
    const a = await call('import:begin', { files: [{ name: 'a.csv', size: 5 }] })
    expect(uploadsLeft().length).toBe(1)
    now += 5000
    await up.store.expireIdle()
    expect(uploadsLeft()).toEqual([])
    expect(up.store.has((a as { value: { uploadId: string } }).value.uploadId)).toBe(false)
    await call('import:begin', { files: [{ name: 'b.csv', size: 5 }] })
    expect(uploadsLeft().length).toBe(1)
    await up.close()
    expect(uploadsLeft()).toEqual([])
  })

  it('at most a few uploads at once', async () => {
    const { call } = setup({ maxOpen: 2 })
    await call('import:begin', { files: [{ name: 'a.csv', size: 1 }] })
    await call('import:begin', { files: [{ name: 'a.csv', size: 1 }] })
    expect(await call('import:begin', { files: [{ name: 'a.csv', size: 1 }] })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
    })
  })
})
