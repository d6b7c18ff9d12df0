import { describe, expect, it } from 'vitest'
import type { TradeCommand } from '../../../shared/trading/commands'
import { drive, rig } from '../session/helpers'

const sellLimit = (price: string): TradeCommand => ({
  kind: 'placeOrder',
  symbol: 'BTCUSDT',
  side: 'SELL',
  positionSide: 'BOTH',
  type: 'LIMIT',
  quantity: '0.1',
  price,
  timeInForce: 'GTC',
})

async function session(bars = 600) {
  const r = rig({ synth: { bars } })
  const { summary } = await r.m.create({ scenarioId: 'synthetic' })
  return { r, id: summary.id, s: () => r.m.sessionOf(summary.id) }
}

describe('replay clock', () => {
  it('plays at N bars per second of wall time and stops on pause', async () => {
    const { r, id, s } = await session()
    const c0 = s().cursor()
    await r.m.control(id, { type: 'speed', speed: 10 })
    const st = await r.m.control(id, { type: 'play' })
    expect(st.playing).toBe(true)
    r.sched.advance(1000)
    expect(s().cursor() - c0).toBe(10)
    r.sched.advance(2500)
    expect(s().cursor() - c0).toBe(35)
    const paused = await r.m.control(id, { type: 'pause' })
    expect(paused.playing).toBe(false)
    r.sched.advance(5000)
    expect(s().cursor() - c0).toBe(35)
    // the frames told the client every bar that advanced
    expect(r.frames.reduce((n, f) => n + f.advanced, 0)).toBe(35)
  })

  it("'realtime' is one base bar per bar duration", async () => {
    const { r, id, s } = await session()
    const c0 = s().cursor()
    await r.m.control(id, { type: 'speed', speed: 'realtime' })
    await r.m.control(id, { type: 'play' })
    r.sched.advance(59_000)
    expect(s().cursor()).toBe(c0)
    r.sched.advance(1_000)
    expect(s().cursor()).toBe(c0 + 1)
    r.sched.advance(120_000)
    expect(s().cursor()).toBe(c0 + 3)
  })

  it('batches frames to at most ~60 per second however fast it plays', async () => {
    const { r, id, s } = await session(6000)
    const c0 = s().cursor()
    await r.m.control(id, { type: 'speed', speed: 5000 })
    await r.m.control(id, { type: 'play' })
    r.sched.advance(1000)
    expect(r.frames.length).toBeLessThanOrEqual(61)
    expect(r.frames.reduce((n, f) => n + f.advanced, 0)).toBe(s().cursor() - c0)
    expect(s().cursor()).toBeGreaterThan(4000)
  })

  it("'max' runs to the end in capped frames and reports every bar", async () => {
    const { r, id, s } = await session(3000)
    const c0 = s().cursor()
    await r.m.control(id, { type: 'speed', speed: 'max' })
    await r.m.control(id, { type: 'play' })
    r.sched.advance(1000)
    expect(s().atEnd()).toBe(true)
    expect(r.frames.reduce((n, f) => n + f.advanced, 0)).toBe(3000 - c0)
    // capped per frame so the chart only ever gets incremental updates
    for (const f of r.frames) {
      expect(f.advanced).toBeLessThanOrEqual(300)
      expect(f.reload).toBeFalsy()
    }
    expect(r.frames.length).toBeLessThanOrEqual(Math.ceil((3000 - c0) / 300) + 2)
    expect(r.frames.at(-1)!.status.atEnd).toBe(true)
    expect(r.frames.at(-1)!.status.playing).toBe(false)
  })

  it('next event stops right after the bar that filled a resting order', async () => {
    const { r, id, s } = await session()
    const last = Number(s().engine.view().marks.BTCUSDT)
    await r.m.command(id, sellLimit((Math.round(last * 1.01 * 10) / 10).toFixed(1)))
    const st = await drive(r.sched, r.m.control(id, { type: 'nextEvent' }))
    const fills = r.frames.flatMap((f) => f.events).filter((e) => e.type === 'orderFilled')
    expect(fills).toHaveLength(1)
    // issue 13.8: the bar's events are stamped at its close, and so is the status's replay time
    expect(fills[0]!.t).toBe(st.t)
    expect(s().engine.view().openOrders).toHaveLength(0)
    expect(st.playing).toBe(false)
  })

  it('seek forward folds every bar in between (same hash as stepping one by one)', async () => {
    const a = await session()
    const b = await session()
    // replay time is a close: seeking to step 400's close reveals steps 0..400
    const target = a.s().tl.closes[400]!
    await drive(a.r.sched, a.r.m.control(a.id, { type: 'seek', t: target }))
    while (b.s().cursor() < a.s().cursor()) await b.r.m.control(b.id, { type: 'step', bars: 1 })
    expect(a.s().cursor()).toBe(401)
    expect(a.s().stateHash()).toBe(b.s().stateHash())
  })

  it('an afterStep hook (alerts, the coach) pauses play right at the step it flags', async () => {
    let stopAt = -1
    const r = rig({ afterStep: (_id, _events, s) => s.cursor() === stopAt })
    const { summary } = await r.m.create({ scenarioId: 'synthetic' })
    const s = r.m.sessionOf(summary.id)
    stopAt = s.cursor() + 42
    await r.m.control(summary.id, { type: 'speed', speed: 'max' })
    await r.m.control(summary.id, { type: 'play' })
    r.sched.advance(100)
    expect(s.cursor()).toBe(stopAt)
    expect(r.m.clockOf(summary.id).playing).toBe(false)
    expect(r.frames.at(-1)!.status.playing).toBe(false)
  })
})
