import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { coachMethods } from '../../../shared/contract/coach'
import { HostError } from '../../../shared/contract/errors'
import type { TradeCommand } from '../../../shared/trading/commands'
import { DEFAULT_ENGINE_SETTINGS } from '../../../shared/trading/settings'
import { engines } from '../../../electron/host/engine-binding'
import { createMemoryCoachStore } from '../../../electron/host/coach/file-store'
import { foldEquity } from '../../../electron/host/coach/fold'
import type { CoachSession, JournalCommand } from '../../../electron/host/coach/ports'
import { createCoachRuntime } from '../../../electron/host/coach/runtime'
import type { HostContext } from '../../../electron/host/context'
import { coachHandlers } from '../../../electron/host/handlers/coach'
import { foldTo, startFold } from '../../../electron/host/replay/fold'
import { buildTimeline, cursorTime } from '../../../electron/host/replay/timeline'
import { scenario } from './scenarios'

const SETTINGS = { ...DEFAULT_ENGINE_SETTINGS }
const buy = (symbol: string, quantity: string): TradeCommand => ({
  kind: 'placeOrder',
  symbol,
  side: 'BUY',
  positionSide: 'BOTH',
  type: 'MARKET',
  quantity,
})

/** A session folded like the session manager does, exposed through the coach's port. */
async function openSession(cursor: number, cmds: JournalCommand[]) {
  const ftx = await scenario('ftx-2022-11')
  const tl = buildTimeline(ftx)
  const eng = engines.create(tl.symbols, SETTINGS)
  const events = foldTo(startFold(eng), tl, cmds, cursor)
  const session: CoachSession = {
    id: 's-1',
    scenario: ftx,
    settings: SETTINGS,
    view: () => eng.view(),
    engineSnapshot: () => eng.snapshot(),
    replayTime: cursorTime(tl, cursor),
    events,
    commands: () => cmds,
    cursor,
    startCursor: 0,
  }
  return { session, eng, tl }
}

async function setup(
  cursor = 300,
  cmds: JournalCommand[] = [
    { cursor: 100, command: buy('BTCUSDT', '1') },
    { cursor: 200, command: buy('ETHUSDT', '10') },
  ],
) {
  const { session, eng } = await openSession(cursor, cmds)
  const store = createMemoryCoachStore()
  const pushed: { name: string; payload: unknown }[] = []
  const runtime = await createCoachRuntime({
    engine: engines,
    store,
    notify: {
      hit: (sessionId, hit) => pushed.push({ name: 'coach:hit', payload: { sessionId, hit } }),
      alert: (sessionId, alert) =>
        pushed.push({ name: 'alerts:fired', payload: { sessionId, alert } }),
    },
  })
  const ctx = {
    dataDir: '/nonexistent',
    resourcesDir: '',
    transport: 'websocket',
    version: 't',
    defaultScenarioId: 'ftx-2022-11',
    push: () => {},
  } as HostContext
  const deps = {
    getSession: (id: string) => (id === 's-1' ? session : undefined),
    listCrashIds: async () => ['ftx-2022-11', 'black-thursday-2020-03'],
    loadCrash: scenario,
    engine: engines,
    store,
    runtime,
  }
  const { handlers } = coachHandlers(ctx, deps)
  /** Call a handler the way the host does: parse the request with the contract schema first. */
  const call = async <M extends keyof typeof coachMethods>(m: M, req: unknown) => {
    const parsed = v.parse(coachMethods[m].req as v.GenericSchema, req)
    return (handlers[m] as (r: unknown) => unknown)(parsed) as ReturnType<(typeof handlers)[M]>
  }
  return { session, eng, handlers, call, runtime, store, pushed }
}

