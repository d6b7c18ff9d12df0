/** Issue 14 item 3: where a scenario's replay starts (history before it is on the chart). */
import { describe, expect, it } from 'vitest'
import { replayFromOf } from '../../../electron/host/data/build'

const H = 3_600_000
const start = Date.UTC(2022, 10, 7)

describe('replayFromOf', () => {
  it('defaults to the first day of a multi-day scenario', () => {
    expect(replayFromOf({ start, end: start + 96 * H, baseTimeframe: '1m' })).toBe(start + 24 * H)
  })
  it('keeps three quarters of a short window to play', () => {
    expect(replayFromOf({ start, end: start + 8 * H, baseTimeframe: '1m' })).toBe(start + 2 * H)
  })
  it('follows the scenario file, snapped down to the base step and inside the window', () => {
    const m = { start, end: start + 72 * H, baseTimeframe: '1h' as const }
    expect(replayFromOf({ ...m, replayFrom: start + 30 * H + 1234 })).toBe(start + 30 * H)
    expect(replayFromOf({ ...m, replayFrom: start + 500 * H })).toBe(start + 71 * H)
    expect(replayFromOf({ ...m, replayFrom: 0 })).toBe(start)
  })
})
