/**
 * The session report with more than two symbols (FTX carries six): four round trips on BTC,
 * ETH, SOL and DOGE from a real engine (SOL isolated and liquidated, DOGE still open), then the
 * report, its trades CSV and its HTML list every symbol with its own numbers.
 */
import { describe, expect, it } from 'vitest'
import { reportHtml, tradesCsv } from '../../../electron/host/coach/exports'
import { Desk, reportOf } from './helpers'

const SYMS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'DOGEUSDT']

function session() {
  const d = new Desk(SYMS)
  const at = (btc: number, eth: number, sol: number, doge: number) =>
    d.bars({ BTCUSDT: btc, ETHUSDT: eth, SOLUSDT: sol, DOGEUSDT: doge })
  at(20000, 1500, 20, 0.1)
  d.market('BTCUSDT', 'BUY', '0.1')
  d.market('ETHUSDT', 'SELL', '2')
  d.cmd({ kind: 'setMarginType', symbol: 'SOLUSDT', marginType: 'ISOLATED' })
  d.leverage('SOLUSDT', 20)
  d.market('SOLUSDT', 'BUY', '100') // 2,000 notional, 100 margin
  d.market('DOGEUSDT', 'SELL', '10000')
  at(20200, 1480, 19.5, 0.095)
  // SOL to 19.05: under its 20x liquidation price (~19.1), above bankruptcy (19)
  at(20500, 1450, 19.05, 0.09)
  d.cmd({ kind: 'closePosition', symbol: 'BTCUSDT', positionSide: 'BOTH', fraction: '1' })
  d.cmd({ kind: 'closePosition', symbol: 'ETHUSDT', positionSide: 'BOTH', fraction: '1' })
  return d
}

describe('session report with four symbols', () => {
  it('one trade per symbol, each with its own PnL; the open DOGE short stays open', () => {
    const d = session()
    const r = reportOf(d, { sessionId: 's-4' })
    const by = Object.fromEntries(r.trades.map((t) => [t.symbol, t]))
    expect(r.trades.map((t) => t.symbol).sort()).toEqual([...SYMS].sort())
    expect(by.BTCUSDT).toMatchObject({ direction: 'LONG', realizedPnl: '50', open: false })
    expect(by.ETHUSDT).toMatchObject({ direction: 'SHORT', realizedPnl: '100', open: false })
    expect(by.SOLUSDT).toMatchObject({ direction: 'LONG', liquidated: true, open: false })
    expect(by.DOGEUSDT).toMatchObject({ direction: 'SHORT', open: true })
    expect(r.liquidations).toBe(1)
    expect(r.wins).toBe(2)
    expect(r.losses).toBe(1)
    // the isolated SOL long lost its margin (100) and its opening fee (1), no more
    expect(by.SOLUSDT!.netPnl).toBe('-101')
    // the trades CSV: a header and one row per trade, each naming its symbol
    const rows = tradesCsv(r).trim().split('\n')
    expect(rows).toHaveLength(1 + 4)
    for (const s of SYMS) expect(rows.filter((l) => l.includes(s))).toHaveLength(1)
    // the HTML report: each symbol's trade with its prices on its own decimals
    const dp = (s: string) => ({ BTCUSDT: 1, ETHUSDT: 2, SOLUSDT: 3, DOGEUSDT: 5 })[s] ?? 2
    const html = reportHtml(r, dp)
    for (const s of SYMS) expect(html).toContain(s)
    expect(html).toContain('0.10000') // DOGE's entry on its 5-decimal tick
    expect(html).toContain('20.000') // SOL's entry on its 3-decimal tick
  })
})