describe('coach handlers', () => {
  it('sizes, tables and stress-tests an open session without changing it', async () => {
    const { call, eng } = await setup()
    const hash = JSON.stringify(eng.snapshot())
    const sizer = await call('coach:sizer', {
      sessionId: 's-1',
      symbol: 'BTCUSDT',
      side: 'SELL',
      stopPercent: '1',
    })
    expect(Number(sizer.quantity)).toBeGreaterThan(0)
    const wi = await call('coach:whatIf', { sessionId: 's-1', moves: ['-15'] })
    expect(wi.tables.map((t) => t.scope)).toEqual(['BTCUSDT:BOTH', 'ETHUSDT:BOTH', 'account'])
    const st = await call('coach:stressTest', { sessionId: 's-1' })
    expect(st.results.map((r) => r.scenarioId)).toEqual(['ftx-2022-11', 'black-thursday-2020-03'])
    expect(st.positions).toBe(2)
    expect(st.elapsedMs).toBeGreaterThanOrEqual(0)
    expect(JSON.stringify(eng.snapshot())).toBe(hash)
  })

  it('builds the report with a re-folded equity curve that ends at the live equity', async () => {
    const { call, session } = await setup()
    const r = await call('coach:report', { sessionId: 's-1' })
    expect(r.trades).toHaveLength(2)
    expect(r.equity.length).toBeGreaterThan(10)
    expect(r.equity[r.equity.length - 1]![1]).toBe(
      Number(session.view().marginBalance)
        .toFixed(2)
        .replace(/\.?0+$/, ''),
    )
    const csv = await call('coach:export', { sessionId: 's-1', format: 'tradesCsv' })
    expect(csv.mime).toBe('text/csv')
    expect(csv.content.split('\r\n')).toHaveLength(4)
  })

  it("samples the re-folded equity curve from the session's replay start, not the history before it", async () => {
    // A session that started at cursor 1000 (the bars before it were history on the chart):
    // the curve it reports begins there, with its samples spent on the session's own steps.
    const { call, session } = await setup(1500, [{ cursor: 1100, command: buy('BTCUSDT', '1') }])
    session.startCursor = 1000
    const tl = buildTimeline(session.scenario as Awaited<ReturnType<typeof scenario>>)
    const r = await call('coach:report', { sessionId: 's-1' })
    expect(r.equity[0]![0]).toBe(cursorTime(tl, 1000))
    expect(r.equity.every(([t]) => t >= cursorTime(tl, 1000))).toBe(true)
    expect(r.equity.length).toBeGreaterThan(250)
    expect(r.equity.at(-1)![0]).toBe(cursorTime(tl, 1500))
  })

  it('keeps journal notes and tags per trade and feeds the tag summary', async () => {
    const { call } = await setup()
    const r0 = await call('coach:report', { sessionId: 's-1' })
    const id = r0.trades[0]!.id
    const e = await call('coach:journal', {
      sessionId: 's-1',
      tradeId: id,
      note: 'entered late',
      tags: ['FOMO', 'FOMO', 'over-leverage'],
    })
    expect(e.tags).toEqual(['FOMO', 'over-leverage'])
    const r = await call('coach:report', { sessionId: 's-1' })
    expect(r.trades[0]!.journal?.note).toBe('entered late')
    expect(r.tags.map((t) => t.tag)).toEqual(['FOMO', 'over-leverage'])
    expect(() =>
      v.parse(coachMethods['coach:journal'].req, {
        sessionId: 's-1',
        tradeId: id,
        note: '',
        tags: ['YOLO'],
      }),
    ).toThrow()
  })

  it('reads and saves the guardrail profile, and checks a command without recording it', async () => {
    const { call } = await setup()
    const p = await call('coach:settings', {})
    expect(p.name).toBe('Coach')
    const saved = await call('coach:settings', {
      profile: { ...p, stopRequired: { on: true, aboveLeverage: 1 } },
    })
    expect(saved.stopRequired.aboveLeverage).toBe(1)
    const verdict = await call('coach:check', { sessionId: 's-1', command: buy('BTCUSDT', '1') })
    expect(verdict.allow).toBe(false)
    expect(verdict.hit?.rule).toBe('stopRequired')
    const ok = await call('coach:check', {
      sessionId: 's-1',
      command: buy('BTCUSDT', '0.01'),
      attachedStop: { stopPrice: '15000', workingType: 'MARK_PRICE' },
    })
    expect(ok.allow).toBe(true)
    expect(await call('coach:hits', { sessionId: 's-1' })).toEqual([])
  })

  it('sets, lists and removes alerts', async () => {
    const { call } = await setup()
    await call('alerts:set', {
      sessionId: 's-1',
      alert: {
        id: 'a1',
        kind: 'price',
        symbol: 'BTCUSDT',
        price: '19000',
        direction: 'below',
        source: 'mark',
        pause: true,
      },
    })
    await call('alerts:set', {
      sessionId: 's-1',
      alert: { id: 'a2', kind: 'marginRatio', threshold: '80', scope: 'account', pause: true },
    })
    expect((await call('alerts:list', { sessionId: 's-1' })).map((a) => a.spec.id)).toEqual([
      'a1',
      'a2',
    ])
    expect(
      (await call('alerts:remove', { sessionId: 's-1', alertId: 'a1' })).map((a) => a.spec.id),
    ).toEqual(['a2'])
  })

  it('keeps chart drawings per symbol and refuses bad ones with a clear error', async () => {
    const { call } = await setup()
    const t = 1_667_900_000_000
    const hline = { id: 'd1', kind: 'hline', symbol: 'BTCUSDT', points: [{ t, price: '19000' }] }
    const trend = {
      id: 'd2',
      kind: 'trend',
      symbol: 'BTCUSDT',
      points: [
        { t, price: '19000' },
        { t: t + 60_000, price: '19100.5' },
      ],
    }
    const eth = { ...trend, id: 'd3', kind: 'measure', symbol: 'ETHUSDT' }
    await call('drawings:save', { sessionId: 's-1', symbol: 'BTCUSDT', drawings: [hline, trend] })
    await call('drawings:save', { sessionId: 's-1', symbol: 'ETHUSDT', drawings: [eth] })
    expect((await call('drawings:list', { sessionId: 's-1' })).map((d) => d.id)).toEqual([
      'd1',
      'd2',
      'd3',
    ])
    // Saving a symbol replaces only that symbol's drawings.
    const left = await call('drawings:save', {
      sessionId: 's-1',
      symbol: 'BTCUSDT',
      drawings: [trend],
    })
    expect(left.map((d) => d.id)).toEqual(['d3', 'd2'])
    const bad = (drawings: unknown[], symbol = 'BTCUSDT') =>
      call('drawings:save', { sessionId: 's-1', symbol, drawings })
    await expect(bad([{ ...hline, points: trend.points }])).rejects.toThrow(/one point/)
    await expect(bad([{ ...trend, points: [trend.points[0]] }])).rejects.toThrow(/two/)
    await expect(bad([{ ...hline, points: [{ t, price: '-5' }] }])).rejects.toThrow()
    await expect(bad([{ ...hline, points: [{ t, price: '1e5' }] }])).rejects.toThrow()
    await expect(bad([{ ...hline, kind: 'circle' }])).rejects.toThrow()
    await expect(bad([hline], 'ETHUSDT')).rejects.toThrow(/symbol saved/)
    await expect(bad([hline, hline])).rejects.toThrow(/unique/)
    await expect(
      bad(Array.from({ length: 101 }, (_, i) => ({ ...hline, id: `x${i}` }))),
    ).rejects.toThrow()
    await expect(bad([{ ...hline, symbol: 'LUNAUSDT' }], 'LUNAUSDT')).rejects.toThrow(
      /not a symbol of this session/,
    )
    await expect(call('drawings:list', { sessionId: 'nope' })).rejects.toBeInstanceOf(HostError)
    // Nothing was lost by the refusals.
    expect((await call('drawings:list', { sessionId: 's-1' })).map((d) => d.id)).toEqual([
      'd3',
      'd2',
    ])
  })

  it('stress-tests only scenarios of the library (an id is never a path)', async () => {
    const { call } = await setup()
    await expect(
      call('coach:stressTest', { sessionId: 's-1', scenarioIds: ['/etc'] }),
    ).rejects.toThrow()
    const r = await call('coach:stressTest', {
      sessionId: 's-1',
      scenarioIds: ['nope', 'black-thursday-2020-03'],
    })
    expect(r.results.map((x) => x.scenarioId)).toEqual(['black-thursday-2020-03'])
  })

  it('answers NOT_FOUND for a session that is not open', async () => {
    const { handlers } = await setup()
    await expect(handlers['coach:whatIf']({ sessionId: 'nope' })).rejects.toBeInstanceOf(HostError)
  })
})

