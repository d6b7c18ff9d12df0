import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import type { GuardrailHit, JournalEntry } from '../../../shared/contract/coach'
import { csvCell, exportReport, reportHtml, tradesCsv } from '../../../electron/host/coach/exports'
import { COACH_PROFILE } from '../../../electron/host/coach/profile'
import { tradesFromEvents } from '../../../electron/host/coach/trades'
import { DEFAULT_ENGINE_SETTINGS } from '../../../shared/trading/settings'
import { Desk, reportOf, SETTINGS } from './helpers'

/** Three round trips: a BTC long with a stop that wins, an ETH short without one that loses, an isolated BTC long liquidated. */
function session() {
  const d = new Desk()
  d.bars({ BTCUSDT: 20000, ETHUSDT: 1500 })
  d.market('BTCUSDT', 'BUY', '1')
  d.cmd({
    kind: 'setPositionTpSl',
    symbol: 'BTCUSDT',
    positionSide: 'BOTH',
    stopLoss: { stopPrice: '19000', workingType: 'MARK_PRICE' },
  })
  d.bars({ BTCUSDT: 21000, ETHUSDT: 1500 })
  d.cmd({ kind: 'closePosition', symbol: 'BTCUSDT', positionSide: 'BOTH', fraction: '1' })
  d.market('ETHUSDT', 'SELL', '10')
  d.eng
    .apply({
      kind: 'funding',
      t: d.t,
      symbol: 'ETHUSDT',
      rate: '0.0001',
      markPrice: '1500',
      origin: 'recorded',
    })
    .forEach((e) => d.log.push(e))
  d.bars({ BTCUSDT: 21000, ETHUSDT: 1600 })
  d.cmd({ kind: 'closePosition', symbol: 'ETHUSDT', positionSide: 'BOTH', fraction: '1' })
  d.cmd({ kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' })
  d.market('BTCUSDT', 'BUY', '1')
  d.bars({ BTCUSDT: 19900, ETHUSDT: 1600 })
  return d
}

describe('trades from the event log', () => {
  it('builds round trips with fees, funding, R from the stop at entry, and liquidations', () => {
    const d = session()
    const trades = tradesFromEvents(d.log)
    expect(trades).toHaveLength(3)
    const [btc, eth, liq] = trades
    expect(btc).toMatchObject({
      symbol: 'BTCUSDT',
      direction: 'LONG',
      entryPrice: '20000',
      exitPrice: '21000',
      realizedPnl: '1000',
      fees: '20.5',
      netPnl: '979.5',
      stopAtEntry: '19000',
      rMultiple: '0.98',
      liquidated: false,
      open: false,
    })
    expect(eth).toMatchObject({
      symbol: 'ETHUSDT',
      direction: 'SHORT',
      realizedPnl: '-1000',
      funding: '1.5',
      liquidated: false,
    })
    expect(eth!.rMultiple).toBeUndefined()
    expect(eth!.netPnl).toBe('-1014') // −1000 − 7.5 − 8 + 1.5 received
    expect(liq).toMatchObject({ symbol: 'BTCUSDT', liquidated: true, open: false })
    expect(Number(liq!.netPnl)).toBeLessThan(-900)
    expect(new Set(trades.map((t) => t.id)).size).toBe(3)
  })

  it('keeps an open position as an open trade', () => {
    const d = new Desk()
    d.bars({ BTCUSDT: 20000, ETHUSDT: 1500 })
    d.market('BTCUSDT', 'SELL', '0.5')
    d.market('BTCUSDT', 'SELL', '0.5')
    const [t] = tradesFromEvents(d.log)
    expect(t).toMatchObject({ open: true, direction: 'SHORT', maxQuantity: '1' })
  })
})

describe('session report', () => {
  const journal: JournalEntry[] = []
  function report(
    equity: [number, string][] = [],
    hits: GuardrailHit[] = [],
    profile = COACH_PROFILE,
  ) {
    const d = session()
    const trades = tradesFromEvents(d.log)
    journal.length = 0
    journal.push({
      tradeId: trades[1]!.id,
      note: 'chased the pump, "no" stop, =SUM(A1)',
      tags: ['FOMO', 'no stop'],
      updatedAt: '2026-01-01T00:00:00Z',
    })
    journal.push({
      tradeId: trades[0]!.id,
      note: 'by the book',
      tags: ['plan followed'],
      updatedAt: '2026-01-01T00:00:00Z',
    })
    return reportOf(d, { equity, hits, journal, profile })
  }

  it('sums wins, losses, fees, funding and liquidations', () => {
    const r = report()
    expect(r.trades).toHaveLength(3)
    expect(r.wins).toBe(1)
    expect(r.losses).toBe(2)
    expect(r.winRate).toBe('33.33')
    expect(Number(r.profitFactor)).toBeCloseTo(979.5 / (1014 + -Number(r.trades[2]!.netPnl)), 2)
    expect(r.averageR).toBe('0.98')
    expect(r.liquidations).toBe(1)
    expect(r.fundingReceived).toBe('1.5')
    expect(r.fundingPaid).toBe('0')
    expect(r.largestLoss?.tradeId).toBe(r.trades[2]!.id)
    expect(r.finalEquity).toBe(
      Number(r.finalEquity)
        .toFixed(2)
        .replace(/\.?0+$/, '') || '0',
    )
  })

  it('draws the drawdown from the running peak and says what the bottom line would have saved', () => {
    const t = (i: number) => 1_000_000 + i * 60_000
    const r = report([
      [t(0), '10000'],
      [t(1), '12000'],
      [t(2), '7400'], // crosses the 25 % start line (7500)
      [t(3), '6000'],
    ])
    expect(r.drawdown.map((x) => x[1])).toEqual(['0', '0', '-38.33', '-50', expect.any(String)])
    expect(r.maxDrawdownPercent).toBe('-50')
    expect(r.bottomLine).toMatchObject({
      percent: 25,
      reference: 'start',
      crossedAt: t(2),
      equityAtLine: '7400',
      acted: false,
    })
    // the session recovered above the line by the end: closing there would have saved nothing
    expect(r.bottomLine.wouldHaveSaved).toBe('0')
    const tight = {
      ...COACH_PROFILE,
      bottomLine: { on: true, percent: 5, reference: 'start' as const },
    }
    const r2 = report(
      [
        [t(0), '10000'],
        [t(1), '9400'],
      ],
      [],
      tight,
    )
    expect(r2.bottomLine.equityAtLine).toBe('9400')
    expect(Number(r2.bottomLine.wouldHaveSaved)).toBeCloseTo(9400 - Number(r2.finalEquity), 2)
    expect(Number(r2.bottomLine.wouldHaveSaved)).toBeGreaterThan(0)
  })

  it('says nothing was saved when the bottom line acted', () => {
    const hit: GuardrailHit = {
      type: 'guardrailHit',
      rule: 'bottomLine',
      severity: 'action',
      message: 'x',
      t: 1,
    }
    const r = report(
      [
        [1, '10000'],
        [2, '7000'],
      ],
      [hit],
    )
    expect(r.bottomLine).toMatchObject({ acted: true, wouldHaveSaved: '0' })
    expect(r.guardrailHits).toEqual([hit])
  })

  it('when the bottom line acted, states the guardrail hit crossing (issue 13.8: one set of numbers)', () => {
    // The toast said "equity 7251.4"; the report's curve sample crossed at another minute with
    // another equity (7,080.33). The report now quotes the hit that closed everything.
    const hit: GuardrailHit = {
      type: 'guardrailHit',
      rule: 'bottomLine',
      severity: 'action',
      message: 'Bottom line: equity 7251.40 is 25% below the session start (10000.00).',
      t: 3,
      details: { equity: '7251.40', floor: '7500.00', reference: '10000.00' },
    }
    const r = report(
      [
        [1, '10000'],
        [2, '7600'],
        [4, '7080.33'],
      ],
      [hit],
    )
    expect(r.bottomLine).toMatchObject({
      acted: true,
      crossedAt: 3,
      equityAtLine: '7251.40',
      wouldHaveSaved: '0',
    })
  })

  it('when the bottom line closed everything, states the margin balance after it and why it differs: slippage and fees from the fills, the last price vs the mark (issue 13.8)', () => {
    // long 2.331 BTC @5x; the crossing bar's mark is 16,100 while its last is 16,080: the
    // line is judged at the mark, the coach's market close fills off the last with slippage
    const d = new Desk(['BTCUSDT', 'ETHUSDT'], { ...SETTINGS, slippage: true })
    d.bars({ BTCUSDT: 18000, ETHUSDT: 1500 })
    d.leverage('BTCUSDT', 5)
    d.market('BTCUSDT', 'BUY', '2.331')
    d.bars({ BTCUSDT: 17000, ETHUSDT: 1500 })
    d.bars({ BTCUSDT: 16080, ETHUSDT: 1500 }, { BTCUSDT: 16100, ETHUSDT: 1500 })
    const atLine = d.view()
    expect(atLine.positions.filter((p) => p.size !== '0')).toHaveLength(1)
    const equity = Number(atLine.marginBalance).toFixed(2)
    const hit: GuardrailHit = {
      type: 'guardrailHit',
      rule: 'bottomLine',
      severity: 'action',
      message: `Bottom line: equity ${equity} is 25% below the session start (10000.00).`,
      t: d.t,
      details: { equity, floor: '7500.00', reference: '10000.00' },
    }
    // the coach's close-all, journaled after the step at the same replay time
    d.cmd({ kind: 'closePosition', symbol: 'BTCUSDT', positionSide: 'BOTH', fraction: '1' })
    d.bars({ BTCUSDT: 16000, ETHUSDT: 1500 })
    const r = reportOf(d, { hits: [hit] })
    const fill = d.log.find((e) => e.type === 'orderFilled' && e.fill.side === 'SELL')
    if (fill?.type !== 'orderFilled') throw new Error('no close fill')
    expect(Number(fill.fill.slippage)).toBeGreaterThan(0)
    const close = r.bottomLine.close!
    expect(close, 'the report states the close-all').toBeDefined()
    // the engine's wallet after the close, to the cent
    expect(close.balanceAfter).toBe(
      Number(d.view().walletBalance)
        .toFixed(2)
        .replace(/\.?0+$/, ''),
    )
    expect(Number(close.fees)).toBeCloseTo(Number(fill.fill.fee), 2)
    expect(Number(close.slippage)).toBeCloseTo(2.331 * Number(fill.fill.slippage), 2)
    // last vs mark: 2.331 × (16,080 − 16,100)
    expect(Number(close.lastVsMark)).toBeCloseTo(2.331 * -20, 1)
    // one set of numbers: they add up exactly at the cent
    expect(
      new Decimal(equity)
        .minus(close.slippage)
        .minus(close.fees)
        .plus(close.lastVsMark)
        .minus(close.balanceAfter)
        .toFixed(),
    ).toBe('0')
    expect(new Decimal(close.balanceAfter).minus(equity).toFixed()).toBe(
      new Decimal(close.change).toFixed(),
    )
    expect(close.fills).toEqual([
      { symbol: 'BTCUSDT', side: 'SELL', quantity: '2.331', price: fill.fill.price },
    ])
    // the printable report says the same
    const html = reportHtml(r, () => 1)
    expect(html).toContain(`Margin balance after the close-all: ${num2(close.balanceAfter)} USDT`)
    expect(html).toContain(`slippage −${num2(close.slippage)}`)
    expect(html).toContain(`fees −${num2(close.fees)}`)
    expect(DEFAULT_ENGINE_SETTINGS.slippage).toBe(true)
  })

  it('states no close-all when the line acted on a flat account', () => {
    const r = report(
      [],
      [
        {
          type: 'guardrailHit',
          rule: 'bottomLine',
          severity: 'action',
          message: 'x',
          t: 1,
          details: { equity: '7000.00', floor: '7500.00', reference: '10000.00' },
        },
      ],
    )
    expect(r.bottomLine.acted).toBe(true)
    expect(r.bottomLine.close).toBeUndefined()
  })

  it('a trade that gapped past bankruptcy shows what the wallet lost: the fund cover is counted back in its net PnL, the CSV and the printable page', () => {
    const d = new Desk()
    d.bars({ BTCUSDT: 20000, ETHUSDT: 1500 })
    d.isolatedLong('BTCUSDT', 20, '1')
    const wallet0 = Number(d.view().walletBalance)
    d.bars({ BTCUSDT: 15000, ETHUSDT: 1500 }) // opens 25 % lower: 5,000 lost at the fill
    const r = reportOf(d)
    const t = r.trades[0]!
    expect(t.liquidated).toBe(true)
    expect(Number(t.realizedPnl)).toBe(-5000)
    const protect = d.log.find((e) => e.type === 'balanceProtected')
    if (protect?.type !== 'balanceProtected') throw new Error('no cover')
    expect(t.covered).toBe(protect.insurance)
    expect(
      new Decimal(t.realizedPnl).minus(t.fees).plus(t.funding).plus(t.covered!).toFixed(),
    ).toBe(t.netPnl)
    // the wallet lost the margin (1,000) and the opening fee, no more
    expect(Number(d.view().walletBalance) - wallet0).toBeCloseTo(-1000, 6)
    expect(Number(t.netPnl)).toBeCloseTo(Number(d.view().walletBalance) - 10000, 6)
    const csv = tradesCsv(r).trim().split('\r\n')
    const cols = csv[0]!.split(',')
    expect(csv[1]!.split(',')[cols.indexOf('covered')]).toBe(t.covered)
    expect(reportHtml(r, () => 1)).toContain(`fund covered +${num2(t.covered!)}`)
  })

  it('summarises journal tags', () => {
    const r = report()
    expect(r.tags.map((x) => x.tag)).toEqual(['FOMO', 'no stop', 'plan followed'])
    expect(r.tags[0]).toMatchObject({ trades: 1, netPnl: '-1014', winRate: '0' })
    expect(r.trades[1]!.journal?.tags).toEqual(['FOMO', 'no stop'])
  })

  it('exports trades as CSV with quoting and formula neutralising', () => {
    const csv = tradesCsv(report())
    const lines = csv.trim().split('\r\n')
    expect(lines[0]).toMatch(/^trade_id,symbol,direction,opened_at/)
    expect(lines).toHaveLength(4)
    expect(lines[2]).toContain('"chased the pump, ""no"" stop, =SUM(A1)"')
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvCell('-12.5')).toBe('-12.5')
  })

  it('exports JSON and a printable HTML page with the equity curve and escaped notes', () => {
    const r = report([
      [1, '10000'],
      [2, '9000'],
      [3, '9500'],
    ])
    const json = exportReport(r, 'json', () => 2)
    expect(json.fileName).toBe('perpdojo-s-1-report.json')
    expect(JSON.parse(json.content).report.sessionId).toBe('s-1')
    r.trades[0]!.journal = {
      tradeId: r.trades[0]!.id,
      note: '<script>alert(1)</script>',
      tags: [],
      updatedAt: '',
    }
    const html = reportHtml(r, () => 2)
    expect(html).toContain('<svg')
    expect(html).toContain('<polyline')
    expect(html).not.toContain('<script>')
    expect(html).toContain('&#60;script&#62;')
    expect(exportReport(r, 'html', () => 2).mime).toBe('text/html')
  })
  it('HTML export: money at 2 decimals, prices at the instrument tick, rule names not ids', () => {
    const hit: GuardrailHit = {
      type: 'guardrailHit',
      rule: 'stopRequired',
      severity: 'block',
      message: 'New exposure above 5x needs a stop.',
      t: 1,
    }
    const r = report(
      [
        [1, '10000'],
        [2, '7149.75089154'],
      ],
      [hit],
    )
    r.trades[0]!.netPnl = '-2850.24910846'
    r.trades[0]!.entryPrice = '20000.123456'
    r.fees = '12.3456789'
    r.returnPercent = '-28.502491'
    r.finalEquity = '7149.75089154'
    const dp = (symbol: string) => (symbol === 'BTCUSDT' ? 1 : 2)
    const html = reportHtml(r, dp)
    expect(html).not.toContain('2850.2491')
    expect(html).toContain('-2,850.25')
    expect(html).toContain('20,000.1') // BTC's tick is 0.1
    expect(html).not.toContain('20000.123456')
    expect(html).toContain('12.35')
    expect(html).toContain('7,149.75')
    expect(html).toContain('-28.50%')
    expect(html).toContain('Stop required')
    expect(html).not.toContain('>stopRequired<')
    expect(html).not.toMatch(/\d\.\d{5,}/) // no figure with more decimals than a price or money has
  })
})

/** Money as the printable report writes it: 2 decimals, thousands separated. */
function num2(x: string): string {
  const [int, frac] = Number(x).toFixed(2).split('.')
  return `${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`
}
