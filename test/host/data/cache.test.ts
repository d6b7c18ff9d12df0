/**
 * The binary cache: a second open reads the cache (same arrays, fast), a changed source file
 * changes the checksum and rebuilds from CSV, a damaged cache file is rebuilt silently.
 */
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { loadScenario } from '../../../electron/host/data'
import { RESOURCES, tempDir } from './support/fixtures'

const cacheFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.pdcache'))

describe('scenario cache', () => {
  it('opens a bundled 3-day 6-symbol scenario from cache, identical to the CSV build', async () => {
    const cacheDir = tempDir('pd-cache-')
    const opts = { resourcesDir: RESOURCES, userDir: tempDir(), cacheDir }
    const built = await loadScenario('celsius-2022-06', opts)
    expect(cacheFiles(cacheDir)).toHaveLength(1)
    const file = path.join(cacheDir, cacheFiles(cacheDir)[0]!)
    const before = statSync(file).mtimeMs
    const cached = await loadScenario('celsius-2022-06', opts)
    // served from the cache: not rebuilt, not rewritten (open time is measured by npm run bench,
    // not asserted here)
    expect(cacheFiles(cacheDir)).toHaveLength(1)
    expect(statSync(file).mtimeMs).toBe(before)
    expect(cached.info).toEqual(built.info)
    for (const [k, s] of cached.series.entries()) {
      const b = built.series[k]!
      // BTC and ETH by the minute, the altcoins at 15 minutes (their recorded steps)
      expect(s.time.length).toBe(s.step === '1m' ? 4320 : 288)
      for (const c of [
        'time',
        'open',
        'high',
        'low',
        'close',
        'volume',
        'markOpen',
        'markHigh',
        'markLow',
        'markClose',
      ] as const)
        expect(Array.from(s[c])).toEqual(Array.from(b[c]))
      expect(s.funding).toEqual(b.funding)
      expect([s.markOrigin, s.fundingOrigin, s.step]).toEqual([
        b.markOrigin,
        b.fundingOrigin,
        b.step,
      ])
    }
  })

  it('a changed source file changes the checksum and rebuilds', async () => {
    const userDir = tempDir('pd-user-')
    const dir = path.join(userDir, 'scenarios', 'my-copy')
    cpSync(path.join(RESOURCES, 'scenarios', 'celsius-2022-06'), dir, { recursive: true })
    const mf = path.join(dir, 'scenario.json')
    writeFileSync(
      mf,
      readFileSync(mf, 'utf8').replace('"id": "celsius-2022-06"', '"id": "my-copy"'),
    )
    const cacheDir = tempDir('pd-cache-')
    const opts = { resourcesDir: RESOURCES, userDir, cacheDir }
    const first = await loadScenario('my-copy', opts)
    const before = cacheFiles(cacheDir)
    const csv = path.join(dir, 'btcusdt-1m-2022-06-12_2022-06-15.csv.gz')
    const lines = gunzipSync(readFileSync(csv)).toString().split('\n')
    const cols = lines[1]!.split(',')
    cols[4] = (Number(cols[1]) + 0.1).toFixed(1) // close of the first bar
    cols[2] = String(Math.max(Number(cols[2]), Number(cols[4])))
    lines[1] = cols.join(',')
    writeFileSync(csv, gzipSync(lines.join('\n')))
    const second = await loadScenario('my-copy', opts)
    expect(second.series[0]!.close[0]).toBe(Number(cols[4]))
    expect(second.series[0]!.close[0]).not.toBe(first.series[0]!.close[0])
    const after = cacheFiles(cacheDir)
    expect(after).toHaveLength(1)
    expect(after[0]).not.toBe(before[0])
  })

  it('a damaged cache file is rebuilt from CSV', async () => {
    const cacheDir = tempDir('pd-cache-')
    const opts = { resourcesDir: RESOURCES, userDir: tempDir(), cacheDir }
    const a = await loadScenario('black-thursday-2020-03', opts)
    const f = path.join(cacheDir, cacheFiles(cacheDir)[0]!)
    const buf = readFileSync(f)
    writeFileSync(f, buf.subarray(0, buf.length - 8))
    const b = await loadScenario('black-thursday-2020-03', opts)
    expect(Array.from(b.series[1]!.low)).toEqual(Array.from(a.series[1]!.low))
    expect(readFileSync(f).length).toBe(buf.length)
  })

  it('unknown ids and missing folders are NOT_FOUND', async () => {
    const opts = { resourcesDir: RESOURCES, userDir: tempDir(), cacheDir: tempDir() }
    await expect(loadScenario('no-such-scenario', opts)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
    await expect(loadScenario('/no/such/folder', opts)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('resolveResourcesDir', () => {
  it('takes the first candidate that holds scenarios/index.json', async () => {
    const { resolveResourcesDir } = await import('../../../electron/host/data')
    expect(resolveResourcesDir(['/no/such/dir', RESOURCES])).toBe(RESOURCES)
    expect(() => resolveResourcesDir(['/no/such/dir'])).toThrow(
      expect.objectContaining({ code: 'RESOURCES_NOT_FOUND' }),
    )
  })
})
