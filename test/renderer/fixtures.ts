/** Builders for desk tests: engine views and events shaped like the host's (values as strings). */
import type { SessionSnapshot } from '../../shared/contract'
import type { EngineEvent } from '../../shared/trading/events'
import type { AccountView, OrderView, PositionView } from '../../shared/trading/views'

export const T0 = Date.UTC(2022, 10, 8)

export function aPosition(p: Partial<PositionView> = {}): PositionView {
  return {
    symbol: 'BTCUSDT',
    positionSide: 'BOTH',
    size: '0.5',
    entryPrice: '20000',
    breakEvenPrice: '20008',
    markPrice: '19500',
    liquidationPrice: '18150.5',
    marginType: 'CROSSED',
    leverage: 10,
    notional: '9750',
    margin: '975',
    maintenanceMargin: '39',
    unrealizedPnl: '-250',
    roe: '-25',
    marginRatio: '0.4',
    adlRank: 0,
    realizedPnl: '0',
    fundingPaid: '0',
    ...p,
  }
}

export function anOrder(o: Partial<OrderView> = {}): OrderView {
  return {
    orderId: 'o1',
    symbol: 'BTCUSDT',
    side: 'BUY',
    positionSide: 'BOTH',
    type: 'LIMIT',
    status: 'NEW',
    origin: 'USER',
    quantity: '0.1',
    executedQty: '0',
    price: '19000',
    timeInForce: 'GTC',
    reduceOnly: false,
    closePosition: false,
    workingType: 'CONTRACT_PRICE',
    triggered: false,
    createdAt: T0,
    updatedAt: T0,
    ...o,
  }
}

export function anAccount(a: Partial<AccountView> = {}): AccountView {
  return {
    t: T0,
    positionMode: 'ONE_WAY',
    walletBalance: '10000',
    unrealizedPnl: '0',
    marginBalance: '10000',
    maintenanceMargin: '0',
    initialMargin: '0',
    availableBalance: '10000',
    marginRatio: '0',
    insuranceFund: '1000000',
    positions: [],
    openOrders: [],
    symbols: [
      { symbol: 'BTCUSDT', leverage: 20, marginType: 'CROSSED' },
      { symbol: 'ETHUSDT', leverage: 20, marginType: 'CROSSED' },
    ],
    totals: { fees: '0', funding: '0', realizedPnl: '0' },
    marks: { BTCUSDT: '20000', ETHUSDT: '1500' },
    ...a,
  }
}

export function aFill(
  seq: number,
  over: Partial<{
    price: string
    quantity: string
    side: 'BUY' | 'SELL'
    realizedPnl: string
    fee: string
  }> = {},
): EngineEvent {
  const order = anOrder({
    orderId: `f${seq}`,
    type: 'MARKET',
    status: 'FILLED',
    executedQty: '0.5',
  })
  return {
    seq,
    t: T0 + seq * 60_000,
    type: 'orderFilled',
    order,
    fill: {
      orderId: order.orderId,
      symbol: 'BTCUSDT',
      side: over.side ?? 'BUY',
      positionSide: 'BOTH',
      price: over.price ?? '20000',
      quantity: over.quantity ?? '0.5',
      fee: over.fee ?? '4',
      realizedPnl: over.realizedPnl ?? '0',
      liquidity: 'TAKER',
      slippage: '0',
      gap: false,
      pathAssumed: false,
    },
  }
}

export function aSnapshot(over: Partial<SessionSnapshot> = {}): SessionSnapshot {
  return {
    summary: {
      id: 's1',
      name: 'FTX practice',
      scenarioId: 'ftx-2022-11',
      scenarioTitle: 'FTX collapse',
      mode: 'practice',
      blind: false,
      createdAt: '',
      updatedAt: '',
      replayTime: T0,
      equity: '10000',
      result: '0%',
      finished: false,
      commands: 0,
    },
    scenario: {
      id: 'ftx-2022-11',
      title: 'FTX collapse — Nov 2022',
      briefing: 'FTX',
      source: 'bundled',
      start: T0,
      end: T0 + 86_400_000,
      replayFrom: T0 + 3_600_000,
      baseTimeframe: '1m',
      symbols: [
        {
          symbol: 'BTCUSDT',
          instrument: {
            tickSize: '0.1',
            stepSize: '0.001',
            minNotional: '100',
            maxLeverage: 125,
            priceDp: 1,
            qtyDp: 3,
            base: 'BTC',
          },
          lastStep: '1m',
          mark: 'recorded',
          funding: 'recorded',
          lastMarket: 'perp',
          gaps: [],
        },
        {
          symbol: 'ETHUSDT',
          instrument: {
            tickSize: '0.01',
            stepSize: '0.001',
            minNotional: '20',
            maxLeverage: 100,
            priceDp: 2,
            qtyDp: 3,
            base: 'ETH',
          },
          lastStep: '1m',
          mark: 'derived',
          funding: 'recorded',
          lastMarket: 'perp',
          gaps: [],
        },
      ],
      keyMoments: [],
      provenance: 'test',
    },
    settings: {
      startingBalance: '10000',
      hedgeMode: false,
      negativeBalanceProtection: true,
      insuranceFund: '1000000',
      tieredLiquidation: false,
      marginCallRatios: ['80'],
      slippage: true,
    },
    status: {
      sessionId: 's1',
      t: T0,
      cursor: 0,
      total: 1440,
      playing: false,
      speed: 10,
      atEnd: false,
      setAside: 0,
    },
    account: anAccount(),
    events: [],
    ...over,
  }
}
