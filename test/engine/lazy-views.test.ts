/**
 * A positionChanged event builds its PositionView when `position` is first read, from inputs
 * captured at emission (position-event.ts; issue 16). Proof that this changes no
 * byte: on random sessions (hedge and one-way, cross with two symbols, isolated, liquidations,
 * funding, leverage and margin changes between fills) the event log is the same JSON whether
 * every view is read right after its apply(), read only at the end of the run, or computed
 * eagerly at emission as before (the old code, positionView on the live context, kept here
 * behind a mock). And a sabotage run: right after each emission, every input the view could
 * read (wallet, every position's fields and order, leverage, marks, TP/SL orders, time) is
 * changed in place, the view is read, and it must still equal the eager view of that moment.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it, vi } from 'vitest'
import type { Ctx } from '../../electron/engine/context'
import type { PositionState } from '../../electron/engine/state'
import type { EngineEvent } from '../../shared/trading/events'
import type { PositionView } from '../../shared/trading/views'
import { loadScenario } from '../../electron/host/data'
import { runScriptLines } from '../../electron/host/sim'
import { randomCase } from '../golden/random-scripts'
import { actionArb, run, settingsArb, toInputs } from './gen'

/** eager: the old emission; sabotage: mutate the state after each lazy emission, then read. */
const mode = vi.hoisted(() => ({
  eager: false,
  sabotage: false,
  sabotaged: 0,
  mismatches: [] as string[],
}))

vi.mock('../../electron/engine/position-event', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../electron/engine/position-event')>()
  const { positionView } = await import('../../electron/engine/views')
  const context = await import('../../electron/engine/context')
  const { D } = await import('../../electron/engine/decimal')

  /** Change in place every input of p's view, read the event, put everything back. */
  const sabotage = (ctx: Ctx, p: PositionState) => {
    const e = ctx.out[ctx.out.length - 1]!
    // what the old code printed at this moment (markOf's Decimal cache is restored below)
    const path0 = new Map([...ctx.path].map(([k, v]) => [k, { ...v }]))
    // (not via the event: reading it would build its view before the sabotage)
    const { seq, t, type } = e
    const eager = JSON.stringify({ seq, t, type, position: positionView(ctx, p) })
    const s = ctx.s
    const saved = {
      t: s.t,
      wallet: s.wallet,
      positions: [...s.positions],
      fields: s.positions.map((q) => ({ ...q })),
      p: { ...p },
      symbols: s.symbols.map((x) => ({ leverage: x.leverage, mark: x.mark })),
      orders: s.orders.map((o) => ({ ...o })),
    }
    const shake = (q: PositionState) => {
      q.qty = q.qty.times(3).plus(1)
      q.entry = q.entry.times(1.5).plus(7)
      q.isolatedMargin = q.isolatedMargin.plus(13)
      q.openFees = q.openFees.plus(2)
      q.funding = q.funding.minus(5)
      q.realizedPnl = q.realizedPnl.plus(11)
      q.dir = q.dir === 1 ? -1 : 1
      q.marginType = q.marginType === 'CROSSED' ? 'ISOLATED' : 'CROSSED'
    }
    s.t += 400 * 86_400_000
    s.wallet = s.wallet.times(2).plus(1000)
    for (const q of s.positions) shake(q)
    if (!s.positions.includes(p)) shake(p)
    s.positions.reverse()
    s.positions.push({ ...saved.p, symbol: s.symbols[0]!.symbol, positionSide: 'BOTH' })
    for (const x of s.symbols) {
      x.leverage = x.leverage === 7 ? 8 : 7
      x.mark = x.mark && { ...x.mark, c: x.mark.c * 1.3 }
      context.setMarkDec(ctx, x.symbol, new D(x.mark?.c ?? 1).times(0.7))
    }
    for (const o of s.orders) {
      o.stopPrice = o.stopPrice && o.stopPrice.plus(3)
      o.id += 'x'
      o.workingType = o.workingType === 'MARK_PRICE' ? 'CONTRACT_PRICE' : 'MARK_PRICE'
    }
    s.orders.reverse()
    const lazy = JSON.stringify(e)
    if (lazy !== eager) mode.mismatches.push(`${lazy}\n!=\n${eager}`)
    mode.sabotaged++
    // put everything back: the run goes on from the state the engine left
    s.t = saved.t
    s.wallet = saved.wallet
    s.positions.splice(0, s.positions.length, ...saved.positions)
    saved.positions.forEach((q, i) => Object.assign(q, saved.fields[i]))
    Object.assign(p, saved.p)
    s.symbols.forEach((x, i) => Object.assign(x, saved.symbols[i]))
    s.orders.reverse()
    s.orders.forEach((o, i) => Object.assign(o, saved.orders[i]))
    for (const [k, v] of ctx.path) {
      const was = path0.get(k)
      if (was) Object.assign(v, was)
      else ctx.path.delete(k)
    }
  }

  return {
    ...real,
    emitPositionChanged: (ctx: Ctx, p: PositionState) => {
      if (mode.eager) {
        context.emit(ctx, { type: 'positionChanged', position: positionView(ctx, p) })
        return
      }
      real.emitPositionChanged(ctx, p)
      if (mode.sabotage) sabotage(ctx, p)
    },
  }
})

