/** Valid oddities of real files import cleanly: µs timestamps, BOM, CRLF, no final newline, identical duplicates. */
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { importFiles, loadScenario } from '../../../electron/host/data'
import { BINANCE_HEADER, RESOURCES, binanceKlines, tempDir, writeFile } from './support/fixtures'

const good = () => binanceKlines(10)

describe('valid oddities', () => {
  const ok = async (file: string, content: string | Buffer) => {
    const u = tempDir('pd-ok-')
    const p = writeFile(tempDir('pd-okin-'), file, content)
    const rep = await importFiles([p], { userDir: u })
    expect(rep.errors, JSON.stringify(rep.errors)).toEqual([])
    expect(rep.ok).toBe(true)
    const sc = await loadScenario(rep.scenarioId!, {
      resourcesDir: RESOURCES,
      userDir: u,
      cacheDir: tempDir(),
    })
    return { rep, sc }
  }

  it('µs timestamps import as ms', async () => {
    const { sc } = await ok(
      'BTCUSDT-1m-2025-01-01.csv',
      binanceKlines(10, { us: true }).join('\n') + '\n',
    )
    expect(sc.series[0]!.time[0]).toBe(Date.UTC(2024, 0, 1))
    expect(sc.series[0]!.time[9]! - sc.series[0]!.time[8]!).toBe(60_000)
  })

  it('BOM + header + CRLF', async () => {
    const { sc, rep } = await ok(
      'BTCUSDT-1m-2024-01-01.csv',
      '\uFEFF' + [BINANCE_HEADER, ...good()].join('\r\n') + '\r\n',
    )
    expect(rep.rowsRead).toBe(10)
    expect(sc.series[0]!.close[9]).toBe(Number(good()[9]!.split(',')[4]))
  })

  it('CRLF without header and without a final newline', async () => {
    const { rep } = await ok('BTCUSDT-1m-2024-01-01.csv', good().join('\r\n'))
    expect(rep.rowsRead).toBe(10)
  })

  it('an identical duplicate row is dropped and reported', async () => {
    const r = good()
    r.splice(5, 0, r[4]!)
    const { rep, sc } = await ok('BTCUSDT-1m-2024-01-01.csv.gz', gzipSync(r.join('\n') + '\n'))
    expect(rep.duplicatesDropped).toBe(1)
    expect(
      rep.warnings.some((w) => w.code === 'DUPLICATE_DROPPED' && w.line === 6),
      JSON.stringify(rep.warnings),
    ).toBe(true)
    expect(sc.series[0]!.time.length).toBe(10)
  })
})