describe('coach runtime in the session flow', () => {
  it('records a blocked command, acts on the bottom line, fires alerts and pushes them', async () => {
    const { runtime, session, eng, pushed, store } = await setup()
    await runtime.attach('s-1', session.view(), session.replayTime, '10000')
    await runtime.setAlert('s-1', {
      id: 'm',
      kind: 'marginRatio',
      threshold: '0.5',
      scope: 'account',
      pause: true,
    })
    const state = { view: session.view(), engineSnapshot: eng.snapshot(), prices: {} }
    const res = runtime.beforeCommand('s-1', state, buy('BTCUSDT', '4'), session.replayTime)
    expect(res.allow).toBe(false)
    const step = runtime.afterStep('s-1', {
      t: session.replayTime + 60_000,
      view: session.view(),
      events: [],
      bars: [],
    })
    expect(step.alerts).toHaveLength(1)
    expect(step.pause).toBe(true)
    // a big loss: the view says equity is 70 % of the start
    const hurt = { ...session.view(), marginBalance: '7000' }
    const out = runtime.afterStep('s-1', {
      t: session.replayTime + 120_000,
      view: hurt,
      events: [],
      bars: [],
    })
    expect(out.actions).toEqual(['closeAll', 'pause'])
    expect((await runtime.hits('s-1')).map((h) => h.rule)).toEqual([
      'stopRequired',
      'bottomLine',
      'dailyLoss',
    ])
    expect(pushed.map((p) => p.name)).toEqual([
      'coach:hit',
      'alerts:fired',
      'coach:hit',
      'coach:hit',
    ])
    await new Promise((r) => setTimeout(r, 10))
    expect((await store.loadHits('s-1')).length).toBe(3)
  })
})

describe('equity re-fold', () => {
  it('ends at the same equity as the session fold', async () => {
    const cmds = [{ cursor: 10, command: buy('BTCUSDT', '0.5') }]
    const { session, tl } = await openSession(500, cmds)
    const curve = foldEquity({
      factory: engines,
      scenario: session.scenario as never,
      settings: SETTINGS,
      commands: cmds,
      cursor: 500,
    })
    expect(curve[curve.length - 1]).toEqual([cursorTime(tl, 500), session.view().marginBalance])
    expect(curve.length).toBeLessThanOrEqual(502)
  })
})