type Mode = 'lazy' | 'forced' | 'eager' | 'sabotage'

function withMode<T>(m: Mode, f: () => T): T {
  mode.eager = m === 'eager'
  mode.sabotage = m === 'sabotage'
  try {
    return f()
  } finally {
    mode.eager = mode.sabotage = false
  }
}

const isView = (e: EngineEvent): e is Extract<EngineEvent, { type: 'positionChanged' }> =>
  e.type === 'positionChanged'

/** What the sessions covered (so a green run is not an empty one). */
const seen = {
  views: 0,
  hedge: 0,
  isolated: 0,
  crossWithOther: 0,
  liquidations: 0,
  funding: 0,
  leverageBetweenFills: 0,
  withTpSl: 0,
}

function note(log: EngineEvent[]) {
  let filled = false
  const crossSymbols = new Map<string, string>()
  for (const e of log) {
    if (e.type === 'orderFilled') filled = true
    if (e.type === 'liquidation') seen.liquidations++
    if (e.type === 'fundingSettled') seen.funding++
    if (e.type === 'leverageChanged' && filled) seen.leverageBetweenFills++
    if (e.type === 'positionClosed') crossSymbols.delete(`${e.symbol}:${e.positionSide}`)
    if (!isView(e)) continue
    const v = e.position
    const k = `${v.symbol}:${v.positionSide}`
    seen.views++
    if (v.takeProfit || v.stopLoss) seen.withTpSl++
    if (v.positionSide !== 'BOTH') seen.hedge++
    if (v.marginType === 'ISOLATED') seen.isolated++
    else {
      crossSymbols.set(k, v.symbol)
      if (new Set(crossSymbols.values()).size > 1) seen.crossWithOther++
    }
  }
}

