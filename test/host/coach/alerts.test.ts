import { describe, expect, it } from 'vitest'
import type { AlertSpec } from '../../../shared/contract/coach'
import { evaluateAlerts, newAlert, upsertAlert } from '../../../electron/host/coach/alerts'
import { Desk, flatBar } from './helpers'

const priceAlert = (
  direction: 'above' | 'below',
  price: string,
  source: 'last' | 'mark' = 'last',
): AlertSpec => ({
  id: `p-${direction}`,
  kind: 'price',
  symbol: 'BTCUSDT',
  price,
  direction,
  source,
  pause: true,
})

function step(d: Desk, last: number, mark = last, range = 0) {
  d.bars({ BTCUSDT: last, ETHUSDT: 1500 }, { BTCUSDT: mark, ETHUSDT: 1500 })
  const bar = (p: number) => ({ ...flatBar(d.t, p), h: p + range, l: p - range })
  return { t: d.t, view: d.view(), bars: [{ symbol: 'BTCUSDT', last: bar(last), mark: bar(mark) }] }
}

describe('alerts', () => {
  it('fires a price alert when the bar reaches the level, once', () => {
    const d = new Desk()
    let list = [newAlert(priceAlert('below', '19500'))]
    let r = evaluateAlerts(list, step(d, 19800, 19800, 100))
    expect(r.fired).toEqual([])
    r = evaluateAlerts(r.alerts, step(d, 19600, 19600, 150)) // low 19450
    expect(r.fired).toHaveLength(1)
    expect(r.fired[0]).toMatchObject({
      type: 'alertFired',
      alertId: 'p-below',
      kind: 'price',
      pause: true,
      value: '19500',
    })
    expect(r.fired[0]!.message).toMatch(/fell to 19500/)
    list = r.alerts
    expect(list[0]!.armed).toBe(false)
    expect(evaluateAlerts(list, step(d, 19000)).fired).toEqual([])
    // setting it again re-arms it
    expect(upsertAlert(list, priceAlert('below', '19500'))[0]!.armed).toBe(true)
  })

  it('reads the mark or the last price as asked', () => {
    const d = new Desk()
    const list = [newAlert(priceAlert('above', '20500', 'mark'))]
    expect(evaluateAlerts(list, step(d, 20600, 20400)).fired).toEqual([])
    expect(evaluateAlerts(list, step(d, 20400, 20600)).fired).toHaveLength(1)
  })

  it("fires a margin-ratio alert on the engine's ratio and re-arms below the threshold", () => {
    const d = new Desk()
    d.bars({ BTCUSDT: 20000, ETHUSDT: 1500 })
    d.isolatedLong('BTCUSDT', 20, '1')
    const spec: AlertSpec = {
      id: 'mr',
      kind: 'marginRatio',
      threshold: '30',
      scope: 'anyPosition',
      pause: false,
    }
    let r = evaluateAlerts([newAlert(spec)], step(d, 19800))
    expect(r.fired).toEqual([])
    r = evaluateAlerts(r.alerts, step(d, 19150)) // isolated margin mostly gone
    expect(r.fired).toHaveLength(1)
    expect(Number(r.fired[0]!.value)).toBeGreaterThanOrEqual(30)
    expect(r.fired[0]!.value).toBe(Number(d.view().positions[0]!.marginRatio).toFixed(2))
    r = evaluateAlerts(r.alerts, step(d, 19140))
    expect(r.fired).toEqual([]) // still above, already fired
    r = evaluateAlerts(r.alerts, step(d, 20000))
    expect(r.alerts[0]!.armed).toBe(true)
    r = evaluateAlerts(r.alerts, step(d, 19150))
    expect(r.fired).toHaveLength(1)
  })

  it('uses the account ratio for the account scope', () => {
    const d = new Desk()
    d.bars({ BTCUSDT: 20000, ETHUSDT: 1500 })
    d.market('BTCUSDT', 'BUY', '1')
    const spec: AlertSpec = {
      id: 'acc',
      kind: 'marginRatio',
      threshold: '1',
      scope: 'account',
      pause: true,
    }
    const r = evaluateAlerts([newAlert(spec)], step(d, 20000))
    expect(r.fired).toEqual([]) // 0.8 %
    expect(
      evaluateAlerts([newAlert({ ...spec, threshold: '0.5' })], step(d, 20000)).fired,
    ).toHaveLength(1)
  })
})
