import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TIMEFRAMES, TIMEFRAME_MS, type Bar, type Timeframe } from '../../../shared/market'
import { aggregateRows } from '../../../electron/host/replay/candles'
import { drive, rig } from '../session/helpers'

/** Naive reference: candles of tf from every row whose bar opened at or before T. */
function reference(
  times: Float64Array,
  o: Float64Array,
  h: Float64Array,
  l: Float64Array,
  c: Float64Array,
  v: Float64Array | null,
  tf: number,
  T: number,
): Bar[] {
  const out: Bar[] = []
  for (let i = 0; i < times.length && times[i]! <= T; i++) {
    const b = Math.floor(times[i]! / tf) * tf
    const cur = out[out.length - 1]
    if (cur && cur.t === b) {
      cur.h = Math.max(cur.h, h[i]!)
      cur.l = Math.min(cur.l, l[i]!)
      cur.c = c[i]!
      cur.v += v ? v[i]! : 0
    } else out.push({ t: b, o: o[i]!, h: h[i]!, l: l[i]!, c: c[i]!, v: v ? v[i]! : 0 })
  }
  return out
}

describe('revealed candles', () => {
  it('no view at replay time T shows bar data after T, on every timeframe (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 40, max: 700 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.constantFrom<Timeframe>('1m', '5m'),
        fc.option(
          fc.record({
            from: fc.integer({ min: 0, max: 300 }),
            len: fc.integer({ min: 1, max: 200 }),
          }),
        ),
        fc.integer({ min: 1, max: 1000 }),
        async (bars, stepTo, step, gap, seed) => {
          const r = rig({
            synth: {
              bars,
              step,
              seed,
              ...(gap ? { gap: { symbol: 1, from: gap.from, to: gap.from + gap.len } } : {}),
            },
          })
          const { summary } = await r.m.create({ scenarioId: 'synthetic' })
          const id = summary.id
          // a position, so fills and funding events exist to be checked too
          await r.m.command(id, {
            kind: 'placeOrder',
            symbol: 'BTCUSDT',
            side: 'BUY',
            positionSide: 'BOTH',
            type: 'MARKET',
            quantity: '0.01',
          })
          await drive(r.sched, r.m.control(id, { type: 'step', bars: Math.max(1, stepTo) }))
          const s = r.m.sessionOf(id)
          // replay time is the latest revealed close (issue 13.8); rows opening at or before
          // O = T − step are revealed
          const T = s.status().t
          const O = T - s.tl.stepMs
          for (const sym of s.tl.symbols) {
            const ser = s.tl.series[s.tl.symbols.indexOf(sym)]!
            for (const tf of TIMEFRAMES) {
              const set = await r.m.candles(id, sym, tf)
              const tfMs = TIMEFRAME_MS[set.timeframe]
              for (const b of [...set.bars, ...set.mark]) expect(b.t).toBeLessThanOrEqual(O)
              // funding: only rates settled at or before T; the next one's time, not its rate
              for (const p of set.funding!) expect(p.t).toBeLessThanOrEqual(T)
              expect(set.funding).toEqual(ser.funding.filter((p) => p.t <= T))
              expect(set.fundingOrigin).toBe(ser.fundingOrigin)
              expect(set.nextFundingTime).toBe(ser.funding.find((p) => p.t > T)?.t ?? null)
              expect(set.bars).toEqual(
                reference(ser.time, ser.open, ser.high, ser.low, ser.close, ser.volume, tfMs, O),
              )
              expect(set.mark).toEqual(
                reference(
                  ser.time,
                  ser.markOpen,
                  ser.markHigh,
                  ser.markLow,
                  ser.markClose,
                  null,
                  tfMs,
                  O,
                ),
              )
            }
          }
          for (const f of r.frames) {
            for (const b of f.bars) expect(b.last.t).toBeLessThan(f.status.t)
            expect(f.funding).toHaveLength(s.tl.symbols.length)
            for (const fn of f.funding!) {
              const ser = s.tl.series[s.tl.symbols.indexOf(fn.symbol)]!
              const settled = ser.funding.filter((p) => p.t <= f.status.t)
              if (fn.settled) expect(fn.settled.t).toBeLessThanOrEqual(f.status.t)
              expect(fn.settled).toEqual(settled.at(-1) ?? null)
              if (fn.nextFundingTime !== null)
                expect(fn.nextFundingTime).toBeGreaterThan(f.status.t)
            }
          }
          // events and the account never carry a time past "now" (the latest bar's close)
          const snap = await r.m.openSession(id)
          for (const e of snap.events) expect(e.t).toBeLessThanOrEqual(T)
          expect(snap.account.t).toBeLessThanOrEqual(T)
          await r.m.closeAll()
        },
      ),
      { numRuns: 40 },
    )
  })

  it('frame updates replayed into a chart give exactly session:candles at the end', async () => {
    const r = rig({ synth: { bars: 400 } })
    const { summary } = await r.m.create({ scenarioId: 'synthetic' })
    const id = summary.id
    await r.m.watch(id, [
      { symbol: 'BTCUSDT', timeframe: '15m' },
      { symbol: 'ETHUSDT', timeframe: '1m' },
    ])
    const chart = new Map<string, Map<number, Bar>>()
    for (const sym of ['BTCUSDT', 'ETHUSDT']) {
      const tf = sym === 'BTCUSDT' ? '15m' : '1m'
      const set = await r.m.candles(id, sym, tf)
      chart.set(sym, new Map(set.bars.map((b) => [b.t, b])))
    }
    for (let i = 0; i < 30; i++) await r.m.control(id, { type: 'step', bars: 1 + (i % 7) })
    for (const f of r.frames) {
      expect(f.reload).toBeFalsy()
      for (const u of f.updates ?? []) for (const b of u.bars) chart.get(u.symbol)!.set(b.t, b)
    }
    for (const sym of ['BTCUSDT', 'ETHUSDT']) {
      const set = await r.m.candles(id, sym, sym === 'BTCUSDT' ? '15m' : '1m')
      expect([...chart.get(sym)!.values()]).toEqual(set.bars)
    }
  })

  it('the range aggregation frames use agrees with the candle store aggregate', () => {
    const r = rig({ synth: { bars: 300 } })
    const s = r.scenario.series[0]!
    for (const tf of TIMEFRAMES) {
      const all = aggregateRows(s, TIMEFRAME_MS[tf], 0, 300, false)
      expect(all).toEqual(
        reference(s.time, s.open, s.high, s.low, s.close, s.volume, TIMEFRAME_MS[tf], Infinity),
      )
    }
  })
})
