/**
 * The official worked examples of exchange-rules.md, reproduced from string fixtures.
 */
import { describe, expect, it } from 'vitest'
import {
  bybitLiquidationPriceFor,
  createEngine,
  liquidationPriceFor,
  orderCostFor,
} from '../../electron/engine'
import type { TradeCommand } from '../../shared/trading/commands'
import { DEFAULT_ENGINE_SETTINGS } from '../../shared/trading/settings'
import { D } from '../../electron/engine/decimal'
import { solveLiquidationPrice } from '../../electron/engine/risk/liquidation-price'

describe('§1.3 cross liquidation price (Binance FAQ, freqtrade test figures)', () => {
  // WB = 1,535,443.01; BTC 109.488 @ 32,481.98 mark 31,967.27 (2.5 %, cum 16,300);
  // ETH 3,683.979 @ 1,456.84 mark 1,335.18 (10 %, cum 135,365).
  const WB = '1535443.01'
  const mm = (q: string, mark: string, mmr: string, cum: string) =>
    new D(q).times(mark).times(mmr).minus(cum)
  const upnl = (q: string, mark: string, ep: string) => new D(q).times(new D(mark).minus(ep))
  const mmBtc = mm('109.488', '31967.27', '0.025', '16300')
  const mmEth = mm('3683.979', '1335.18', '0.10', '135365')
  const upBtc = upnl('109.488', '31967.27', '32481.98')
  const upEth = upnl('3683.979', '1335.18', '1456.84')

  it('maintenance margins and UPnL match the FAQ', () => {
    expect(mmBtc.toDecimalPlaces(3).toFixed()).toBe('71200.811')
    expect(mmEth.toDecimalPlaces(3).toFixed()).toBe('356512.508')
    expect(upBtc.toDecimalPlaces(3).toFixed()).toBe('-56354.568')
    expect(upEth.toDecimalPlaces(3).toFixed()).toBe('-448192.885')
  })

  it('ETHUSDT liquidation price = 1,153.26', () => {
    const lp = liquidationPriceFor({
      walletBalance: WB,
      side: 'LONG',
      quantity: '3683.979',
      entryPrice: '1456.84',
      otherMaintenance: mmBtc.toFixed(),
      otherUnrealizedPnl: upBtc.toFixed(),
      mmr: '0.10',
      maintAmount: '135365',
      decimals: 2,
    })
    expect(lp).toBe('1153.26')
  })

  it('BTCUSDT liquidation price = 26,316.89', () => {
    const lp = liquidationPriceFor({
      walletBalance: WB,
      side: 'LONG',
      quantity: '109.488',
      entryPrice: '32481.98',
      otherMaintenance: mmEth.toFixed(),
      otherUnrealizedPnl: upEth.toFixed(),
      mmr: '0.025',
      maintAmount: '16300',
      decimals: 2,
    })
    expect(lp).toBe('26316.89')
  })
})

describe('§1.3 short liquidation price (older Binance FAQ example [S2])', () => {
  // WB 10.72, TMM1 = 1.3, UPNL1 = 0.47, cum 0, short 0.005 BTC @ 9,451.53, MMR 0.4 %.
  it('11,383.99', () => {
    const lp = liquidationPriceFor({
      walletBalance: '10.72',
      otherMaintenance: '1.3',
      otherUnrealizedPnl: '0.47',
      side: 'SHORT',
      quantity: '0.005',
      entryPrice: '9451.53',
      mmr: '0.004',
      maintAmount: '0',
      decimals: 2,
    })
    expect(lp).toBe('11383.99')
  })
  it('the ETH long of the same FAQ example gives 190.29 with unrounded inputs', () => {
    // TMM1 = 9,462.81 × 0.005 × 0.4 %, UPNL1 = −0.005 × (9,462.81 − 9,451.53)
    const lp = liquidationPriceFor({
      walletBalance: '10.72',
      otherMaintenance: new D('9462.81').times('0.005').times('0.004').toFixed(),
      otherUnrealizedPnl: new D('-0.005').times(new D('9462.81').minus('9451.53')).toFixed(),
      side: 'LONG',
      quantity: '1',
      entryPrice: '199.53',
      mmr: '0.0065',
      maintAmount: '0',
      decimals: 2,
    })
    expect(lp).toBe('190.29')
  })
})

