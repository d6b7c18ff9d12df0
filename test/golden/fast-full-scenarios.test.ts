/**
 * Issue 12 "Done when": the fast path equals the full Decimal path (`--full-path`) byte for
 * byte on ≥ 300 random scripts across every bundled scenario, gaps included (generator:
 * test/golden/random-scripts.ts), and on the china-ban-2021-05 case that the fast path got
 * wrong when BTC's feed stopped at 20:40 (rule 0). FASTFULL_PER_SCENARIO scales the count.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadScenario } from '../../electron/host/data'
import type { LoadedScenario } from '../../electron/host/data/types'
import { parseSimScript, runScriptLines } from '../../electron/host/sim'
import { randomCase } from './random-scripts'

const resourcesDir = path.resolve(__dirname, '../../resources')
const ids = (
  JSON.parse(readFileSync(path.join(resourcesDir, 'scenarios/index.json'), 'utf8')) as {
    scenarios: string[]
  }
).scenarios
const PER_SCENARIO = Number(process.env.FASTFULL_PER_SCENARIO ?? Math.ceil(300 / ids.length) + 1)
const tmp = mkdtempSync(path.join(os.tmpdir(), 'perpdojo-fastfull-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))
const load = (id: string) => loadScenario(id, { resourcesDir, userDir: tmp, cacheDir: tmp })

const same = (scn: LoadedScenario, script: ReturnType<typeof parseSimScript>) => {
  const fast = [...runScriptLines(scn, script)]
  const full = [...runScriptLines(scn, script, { fastPath: false })]
  return { fast, full }
}

describe('fast path == full Decimal path', () => {
  it('china-ban-2021-05: 100x BTC + ETH cross long from 20 May 20:06, BTC feed stops at 20:40', async () => {
    const scn = await load('china-ban-2021-05')
    const buy = (symbol: string, quantity: string) => ({
      t: '2021-05-20T20:06:00Z',
      command: {
        kind: 'placeOrder',
        symbol,
        side: 'BUY',
        positionSide: 'BOTH',
        type: 'MARKET',
        quantity,
      },
    })
    const script = parseSimScript({
      settings: { startingBalance: '1000', marginCallRatios: [], defaultLeverage: 100 },
      commands: [buy('BTCUSDT', '0.9'), buy('ETHUSDT', '5')],
    })
    const { fast, full } = same(scn, script)
    // The full path liquidates at 22:40, after BTC's last bar (20:40).
    const liq = full.map((l) => JSON.parse(l) as { type?: string; t?: number })
    expect(liq.find((e) => e.type === 'liquidation')?.t).toBe(Date.UTC(2021, 4, 20, 22, 40))
    expect(fast).toEqual(full)
  }, 60_000)

  let scripts = 0
  let gapped = 0
  let liquidations = 0
  for (const id of ids) {
    it(`${PER_SCENARIO} random scripts on ${id}`, async () => {
      const scn = await load(id)
      for (let k = 0; k < PER_SCENARIO; k++) {
        const seed = 1_000 * (ids.indexOf(id) + 1) + k
        const c = randomCase(scn, seed)
        const { fast, full } = same(c.scenario, c.script)
        if (fast.join('\n') !== full.join('\n'))
          expect({ seed, gap: c.gap, fast }).toEqual({ seed, gap: c.gap, fast: full })
        scripts++
        if (c.gap !== 'none') gapped++
        liquidations += full.filter((l) => l.includes('"type":"liquidation"')).length
      }
    }, 300_000)
  }
  it('covered ≥ 300 scripts, gaps and liquidations among them', () => {
    if (process.env.FASTFULL_PER_SCENARIO) return
    expect(scripts).toBeGreaterThanOrEqual(300)
    expect(gapped).toBeGreaterThan(100)
    expect(liquidations).toBeGreaterThan(50)
  })
})