describe('positionChanged views built when read', () => {
  it('read at once, read at the end, eager and sabotaged: the same event log (random sessions)', () => {
    fc.assert(
      fc.property(
        settingsArb,
        fc.array(actionArb, { minLength: 20, maxLength: 80, size: 'max' }),
        fc.boolean(),
        (settings, actions, fastPath) => {
          const inputs = toInputs(actions, !!settings.hedgeMode)
          const go = (m: Mode) => {
            const each: string[] = []
            const { log } = withMode(m, () =>
              run(settings, inputs, fastPath, (_e, _i, ev) => {
                if (m === 'forced') for (const x of ev) each.push(JSON.stringify(x))
              }),
            )
            return { log, each }
          }
          const eager = go('eager').log
          const want = eager.map((x) => JSON.stringify(x))
          const forced = go('forced')
          expect(forced.each).toEqual(want)
          expect(forced.log.map((x) => JSON.stringify(x))).toEqual(want)
          // read nothing until the end; then the first read of each view goes through one of
          // the ways a consumer reads it (JSON, structuredClone as postMessage does, spread,
          // vitest's toEqual) and must give the eager event, keys in the same order
          const lazy = go('lazy').log
          lazy.forEach((e, i) => {
            const old = eager[i]!
            if (!isView(e)) return
            expect(Object.keys(e)).toEqual(Object.keys(old))
            switch (i % 4) {
              case 0:
                expect(JSON.stringify(e)).toBe(want[i])
                break
              case 1:
                expect(JSON.stringify(structuredClone(e))).toBe(want[i])
                break
              case 2:
                expect(JSON.stringify({ ...e })).toBe(want[i])
                break
              default:
                expect(e).toEqual(old)
            }
            // memoised: a later read returns the same object
            expect(e.position).toBe(e.position)
          })
          expect(lazy.map((x) => JSON.stringify(x))).toEqual(want)
          mode.mismatches.length = 0
          const sab = go('sabotage').log
          expect(mode.mismatches.slice(0, 1)).toEqual([])
          expect(sab.map((x) => JSON.stringify(x))).toEqual(want)
          note(eager)
        },
      ),
      { numRuns: Number(process.env.PROP_RUNS ?? 150) },
    )
    expect(mode.sabotaged).toBeGreaterThan(300)
    expect(seen.views).toBeGreaterThan(300)
    for (const [k, n] of Object.entries(seen)) expect({ [k]: n }).not.toEqual({ [k]: 0 })
  })

  /** The positionChanged of one market order, not read yet. */
  const firstView = () =>
    run(
      { startingBalance: '10000' },
      // (toInputs puts a flat bar before the first command)
      toInputs([{ k: 'cmd', pick: 0, a: 0, b: 0, c: 0, d: 9 }], false),
      true,
    ).log.find(isView)!

  it('a view assigned before it is read keeps the assigned value, in place', () => {
    const e = firstView()
    const other = { symbol: 'X' } as PositionView
    e.position = other
    expect(e.position).toBe(other)
    expect(Object.keys(e)).toEqual(['seq', 't', 'type', 'position'])
  })

  it('the event is a plain object whose only keys are seq, t, type and position, before and after the read', () => {
    const e = firstView()
    const keys = ['seq', 't', 'type', 'position']
    // the capture is in no key (string or symbol), so no copy of the event carries it
    expect(Object.getPrototypeOf(e)).toBe(Object.prototype)
    expect(Reflect.ownKeys(e)).toEqual(keys)
    expect(Object.getOwnPropertyDescriptor(e, 'position')).toMatchObject({ enumerable: true })
    expect(Reflect.ownKeys({ ...e })).toEqual(keys)
    expect(Reflect.ownKeys(structuredClone(e))).toEqual(keys)
    const v = e.position
    expect(Object.getOwnPropertyDescriptor(e, 'position')).toEqual({
      value: v,
      writable: true,
      enumerable: true,
      configurable: true,
    })
    expect(Reflect.ownKeys(e)).toEqual(keys)
  })

  describe('random sim scripts over bundled scenarios (host sim runner)', () => {
    const resourcesDir = path.resolve(__dirname, '../../resources')
    const ids = (
      JSON.parse(readFileSync(path.join(resourcesDir, 'scenarios/index.json'), 'utf8')) as {
        scenarios: string[]
      }
    ).scenarios.slice(0, 3)
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'perpdojo-lazyviews-'))
    afterAll(() => rmSync(tmp, { recursive: true, force: true }))
    for (const id of ids)
      it(`8 scripts on ${id}: lazy == eager == sabotaged`, async () => {
        const scn = await loadScenario(id, { resourcesDir, userDir: tmp, cacheDir: tmp })
        for (let k = 0; k < 8; k++) {
          const c = randomCase(scn, 77_000 + 100 * ids.indexOf(id) + k)
          const lines = (m: Mode) => withMode(m, () => [...runScriptLines(c.scenario, c.script)])
          const eager = lines('eager')
          expect(lines('lazy')).toEqual(eager)
          mode.mismatches.length = 0
          expect(lines('sabotage')).toEqual(eager)
          expect(mode.mismatches.slice(0, 1)).toEqual([])
        }
      }, 120_000)
  })
})
