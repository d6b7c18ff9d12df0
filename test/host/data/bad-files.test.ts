/**
 * The bad-file corpus: each malformed input gets its own coded error with file / line /
 * column, nothing is created, and the scenario list is unchanged afterwards. The valid
 * oddities (µs timestamps, BOM, CRLF, identical duplicates) import cleanly.
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { importFiles, listScenarios, type DataErrorCode } from '../../../electron/host/data'
import { BINANCE_HEADER, RESOURCES, binanceKlines, tempDir, writeFile } from './support/fixtures'
import { writeZip } from './support/zip-writer'

const userDir = tempDir('pd-user-')
const inDir = tempDir('pd-in-')
let before: string[] = []

beforeAll(async () => {
  before = (await listScenarios({ resourcesDir: RESOURCES, userDir })).map((s) => s.id)
})

const good = () => binanceKlines(10)
const rowsWith = (i: number, f: (cols: string[]) => string[]) => {
  const rows = good()
  rows[i] = f(rows[i]!.split(',')).join(',')
  return rows
}

interface BadCase {
  name: string
  file: string
  content: string | Buffer | (() => string)
  code: DataErrorCode
  line?: number
  column?: string
}

const cases: BadCase[] = [
  {
    name: 'truncated last line',
    file: 'BTCUSDT-1m-2024-01-01.csv',
    content: good().join('\n') + '\n1704068400000,100,10',
    code: 'TRUNCATED_LINE',
    line: 11,
  },
  {
    name: 'wrong column count',
    file: 'BTCUSDT-1m-2024-01-02.csv',
    content: rowsWith(4, (c) => c.slice(0, 9)).join('\n') + '\n',
    code: 'COLUMN_COUNT',
    line: 5,
  },
  {
    name: 'text in a number column (header names the column)',
    file: 'BTCUSDT-1m-2024-01-03.csv',
    content: [BINANCE_HEADER, ...rowsWith(2, (c) => ((c[2] = 'abc'), c))].join('\n') + '\n',
    code: 'NOT_A_NUMBER',
    line: 4,
    column: 'high',
  },
  {
    name: 'negative price',
    file: 'BTCUSDT-1m-2024-01-04.csv',
    content: rowsWith(3, (c) => ((c[3] = '-5'), c)).join('\n') + '\n',
    code: 'NON_POSITIVE_PRICE',
    line: 4,
    column: '3',
  },
  {
    name: 'zero price',
    file: 'BTCUSDT-1m-2024-01-05.csv',
    content: rowsWith(0, (c) => ((c[1] = '0'), c)).join('\n') + '\n',
    code: 'NON_POSITIVE_PRICE',
    line: 1,
    column: '1',
  },
  {
    name: 'high < low',
    file: 'BTCUSDT-1m-2024-01-06.csv',
    content:
      rowsWith(5, (c) => ((c[2] = '1'), (c[3] = '2'), (c[1] = '1.5'), (c[4] = '1.5'), c)).join(
        '\n',
      ) + '\n',
    code: 'OHLC_VIOLATION',
    line: 6,
    column: '2',
  },
  {
    name: 'high < max(open, close)',
    file: 'BTCUSDT-1m-2024-01-07.csv',
    content: rowsWith(1, (c) => ((c[2] = String(Number(c[4]) - 0.5)), c)).join('\n') + '\n',
    code: 'OHLC_VIOLATION',
    line: 2,
    column: '2',
  },
  {
    name: 'duplicate timestamp with other values',
    file: 'BTCUSDT-1m-2024-01-08.csv',
    content: () => {
      const r = good()
      r.splice(3, 0, r[2]!.replace(',10.5,', ',11.5,'))
      return r.join('\n') + '\n'
    },
    code: 'DUPLICATE_CONFLICT',
    line: 4,
    column: '0',
  },
  {
    name: 'reversed timestamps',
    file: 'BTCUSDT-1m-2024-01-09.csv',
    content: () => {
      const r = good()
      ;[r[6], r[7]] = [r[7]!, r[6]!]
      return r.join('\n') + '\n'
    },
    code: 'OUT_OF_ORDER',
    line: 8,
    column: '0',
  },
  {
    name: 'more than 8 decimals',
    file: 'BTCUSDT-1m-2024-01-10.csv',
    content: rowsWith(2, (c) => ((c[5] = '1.123456789'), c)).join('\n') + '\n',
    code: 'TOO_MANY_DECIMALS',
    line: 3,
    column: '5',
  },
  { name: 'empty file', file: 'BTCUSDT-1m-2024-01-11.csv', content: '', code: 'EMPTY_FILE' },
  {
    name: 'header only',
    file: 'BTCUSDT-1m-2024-01-12.csv',
    content: BINANCE_HEADER + '\n',
    code: 'EMPTY_FILE',
  },
  {
    name: 'unclosed quote',
    file: 'BTCUSDT-1m-2024-01-13.csv',
    content: good().slice(0, 3).join('\n') + '\n"1704067380000,1,2,0.5,1,1\n',
    code: 'CSV_SYNTAX',
  },
  {
    name: 'not a timestamp',
    file: 'BTCUSDT-1m-2024-01-14.csv',
    content: rowsWith(2, (c) => ((c[0] = '2024-01-01T00:02'), c)).join('\n') + '\n',
    code: 'BAD_TIMESTAMP',
    line: 3,
    column: '0',
  },
  {
    name: 'unsupported interval (30m)',
    file: 'BTCUSDT-30m-2024-01-15.csv',
    content: binanceKlines(5, { stepMs: 1_800_000 }).join('\n') + '\n',
    code: 'UNSUPPORTED_TIMEFRAME',
  },
  {
    name: 'kind not recognisable',
    file: 'BTCUSDT-premiumIndexKlines-1m.csv',
    content: good().join('\n') + '\n',
    code: 'UNKNOWN_KIND',
  },
  {
    name: 'no symbol in the name',
    file: '1m-data.csv',
    content: good().join('\n') + '\n',
    code: 'UNKNOWN_SYMBOL',
  },
  {
    name: 'broken gzip',
    file: 'BTCUSDT-1m-2024-01-16.csv.gz',
    content: Buffer.from('definitely not gzip'),
    code: 'UNSUPPORTED_FILE',
  },
  {
    name: 'unsupported file type',
    file: 'BTCUSDT-1m-2024-01-17.parquet',
    content: 'PAR1',
    code: 'UNSUPPORTED_FILE',
  },
]

async function expectNothingCreated(): Promise<void> {
  const after = (await listScenarios({ resourcesDir: RESOURCES, userDir })).map((s) => s.id)
  expect(after).toEqual(before)
  let names: string[] = []
  try {
    names = readdirSync(path.join(userDir, 'scenarios'))
  } catch {
    names = []
  }
  expect(names).toEqual([])
}

describe('bad file corpus', () => {
  for (const c of cases) {
    it(`${c.name} → ${c.code}`, async () => {
      const p = writeFile(inDir, c.file, typeof c.content === 'function' ? c.content() : c.content)
      const rep = await importFiles([p], { userDir })
      expect(rep.ok).toBe(false)
      expect(rep.scenarioId).toBeUndefined()
      const e = rep.errors.find((x) => x.code === c.code)
      expect(e, JSON.stringify(rep.errors)).toBeDefined()
      expect(e!.file).toContain(path.basename(c.file))
      if (c.line !== undefined) expect(e!.line).toBe(c.line)
      if (c.column !== undefined) expect(e!.column).toBe(c.column)
      expect(e!.message.length).toBeGreaterThan(10)
      await expectNothingCreated()
    })
  }

  it('a zip with a non-CSV inside → UNSUPPORTED_FILE naming the entry', async () => {
    const zip = path.join(inDir, 'BTCUSDT-1m-2024-02-01.zip')
    writeZip(zip, [
      { name: 'BTCUSDT-1m-2024-02-01.csv', data: good().join('\n') + '\n' },
      { name: 'readme.txt', data: 'hello' },
    ])
    const rep = await importFiles([zip], { userDir })
    expect(rep.ok).toBe(false)
    expect(rep.errors[0]).toMatchObject({ code: 'UNSUPPORTED_FILE', file: zip })
    expect(rep.errors[0]!.message).toContain('readme.txt')
    await expectNothingCreated()
  })

  it('one bad file among good ones creates nothing', async () => {
    const dir = tempDir('pd-mixed-')
    writeFile(dir, 'BTCUSDT-1m-2024-01-01.csv', binanceKlines(10).join('\n') + '\n')
    writeFile(
      dir,
      'BTCUSDT-1m-2024-01-02.csv',
      rowsWith(3, (c) => ((c[4] = 'x'), c)).join('\n') + '\n',
    )
    const rep = await importFiles([dir], { userDir })
    expect(rep.ok).toBe(false)
    expect(rep.errors.map((e) => e.code)).toContain('NOT_A_NUMBER')
    await expectNothingCreated()
  })

  it('a missing path → NOT_FOUND', async () => {
    const rep = await importFiles([path.join(inDir, 'nope.csv')], { userDir })
    expect(rep.errors[0]!.code).toBe('NOT_FOUND')
    await expectNothingCreated()
  })
})

describe('whole-import refusals', () => {
  it('funding or mark files without klines → NO_PRICE_DATA', async () => {
    const dir = tempDir('pd-nolast-')
    writeFile(
      dir,
      'BTCUSDT-fundingRate-2024-01.csv',
      'calc_time,funding_interval_hours,last_funding_rate\n1704067200000,8,0.0001\n',
    )
    const rep = await importFiles([dir], { userDir })
    expect(rep.ok).toBe(false)
    expect(rep.errors[0]!.code).toBe('NO_PRICE_DATA')
    await expectNothingCreated()
  })

  it('symbols on different steps → MIXED_TIMEFRAMES', async () => {
    const dir = tempDir('pd-mixedtf-')
    writeFile(dir, 'BTCUSDT-1m-2024-01-01.csv', binanceKlines(10).join('\n') + '\n')
    writeFile(
      dir,
      'ETHUSDT-5m-2024-01-01.csv',
      binanceKlines(10, { stepMs: 300_000 }).join('\n') + '\n',
    )
    const rep = await importFiles([dir], { userDir })
    expect(rep.errors.map((e) => e.code)).toEqual(['MIXED_TIMEFRAMES'])
    await expectNothingCreated()
  })

  it('a file name interval that contradicts the rows → UNSUPPORTED_TIMEFRAME', async () => {
    const p = writeFile(
      tempDir('pd-liar-'),
      'BTCUSDT-5m-2024-01-01.csv',
      binanceKlines(10).join('\n') + '\n',
    )
    const rep = await importFiles([p], { userDir })
    expect(rep.errors[0]).toMatchObject({ code: 'UNSUPPORTED_TIMEFRAME' })
    expect(rep.errors[0]!.message).toMatch(/5m.*1m/)
    await expectNothingCreated()
  })
})