describe('§1.4 cost to open (Binance FAQ)', () => {
  const base = { quantity: '1', price: '9253.30', markPrice: '9259.84', leverage: 20 }
  it('long: IM 462.66, open loss 0, cost 462.66', () => {
    const c = orderCostFor({ side: 'BUY', ...base })
    // IM = 9,253.30 / 20 = 462.665; the FAQ shows it cut to the cent.
    expect(c.initialMargin).toBe('462.665')
    expect(new D(c.initialMargin).toDecimalPlaces(2, D.ROUND_DOWN).toFixed()).toBe('462.66')
    expect(new D(c.cost).toDecimalPlaces(2, D.ROUND_DOWN).toFixed()).toBe('462.66')
    expect(c.openLoss).toBe('0')
  })
  it('short: open loss 6.54, cost 469.20', () => {
    const c = orderCostFor({ side: 'SELL', ...base })
    expect(c.openLoss).toBe('6.54')
    expect(new D(c.cost).toDecimalPlaces(2, D.ROUND_DOWN).toFixed()).toBe('469.2')
  })
})

describe('§2 Bybit isolated liquidation price', () => {
  // long 1 BTC @ 20,000, 50x, MMR 0.5 %: IM 400, MM 100 → LP = EP − (IM − MM)/Q = 19,700.
  it('19,700 (and 40,000 → 39,400)', () => {
    const args = { side: 'LONG' as const, quantity: '1', leverage: '50', mmr: '0.005' }
    expect(bybitLiquidationPriceFor({ ...args, entryPrice: '20000' })).toBe('19700')
    expect(bybitLiquidationPriceFor({ ...args, entryPrice: '40000' })).toBe('39400')
    expect(bybitLiquidationPriceFor({ ...args, side: 'SHORT', entryPrice: '20000' })).toBe('20300')
    // Binance's closed form (§1.3) on the same inputs (W = IM = 400, cum 0) differs slightly:
    // it solves margin balance = MM at the LP, i.e. divides by (1 − MMR).
    const lp = solveLiquidationPrice(new D(400), [
      {
        dir: 1,
        qty: new D(1),
        entry: new D(20000),
        brackets: [
          {
            floor: new D(0),
            cap: new D('1e12'),
            maxLeverage: 125,
            mmr: new D('0.005'),
            cum: new D(0),
          },
        ],
      },
    ])!
    expect(lp.toDecimalPlaces(2).toFixed()).toBe('19698.49')
  })
})

