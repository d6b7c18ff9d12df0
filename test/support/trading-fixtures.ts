/**
 * Trading fixtures shared by the benches and the tests that check what the benches measure:
 * the coach bench's 4-position portfolio (BTC long 10x with a stop, ETH short 5x, SOL long
 * 20x, XRP long 3x isolated) and the session bench's trader-like command mix.
 */
import { engines } from '../../electron/host/engine-binding'
import type { TradeCommand } from '../../shared/trading/commands'
import { DEFAULT_ENGINE_SETTINGS } from '../../shared/trading/settings'

export const PORTFOLIO_SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT']
export const PORTFOLIO_PRICES: Record<string, { last: number; mark: number }> = {
  BTCUSDT: { last: 60000, mark: 60010 },
  ETHUSDT: { last: 3000, mark: 2999.5 },
  SOLUSDT: { last: 150, mark: 150.02 },
  XRPUSDT: { last: 0.6, mark: 0.6001 },
}
export const place = (symbol: string, side: 'BUY' | 'SELL', quantity: string): TradeCommand => ({
  kind: 'placeOrder',
  symbol,
  side,
  positionSide: 'BOTH',
  type: 'MARKET',
  quantity,
})
const PORTFOLIO: TradeCommand[] = [
  { kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 10 },
  { kind: 'setLeverage', symbol: 'ETHUSDT', leverage: 5 },
  { kind: 'setLeverage', symbol: 'SOLUSDT', leverage: 20 },
  { kind: 'setMarginType', symbol: 'XRPUSDT', marginType: 'ISOLATED' },
  { kind: 'setLeverage', symbol: 'XRPUSDT', leverage: 3 },
  place('BTCUSDT', 'BUY', '0.5'),
  {
    kind: 'setPositionTpSl',
    symbol: 'BTCUSDT',
    positionSide: 'BOTH',
    stopLoss: { stopPrice: '52000', workingType: 'MARK_PRICE' },
  },
  place('ETHUSDT', 'SELL', '5'),
  place('SOLUSDT', 'BUY', '60'),
  place('XRPUSDT', 'BUY', '5000'),
]

/** The portfolio on a fresh engine, and the first session time after it. */
export function portfolio() {
  const settings = { ...DEFAULT_ENGINE_SETTINGS, startingBalance: '20000' }
  const eng = engines.create(PORTFOLIO_SYMBOLS, settings)
  const t = Date.UTC(2026, 0, 5)
  eng.apply({
    kind: 'bars',
    t,
    bars: PORTFOLIO_SYMBOLS.map((symbol) => {
      const p = PORTFOLIO_PRICES[symbol]!
      const last = { t, o: p.last, h: p.last, l: p.last, c: p.last, v: 1e9 }
      return { symbol, last, mark: { ...last, o: p.mark, h: p.mark, l: p.mark, c: p.mark, v: 0 } }
    }),
  })
  for (const command of PORTFOLIO) {
    const ev = eng.apply({ kind: 'command', t: t + 60_000, command })
    const rej = ev.find((e) => e.type === 'commandRejected')
    if (rej && rej.type === 'commandRejected')
      throw new Error(`portfolio rejected: ${rej.rejection.message}`)
  }
  return { eng, t0: t + 120_000 }
}

/** A trader's mix: resting limits far from the market (the oldest cancelled), small market orders, leverage. */
export function traderCommand(
  i: number,
  btc: number,
  eth: number,
  oldest: string | undefined,
): TradeCommand {
  switch (i % 5) {
    case 0:
      return {
        kind: 'placeOrder',
        symbol: 'BTCUSDT',
        side: 'BUY',
        positionSide: 'BOTH',
        type: 'LIMIT',
        quantity: '0.010',
        price: (Math.round(btc * 0.8 * 10) / 10).toFixed(1),
        timeInForce: 'GTC',
      }
    case 1:
      return {
        kind: 'placeOrder',
        symbol: 'ETHUSDT',
        side: 'SELL',
        positionSide: 'BOTH',
        type: 'LIMIT',
        quantity: '0.100',
        price: (Math.round(eth * 1.2 * 100) / 100).toFixed(2),
        timeInForce: 'GTC',
      }
    case 2:
      return {
        kind: 'placeOrder',
        symbol: i % 2 ? 'BTCUSDT' : 'ETHUSDT',
        side: i % 4 < 2 ? 'BUY' : 'SELL',
        positionSide: 'BOTH',
        type: 'MARKET',
        quantity: i % 2 ? '0.005' : '0.050',
      }
    default:
      // two cancels per two resting orders keep the book small, as a trader's would be
      return oldest
        ? { kind: 'cancelOrder', orderId: oldest }
        : { kind: 'setLeverage', symbol: 'ETHUSDT', leverage: 5 + (i % 10) }
  }
}
