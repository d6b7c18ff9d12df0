/**
 * The SOL/DOGE/XRP/BNB instruments: every transcribed bracket snapshot is internally consistent
 * (cum recurrence, contiguous floors), the dated table in force is the one the replay time picks,
 * and the filters put every recorded price of the bundled files on the tick grid.
 */
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { ALT_BRACKET_SNAPSHOTS, ALT_FILTERS } from '../../electron/engine/alt-instruments'
import { D } from '../../electron/engine/decimal'
import { bracketsAt, maxLeverageOf, resolveSpec } from '../../electron/engine/instruments'
import { DEFAULT_ENGINE_SETTINGS } from '../../shared/trading/settings'

const SCEN = path.resolve(__dirname, '../../resources/scenarios')

describe('altcoin instruments', () => {
  for (const [symbol, snaps] of Object.entries(ALT_BRACKET_SNAPSHOTS)) {
    for (const [date, , rows] of snaps) {
      it(`${symbol} ${date}: cum_k = cum_{k-1} + floor_k·(MMR_k − MMR_{k-1}), floors contiguous`, () => {
        expect(rows[0]![0]).toBe(0)
        for (let k = 1; k < rows.length; k++) {
          const [floor, , mmr, lev, cum] = rows[k]!
          const prev = rows[k - 1]!
          expect(floor).toBe(prev[1])
          expect(lev).toBeLessThanOrEqual(prev[3])
          const expected = new D(prev[4]).plus(new D(floor).times(new D(mmr).minus(prev[2])))
          expect(new D(cum).toFixed()).toBe(expected.toFixed())
        }
      })
    }
  }

  it('the replay time picks the dated table: SOL 50x before FTX, 12x after the Nov 2022 cut', () => {
    const sol = resolveSpec('SOLUSDT', DEFAULT_ENGINE_SETTINGS)
    expect(maxLeverageOf(bracketsAt(sol, Date.parse('2020-03-12T00:00:00Z')))).toBe(50)
    expect(maxLeverageOf(bracketsAt(sol, Date.parse('2022-11-08T12:00:00Z')))).toBe(50)
    expect(maxLeverageOf(bracketsAt(sol, Date.parse('2022-11-25T00:00:00Z')))).toBe(12)
    expect(maxLeverageOf(bracketsAt(sol, Date.parse('2025-10-10T00:00:00Z')))).toBe(100)
    const doge = resolveSpec('DOGEUSDT', DEFAULT_ENGINE_SETTINGS)
    expect(maxLeverageOf(bracketsAt(doge, Date.parse('2022-12-01T00:00:00Z')))).toBe(25)
    expect(doge.tickSize.toFixed()).toBe('0.00001')
    expect(resolveSpec('BNBUSDT', DEFAULT_ENGINE_SETTINGS).minNotional.toFixed()).toBe('5')
  })

  it('every recorded price of the bundled altcoin files sits on its tick grid', () => {
    let checked = 0
    for (const id of readdirSync(SCEN)) {
      const dir = path.join(SCEN, id)
      if (!id.includes('-') || id.endsWith('.md') || id.endsWith('.json')) continue
      for (const f of readdirSync(dir)) {
        const symbol = f.split('-')[0]!.toUpperCase()
        if (!ALT_FILTERS[symbol] || f.includes('funding')) continue
        const tick = new D(ALT_FILTERS[symbol].tickSize)
        const lines = gunzipSync(readFileSync(path.join(dir, f)))
          .toString('utf8')
          .trim()
          .split('\n')
        for (const l of lines.slice(1))
          for (const x of l.split(',').slice(1, 5)) {
            if (f.includes('markprice')) continue // mark prices are not traded: no tick grid
            expect(new D(x).mod(tick).isZero(), `${f}: ${x}`).toBe(true)
            checked++
          }
      }
    }
    expect(checked).toBeGreaterThan(0)
  })
})
