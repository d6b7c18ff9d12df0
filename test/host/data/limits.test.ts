/**
 * Issue 11 items 5 and 7: imports are bounded. Mixed time units are read per row, times
 * outside 2017 → now + 1 day are refused with file/line, a series has a row cap, derived
 * default funding is bounded by the data's span, lines, files, zip ratios and streamed
 * bytes are capped, and symbolic links / non-regular files are never followed inside a
 * folder. Small caps are mocked in for rows and files so the test stays fast.
 */
import { mkdirSync, rmSync, symlinkSync } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, describe, expect, it, vi } from 'vitest'

vi.mock('../../../electron/host/data/import/limits', async (original) => {
  const real = await original<typeof import('../../../electron/host/data/import/limits')>()
  return { ...real, IMPORT_LIMITS: { ...real.IMPORT_LIMITS, maxSeriesRows: 500, maxFiles: 4 } }
})

const { importFiles } = await import('../../../electron/host/data')
const { readCsvRows } = await import('../../../electron/host/data/csv-read')
const { defaultFunding } = await import('../../../electron/host/data/funding')
const { binanceKlines, tempDir, writeFile, T0 } = await import('./support/fixtures')
const { writeZip } = await import('./support/zip-writer')

const dirs: string[] = []
const dir = (label: string) => {
  const d = tempDir(label)
  dirs.push(d)
  return d
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

async function run(paths: string[]) {
  const userDir = dir('pd-user-')
  const report = await importFiles(paths, { userDir })
  return report
}
const codes = (r: { errors: { code: string }[] }) => r.errors.map((e) => e.code)

describe('time units and plausible times (item 5)', () => {
  it('reads the unit per row: a file switching from ms to µs imports with the right times', async () => {
    const ms = binanceKlines(60)
    const us = binanceKlines(60, { t0: T0 + 60 * 60_000, us: true })
    const inDir = dir('pd-in-')
    const file = writeFile(inDir, 'BTCUSDT-1m-2024-01-01.csv', [...ms, ...us].join('\n') + '\n')
    expect([...ms, ...us].join('\n').length).toBeLessThan(9_000) // the 8 KB file of the report
    const r = await run([file])
    expect(codes(r)).toEqual([])
    expect(r.ok).toBe(true)
    expect(r.rowsRead).toBe(120)
  })

  it('refuses a time before 2017 or after tomorrow, naming file and line', async () => {
    const rows = binanceKlines(20)
    rows[5] = rows[5]!.replace(/^\d+/, String(Date.UTC(2016, 5, 1)))
    rows[9] = rows[9]!.replace(/^\d+/, String(Date.now() + 3 * 86_400_000))
    const inDir = dir('pd-in-')
    const r = await run([writeFile(inDir, 'BTCUSDT-1m-2024-01-01.csv', rows.join('\n') + '\n')])
    expect(r.ok).toBe(false)
    const bad = r.errors.filter((e) => e.code === 'BAD_TIMESTAMP')
    expect(bad.map((e) => e.line)).toEqual([6, 10])
    expect(bad[0]!.message).toContain('before 2017')
    expect(bad[1]!.message).toContain('future')
  })

  it('caps the rows of one series', async () => {
    const inDir = dir('pd-in-')
    const file = writeFile(inDir, 'BTCUSDT-1m-2024-01-01.csv', binanceKlines(501).join('\n') + '\n')
    const r = await run([file])
    expect(r.ok).toBe(false)
    const limit = r.errors.find((e) => e.code === 'LIMIT')
    expect(limit?.message).toContain('more than 500 rows')
    expect(limit?.line).toBe(501)
  })

  it('bounds default funding by a real span', () => {
    // 00:00, 08:00, 16:00 and the next 00:00 (the last bar's close, kept)
    expect(defaultFunding(T0, T0 + 86_400_000)).toHaveLength(4)
    expect(() => defaultFunding(T0, 1.7e15)).toThrow(/not a market-data span/)
  })
})

describe('import limits (item 7)', () => {
  it('stops at a line longer than 16 KB (a binary file, no newlines)', async () => {
    const inDir = dir('pd-in-')
    const file = writeFile(inDir, 'BTCUSDT-1m-2024-01-01.csv', Buffer.alloc(1024 * 1024, 0x41))
    const r = await run([file])
    expect(r.ok).toBe(false)
    expect(r.errors[0]).toMatchObject({ code: 'LIMIT' })
    expect(r.errors[0]!.message).toContain('longer than 16 KB')
  })

  it('refuses a zip bomb from its header, before reading it', async () => {
    const inDir = dir('pd-in-')
    const zip = path.join(inDir, 'BTCUSDT-1m-2024-01.zip')
    const bomb = Buffer.alloc(64 * 1024 * 1024, '0') // 64 MB of one digit deflates ~1000×
    writeZip(zip, [{ name: 'BTCUSDT-1m-2024-01.csv', data: bomb, deflate: true }])
    const r = await run([zip])
    expect(r.ok).toBe(false)
    expect(r.errors[0]!.code).toBe('LIMIT')
    expect(r.errors[0]!.message).toMatch(/zip bomb/)
    expect(r.rowsRead).toBe(0)
  })

  it('stops a stream past its byte limit (a header that lies)', async () => {
    const text = binanceKlines(100).join('\n') + '\n'
    const source = { name: 'x.csv', open: async () => Readable.from([Buffer.from(text)]) }
    await expect(readCsvRows(source, () => {}, { maxBytes: 1000 })).rejects.toMatchObject({
      code: 'LIMIT',
    })
  })

  it('caps the number of files in one import', async () => {
    const inDir = dir('pd-in-')
    for (let d = 1; d <= 6; d++)
      writeFile(
        inDir,
        `BTCUSDT-1m-2024-01-0${d}.csv`,
        binanceKlines(10, { t0: T0 + (d - 1) * 86_400_000 }).join('\n') + '\n',
      )
    const r = await run([inDir])
    expect(r.ok).toBe(false)
    expect(r.errors.map((e) => e.code)).toEqual(['LIMIT'])
    expect(r.errors[0]!.message).toContain('more than 4 files')
  })

  it('skips symbolic links and non-regular files inside a folder (loops, /dev/zero)', async () => {
    const inDir = dir('pd-in-')
    writeFile(inDir, 'BTCUSDT-1m-2024-01-01.csv', binanceKlines(30).join('\n') + '\n')
    symlinkSync('.', path.join(inDir, 'loop-a'))
    symlinkSync('.', path.join(inDir, 'loop-b'))
    symlinkSync('/dev/zero', path.join(inDir, 'BTCUSDT-1m-2024-01-02.csv'))
    mkdirSync(path.join(inDir, 'sub'))
    symlinkSync('..', path.join(inDir, 'sub', 'up'))
    const r = await run([inDir])
    expect(codes(r)).toEqual([])
    expect(r.ok).toBe(true)
    expect(r.rowsRead).toBe(30)
    expect(r.warnings.filter((w) => w.code === 'FILE_SKIPPED').length).toBe(4)
  })

  it('refuses a named path that is not a regular file', async () => {
    const r = await run(['/dev/zero'])
    expect(r.ok).toBe(false)
    expect(r.errors[0]).toMatchObject({ code: 'UNSUPPORTED_FILE', message: 'not a regular file' })
  })
})