describe('§1.3 cross example reproduced by the engine itself (positions opened, marks moved)', () => {
  it('shows 1,153.26 (ETHUSDT) and 26,316.89 (BTCUSDT) as the positions’ liquidation prices', () => {
    const one = (mmr: string, cum: string) => [
      {
        notionalFloor: '0',
        notionalCap: '1000000000000',
        maxLeverage: 125,
        maintMarginRatio: mmr,
        maintAmount: cum,
      },
    ]
    const eng = createEngine({
      symbols: ['BTCUSDT', 'ETHUSDT'],
      settings: {
        ...DEFAULT_ENGINE_SETTINGS,
        startingBalance: '1535443.01',
        slippage: false,
        marginCallRatios: [],
        instruments: {
          BTCUSDT: {
            takerFee: '0',
            makerFee: '0',
            tickSize: '0.01',
            brackets: one('0.025', '16300'),
          },
          ETHUSDT: { takerFee: '0', makerFee: '0', brackets: one('0.10', '135365') },
        },
      },
    })
    const bars = (t: number, btc: number, eth: number) =>
      eng.apply({
        kind: 'bars',
        t,
        bars: [
          {
            symbol: 'BTCUSDT',
            last: { t, o: btc, h: btc, l: btc, c: btc, v: 1 },
            mark: { t, o: btc, h: btc, l: btc, c: btc, v: 0 },
          },
          {
            symbol: 'ETHUSDT',
            last: { t, o: eth, h: eth, l: eth, c: eth, v: 1 },
            mark: { t, o: eth, h: eth, l: eth, c: eth, v: 0 },
          },
        ],
      })
    const t = Date.UTC(2021, 0, 1)
    bars(t, 32481.98, 1456.84)
    for (const [symbol, quantity] of [
      ['BTCUSDT', '109.488'],
      ['ETHUSDT', '3683.979'],
    ] as const) {
      eng.apply({ kind: 'command', t, command: { kind: 'setLeverage', symbol, leverage: 20 } })
      const ev = eng.apply({
        kind: 'command',
        t,
        command: {
          kind: 'placeOrder',
          symbol,
          side: 'BUY',
          positionSide: 'BOTH',
          type: 'MARKET',
          quantity,
        },
      })
      expect(ev.some((e) => e.type === 'orderFilled')).toBe(true)
    }
    bars(t + 60_000, 31967.27, 1335.18)
    const v = eng.view()
    expect(v.walletBalance).toBe('1535443.01')
    const lp = Object.fromEntries(v.positions.map((p) => [p.symbol, p.liquidationPrice]))
    expect(lp).toEqual({ BTCUSDT: '26316.89', ETHUSDT: '1153.26' })
  })
})

describe('§1.3 older FAQ example [S2] reproduced by the engine (short BTC + long ETH, cross)', () => {
  it('shows 11,383.99 (BTCUSDT short) and 190.29 (ETHUSDT long)', () => {
    const one = (mmr: string) => [
      {
        notionalFloor: '0',
        notionalCap: '1000000000000',
        maxLeverage: 125,
        maintMarginRatio: mmr,
        maintAmount: '0',
      },
    ]
    const eng = createEngine({
      symbols: ['BTCUSDT', 'ETHUSDT'],
      settings: {
        ...DEFAULT_ENGINE_SETTINGS,
        startingBalance: '10.72',
        slippage: false,
        marginCallRatios: [],
        instruments: {
          BTCUSDT: {
            takerFee: '0',
            makerFee: '0',
            tickSize: '0.01',
            minNotional: '5',
            brackets: one('0.004'),
          },
          ETHUSDT: { takerFee: '0', makerFee: '0', minNotional: '5', brackets: one('0.0065') },
        },
      },
    })
    const bars = (t: number, btc: number, eth: number) =>
      eng.apply({
        kind: 'bars',
        t,
        bars: [
          {
            symbol: 'BTCUSDT',
            last: { t, o: btc, h: btc, l: btc, c: btc, v: 1 },
            mark: { t, o: btc, h: btc, l: btc, c: btc, v: 0 },
          },
          {
            symbol: 'ETHUSDT',
            last: { t, o: eth, h: eth, l: eth, c: eth, v: 1 },
            mark: { t, o: eth, h: eth, l: eth, c: eth, v: 0 },
          },
        ],
      })
    const t = Date.UTC(2020, 0, 1)
    bars(t, 9451.53, 199.53)
    const cmd = (command: TradeCommand) => eng.apply({ kind: 'command', t, command })
    cmd({ kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 50 })
    cmd({ kind: 'setLeverage', symbol: 'ETHUSDT', leverage: 50 })
    cmd({
      kind: 'placeOrder',
      symbol: 'BTCUSDT',
      side: 'SELL',
      positionSide: 'BOTH',
      type: 'MARKET',
      quantity: '0.005',
    })
    cmd({
      kind: 'placeOrder',
      symbol: 'ETHUSDT',
      side: 'BUY',
      positionSide: 'BOTH',
      type: 'MARKET',
      quantity: '1',
    })
    bars(t + 60_000, 9462.81, 200)
    const lp = Object.fromEntries(eng.view().positions.map((p) => [p.symbol, p.liquidationPrice]))
    expect(lp).toEqual({ BTCUSDT: '11383.99', ETHUSDT: '190.29' })
  })
})
