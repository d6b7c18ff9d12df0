/**
 * readRisk (the coach's per-step risk sample) prints exactly what view() prints: margin
 * balance, the worst of the account's and every position's margin ratio, and whether an
 * order or a position is still open — on random sessions, after every input.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readRisk, type Engine } from '../../electron/engine'
import { D } from '../../electron/engine/decimal'
import { actionArb, run, settingsArb, toInputs } from './gen'

function fromView(e: Engine) {
  const v = e.view()
  let worst = v.marginRatio || '0'
  for (const p of v.positions) if (new D(p.marginRatio).gt(worst)) worst = p.marginRatio
  return {
    marginBalance: v.marginBalance,
    worstMarginRatio: worst,
    exposed: v.openOrders.length > 0 || v.positions.some((p) => !new D(p.size).isZero()),
  }
}

describe('readRisk', () => {
  it('equals the figures of view() after every input of random sessions', () => {
    let reads = 0
    let exposedSeen = 0
    let ratioSeen = 0
    fc.assert(
      fc.property(
        settingsArb,
        fc.array(actionArb, { minLength: 20, maxLength: 80, size: 'max' }),
        (settings, actions) => {
          run(settings, toInputs(actions, !!settings.hedgeMode), true, (e) => {
            const r = readRisk(e)
            expect(r).toEqual(fromView(e))
            reads++
            if (r.exposed) exposedSeen++
            if (r.worstMarginRatio !== '0') ratioSeen++
          })
        },
      ),
      { numRuns: Number(process.env.PROP_RUNS ?? 60) },
    )
    // the sessions did hold positions with a margin ratio (the comparison was not all zeros)
    expect(exposedSeen).toBeGreaterThan(reads / 10)
    expect(ratioSeen).toBeGreaterThan(reads / 10)
  })

  it('refuses an object that is not an engine', () => {
    expect(() => readRisk({} as Engine)).toThrow(TypeError)
  })
})
