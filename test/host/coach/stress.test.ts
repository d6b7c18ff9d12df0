import { describe, expect, it } from 'vitest'
import type { TradeCommand } from '../../../shared/trading/commands'
import { DEFAULT_ENGINE_SETTINGS } from '../../../shared/trading/settings'
import { engines } from '../../../electron/host/engine-binding'
import { stressTest } from '../../../electron/host/coach/stress'
import type { LoadedScenario, SymbolSeries } from '../../../electron/host/data/types'
import { buildTimeline } from '../../../electron/host/replay/timeline'
import { foldStep, foldTo, startFold } from '../../../electron/host/replay/fold'
import { runScript } from '../../../electron/host/sim'
import { Desk, MIN } from './helpers'
import { bundledIds, scenario } from './scenarios'

const SETTINGS = { ...DEFAULT_ENGINE_SETTINGS, marginCallRatios: ['80'] }

/** Rows k.. of every series (the crash "from bar k on"); funding kept whole (the test filters by time). */
function sliceFrom(s: LoadedScenario, k: number): LoadedScenario {
  const cut = (x: SymbolSeries): SymbolSeries => ({
    ...x,
    time: x.time.subarray(k),
    open: x.open.subarray(k),
    high: x.high.subarray(k),
    low: x.low.subarray(k),
    close: x.close.subarray(k),
    volume: x.volume.subarray(k),
    markOpen: x.markOpen.subarray(k),
    markHigh: x.markHigh.subarray(k),
    markLow: x.markLow.subarray(k),
    markClose: x.markClose.subarray(k),
  })
  return { info: { ...s.info, start: s.series[0]!.time[k]! }, series: s.series.map(cut) }
}

/**
 * FTX's BTC and ETH only: both are 1-minute, so row k is the same minute in each (the index
 * arithmetic below needs that; the 15-minute altcoins of the bundled FTX are left out).
 */
async function ftxBtcEth(): Promise<LoadedScenario> {
  const s = await scenario('ftx-2022-11')
  const keep = (x: { symbol: string }) => x.symbol === 'BTCUSDT' || x.symbol === 'ETHUSDT'
  return {
    info: { ...s.info, symbols: s.info.symbols.filter(keep) },
    series: s.series.filter(keep),
  }
}

/** First bar whose close equals the next open, last and mark, for every symbol: a seamless cut. */
function seamlessCut(s: LoadedScenario): number {
  for (let k = 1; k < 3000; k++) {
    if (s.series.every((x) => x.close[k] === x.open[k + 1] && x.markClose[k] === x.markOpen[k + 1]))
      return k
  }
  throw new Error('no seamless cut')
}

const PORTFOLIO: TradeCommand[] = [
  { kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 10 },
  { kind: 'setLeverage', symbol: 'ETHUSDT', leverage: 10 },
  {
    kind: 'placeOrder',
    symbol: 'BTCUSDT',
    side: 'BUY',
    positionSide: 'BOTH',
    type: 'MARKET',
    quantity: '2',
  },
  {
    kind: 'placeOrder',
    symbol: 'ETHUSDT',
    side: 'BUY',
    positionSide: 'BOTH',
    type: 'MARKET',
    quantity: '20',
  },
]

