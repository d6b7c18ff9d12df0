/**
 * Issue 13.8: the library said "mark recorded" for every 1m/5m scenario although the bundled
 * marks are hourly and the minute mark between two recorded hours is derived. The label is
 * checked against every bundled scenario's own series steps.
 */
import { describe, expect, it } from 'vitest'
import { listScenarios } from '../../electron/host/data'
import { markOriginLabel } from '../../renderer/src/format/series-origin'
import { RESOURCES, tempDir } from '../host/data/support/fixtures'

describe('mark origin label', () => {
  it('says which step was recorded and which is derived, per symbol of every bundled scenario', async () => {
    const list = await listScenarios({ resourcesDir: RESOURCES, userDir: tempDir() })
    let mixed = 0
    for (const sc of list) {
      for (const s of sc.symbols) {
        const label = markOriginLabel(s)
        if (s.mark === 'recorded' && s.markStep && s.markStep !== s.lastStep) {
          mixed++
          expect(label.exact, `${sc.id} ${s.symbol}`).toBe(false)
          expect(label.text, `${sc.id} ${s.symbol}`).toMatch(/ recorded, .* derived$/)
        } else if (s.mark === 'recorded') {
          expect(label).toEqual({ text: 'recorded', exact: true })
        } else {
          expect(label.exact).toBe(false)
          expect(label.text).toMatch(/^derived/)
        }
      }
    }
    // the bundled library has 1m/5m/15m last prices beside hourly marks (10/10 BTC at 1m)
    expect(mixed).toBeGreaterThan(0)
    // 10/10: BTC at 1m beside its 5m recorded mark, ETH at 1m beside an hourly one
    const oct = list.find((s) => s.id === 'liquidations-2025-10')!
    const label = (sym: string) => markOriginLabel(oct.symbols.find((s) => s.symbol === sym)!).text
    expect(label('BTCUSDT')).toBe('5-minute recorded, minute derived')
    expect(label('ETHUSDT')).toBe('hourly recorded, minute derived')
  })

  it('names the steps in words', () => {
    expect(markOriginLabel({ mark: 'recorded', markStep: '1h', lastStep: '1m' })).toEqual({
      text: 'hourly recorded, minute derived',
      exact: false,
    })
    expect(markOriginLabel({ mark: 'recorded', markStep: '1h', lastStep: '15m' }).text).toBe(
      'hourly recorded, 15-minute derived',
    )
    expect(markOriginLabel({ mark: 'recorded', markStep: '1m', lastStep: '1m' }).exact).toBe(true)
    expect(markOriginLabel({ mark: 'derived', lastStep: '1m' }).exact).toBe(false)
  })
})