const ISOLATED: TradeCommand[] = [
  { kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' },
  { kind: 'setMarginType', symbol: 'ETHUSDT', marginType: 'ISOLATED' },
  { kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 3 },
  { kind: 'setLeverage', symbol: 'ETHUSDT', leverage: 8 },
  {
    kind: 'placeOrder',
    symbol: 'BTCUSDT',
    side: 'BUY',
    positionSide: 'BOTH',
    type: 'MARKET',
    quantity: '0.5',
  },
  {
    kind: 'placeOrder',
    symbol: 'ETHUSDT',
    side: 'BUY',
    positionSide: 'BOTH',
    type: 'MARKET',
    quantity: '8',
  },
]

/** The session fold (timeline) up to cursor k+1 with the portfolio opened there; returns the engine. */
function sessionAt(s: LoadedScenario, k: number, cmds: TradeCommand[]) {
  const tl = buildTimeline(s)
  const st = startFold(engines.create(tl.symbols, SETTINGS))
  const ev = foldTo(
    st,
    tl,
    cmds.map((command) => ({ cursor: k + 1, command })),
    k + 1,
  )
  if (ev.some((e) => e.type === 'commandRejected')) throw new Error('portfolio rejected')
  return { tl, st, eng: st.engine }
}

function pricesOf(s: LoadedScenario, k: number) {
  return Object.fromEntries(
    s.series.map((x) => [x.symbol, { last: x.close[k]!, mark: x.markClose[k]! }]),
  )
}

describe('crash stress test', () => {
  for (const [name, cmds] of [
    ['cross 10x BTC + ETH', PORTFOLIO],
    ['isolated BTC 3x + ETH 8x', ISOLATED],
  ] as const) {
    it(`liquidates ${name} at the same time as the session fold replaying that crash (FTX)`, async () => {
      const ftx = await ftxBtcEth()
      const k = seamlessCut(ftx)
      const { tl, st, eng } = sessionAt(ftx, k, cmds)
      const view = eng.view()
      const r = stressTest(
        {
          factory: engines,
          snapshot: eng.snapshot(),
          view,
          prices: pricesOf(ftx, k),
          t0: tl.times[k + 1]!,
        },
        sliceFrom(ftx, k + 1),
      )
      // direct: keep folding the real crash through the same engine
      const liqs: { t: number; symbol: string }[] = []
      while (st.cursor < tl.total && liqs.length === 0)
        for (const e of foldStep(st, tl, [], []))
          if (e.type === 'liquidation') liqs.push({ t: e.t, symbol: e.symbol })
      expect(liqs.length).toBeGreaterThan(0)
      expect(r.liquidated).toBe(true)
      expect(r.liquidatedAt).toBe(liqs[0]!.t)
      expect(r.crashTime).toBe(liqs[0]!.t)
      expect(r.firstFailure?.symbol).toBe(liqs[0]!.symbol)
      expect(r.mapping).toEqual({ BTCUSDT: 'BTCUSDT', ETHUSDT: 'ETHUSDT' })
      expect(r.worstMarginRatio).toBe('100')
    })
  }

  it('liquidates at the same minute as the CLI script runner (electron/host/sim) on the same crash', async () => {
    const ftx = await ftxBtcEth()
    const k = seamlessCut(ftx)
    const from = ftx.series[0]!.time[k]!
    // CLI: the window starts at bar k; the commands act at its close (bars are stamped at their close)
    const cli = [
      ...runScript(ftx, {
        settings: { marginCallRatios: ['80'] },
        from,
        commands: PORTFOLIO.map((command) => ({ t: from, command })),
      }),
    ]
    const cliLiq = cli.find((l) => l.kind === 'event' && l.event.type === 'liquidation')
    expect(cliLiq).toBeDefined()
    // the coach: the same bar k, the same commands at its close, then the crash from bar k+1
    const eng = engines.create(['BTCUSDT', 'ETHUSDT'], SETTINGS)
    const bar = (x: SymbolSeries) => ({
      symbol: x.symbol,
      last: {
        t: x.time[k]!,
        o: x.open[k]!,
        h: x.high[k]!,
        l: x.low[k]!,
        c: x.close[k]!,
        v: x.volume[k]!,
      },
      mark: {
        t: x.time[k]!,
        o: x.markOpen[k]!,
        h: x.markHigh[k]!,
        l: x.markLow[k]!,
        c: x.markClose[k]!,
        v: 0,
      },
    })
    eng.apply({ kind: 'bars', t: from + MIN, bars: ftx.series.map(bar) })
    for (const command of PORTFOLIO) eng.apply({ kind: 'command', t: from + MIN, command })
    const r = stressTest(
      {
        factory: engines,
        snapshot: eng.snapshot(),
        view: eng.view(),
        prices: pricesOf(ftx, k),
        t0: from + MIN,
      },
      sliceFrom(ftx, k + 1),
    )
    const cliT = cliLiq!.kind === 'event' ? cliLiq!.event.t : 0
    // one fold (replay/fold.ts): both stamp a bar at its close, so the same bar gives the same time
    expect(r.liquidatedAt).toBe(cliT)
  })

  it("a portfolio of altcoins follows each coin's own path through a crash that holds them", async () => {
    const ftx = await scenario('ftx-2022-11')
    const d = new Desk(['SOLUSDT', 'XRPUSDT'], SETTINGS)
    d.bars({ SOLUSDT: 30, XRPUSDT: 0.4 })
    d.cmd({ kind: 'setMarginType', symbol: 'SOLUSDT', marginType: 'ISOLATED' })
    d.leverage('SOLUSDT', 5)
    d.market('SOLUSDT', 'BUY', '100')
    d.market('XRPUSDT', 'SELL', '1000')
    const r = stressTest(
      {
        factory: engines,
        snapshot: d.snapshot(),
        view: d.view(),
        prices: d.prices,
        t0: d.t + MIN,
      },
      ftx,
    )
    expect(r.mapping).toEqual({ SOLUSDT: 'SOLUSDT', XRPUSDT: 'XRPUSDT' })
    // SOL fell about 60 % over the FTX window: an isolated 5x long does not survive it
    expect(r.liquidated).toBe(true)
    expect(r.firstFailure?.symbol).toBe('SOLUSDT')
  })

  it('replays relative moves: the same position at half the price level fails at the same minute', async () => {
    const ftx = await scenario('ftx-2022-11')
    const run = (price: number, qty: string) => {
      const d = new Desk(['BTCUSDT'], SETTINGS)
      d.bars({ BTCUSDT: price })
      d.cmd({ kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' })
      d.leverage('BTCUSDT', 5)
      d.market('BTCUSDT', 'BUY', qty)
      return stressTest(
        {
          factory: engines,
          snapshot: d.snapshot(),
          view: d.view(),
          prices: d.prices,
          t0: d.t + MIN,
        },
        ftx,
      )
    }
    const a = run(20000, '1')
    const b = run(10000, '2')
    expect(a.liquidated).toBe(true)
    expect(b.liquidatedAfterMinutes).toBe(a.liquidatedAfterMinutes)
    expect(a.mapping).toEqual({ BTCUSDT: 'BTCUSDT' })
  })

  it("maps a symbol the crash doesn't hold onto its first symbol", async () => {
    const ftx = await scenario('ftx-2022-11')
    const d = new Desk(['ADAUSDT'], SETTINGS)
    d.bars({ ADAUSDT: 30 })
    d.leverage('ADAUSDT', 10)
    d.market('ADAUSDT', 'SELL', '100')
    const r = stressTest(
      {
        factory: engines,
        snapshot: d.snapshot(),
        view: d.view(),
        prices: d.prices,
        t0: d.t + MIN,
      },
      ftx,
    )
    expect(r.mapping).toEqual({ ADAUSDT: 'BTCUSDT' })
    expect(r.liquidated).toBe(false)
    expect(Number(r.finalEquity)).toBeGreaterThan(Number(r.startEquity)) // a short through FTX
    expect(Number(r.fundingPaid)).not.toBe(0)
  })

  it('stops at once for a flat account and is deterministic', async () => {
    const ftx = await scenario('ftx-2022-11')
    const d = new Desk(['BTCUSDT', 'ETHUSDT'], SETTINGS)
    d.bars({ BTCUSDT: 20000, ETHUSDT: 1500 })
    const flat = stressTest(
      {
        factory: engines,
        snapshot: d.snapshot(),
        view: d.view(),
        prices: d.prices,
        t0: d.t + MIN,
      },
      ftx,
    )
    expect(flat).toMatchObject({ liquidated: false, finalEquity: '10000', steps: 1 })
    for (const c of PORTFOLIO) d.cmd(c)
    const input = {
      factory: engines,
      snapshot: d.snapshot(),
      view: d.view(),
      prices: d.prices,
      t0: d.t + MIN,
    }
    expect(stressTest(input, ftx)).toEqual(stressTest(input, ftx))
  })

  it('runs against every bundled scenario and gives a sparkline for each', async () => {
    const d = new Desk(['BTCUSDT', 'ETHUSDT'], SETTINGS)
    d.bars({ BTCUSDT: 60000, ETHUSDT: 3000 })
    d.cmd({ kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 5 })
    d.market('BTCUSDT', 'BUY', '0.5')
    d.market('ETHUSDT', 'SELL', '2')
    for (const id of await bundledIds()) {
      const r = stressTest(
        {
          factory: engines,
          snapshot: d.snapshot(),
          view: d.view(),
          prices: d.prices,
          t0: d.t + MIN,
        },
        await scenario(id),
      )
      expect(r.scenarioId).toBe(id)
      expect(r.equity.length).toBeGreaterThan(1)
      expect(r.equity.length).toBeLessThanOrEqual(122)
      for (let i = 1; i < r.equity.length; i++)
        expect(r.equity[i]![0]).toBeGreaterThanOrEqual(r.equity[i - 1]![0])
    }
  })
})
