// @vitest-environment happy-dom
/**
 * Issue 13.3: the desk's ledgers agree with the wallet to the cent. Random engine sessions
 * (liquidations included) are folded by the real engine; their event log goes into the
 * account store, and Transactions, Trade History (plus funding), the session report's trades
 * and the wallet ledger must each add up to wallet − starting balance exactly. Gaps past
 * bankruptcy (negative-balance protection covering the rest) are generated at random and
 * built on purpose: the report attributes the cover to the trade that made the loss.
 */
import Decimal from 'decimal.js'
import fc from 'fast-check'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import type { EngineSettings } from '../../../shared/trading/settings'
import { actionArb, run, settingsArb, toInputs } from '../../engine/gen'
import { Desk, SETTINGS } from '../../host/coach/helpers'

vi.mock('../../../renderer/src/services/client', () => ({
  hostClient: { call: vi.fn(), on: vi.fn(() => () => {}) },
  HostCallError: class HostCallError extends Error {},
}))
const { useAccountStore } = await import('../../../renderer/src/stores/account')
const { tradesFromEvents } = await import('../../../electron/host/coach/trades')
const { walletMove } = await import('../../../electron/host/coach/report')

const RUNS = { numRuns: Number(process.env.PROP_RUNS ?? 60) }
const sum = (xs: (string | undefined)[]) => xs.reduce((a, x) => (x ? a.plus(x) : a), new Decimal(0))

type Log = ReturnType<typeof run>['log']
type View = ReturnType<ReturnType<typeof run>['engine']['view']>

/**
 * The reconciliation: Transactions, Trade History (+ funding, ADL, protection's credits), the
 * report's trades (each with its share of the cover) and the wallet's own ledger all add up to
 * wallet − start exactly; returns the covers seen.
 */
function reconcile(start: string, view: View, log: Log): { covered: number; causes: string[] } {
  setActivePinia(createPinia())
  const a = useAccountStore()
  a.reset(view, log)
  const moved = new Decimal(view.walletBalance).minus(start)
  // margin transfers move money between the cross and an isolated wallet: not income
  const tx = sum(a.transactions.filter((r) => r.type !== 'MARGIN_TRANSFER').map((r) => r.amount))
  expect(tx.minus(moved).toFixed(), 'Transactions').toBe('0')
  const trades = sum(a.trades.map((r) => r.realizedPnl)).minus(sum(a.trades.map((r) => r.fee)))
  const funding = sum(a.fundings.map((f) => f.amount))
  const adl = sum(log.map((e) => (e.type === 'autoDeleveraged' ? e.realizedPnl : undefined)))
  const protections = log.filter((e) => e.type === 'balanceProtected')
  const cover = sum(protections.flatMap((e) => [e.insurance, e.socialized, e.ownLeg]))
  expect(trades.plus(funding).plus(adl).plus(cover).minus(moved).toFixed(), 'Trade History').toBe(
    '0',
  )
  // the wallet's ledger the report folds (the bottom line's balance after its close-all)
  expect(
    log
      .reduce((w, e) => w.plus(walletMove(e).toFixed()), new Decimal(0))
      .minus(moved)
      .toFixed(),
    'wallet ledger',
  ).toBe('0')
  // the session report's trades: Σ net PnL (realized − fees + funding + covered), the cover
  // of a loss past bankruptcy attributed to the trade that made it
  const report = tradesFromEvents(log)
  expect(
    sum(report.map((t) => t.netPnl))
      .minus(moved)
      .toFixed(),
    'Report',
  ).toBe('0')
  expect(
    sum(report.map((t) => t.covered))
      .minus(cover)
      .toFixed(),
    'covers attributed',
  ).toBe('0')
  for (const t of report) {
    if (t.liquidated && !t.open) expect(t.exitPrice, `exit of ${t.id}`).not.toBe('')
    if (t.covered) expect(Number(t.covered), `cover of ${t.id}`).toBeGreaterThan(0)
  }
  // Order History: one Liquidation row per liquidation event
  expect(a.orderHistory.filter((r) => r.type === 'LIQUIDATION').length).toBe(
    log.filter((e) => e.type === 'liquidation').length,
  )
  return {
    covered: cover.toNumber(),
    causes: protections.map((e) =>
      e.type === 'balanceProtected' ? (e.cause ?? 'liquidation') : '',
    ),
  }
}

describe('ledgers reconcile with the wallet', () => {
  it('Σ Transactions, Σ Trade History + funding and Σ report trades = wallet − start, liquidations and gaps past bankruptcy included', () => {
    let liquidated = 0
    let covered = 0
    fc.assert(
      fc.property(
        fc.tuple(settingsArb, fc.array(actionArb, { minLength: 20, maxLength: 80, size: 'max' })),
        ([settings, actions]) => {
          const { engine, log } = run(settings, toInputs(actions, !!settings.hedgeMode), true)
          if (log.some((e) => e.type === 'liquidation')) liquidated++
          if (reconcile(settings.startingBalance ?? '10000', engine.view(), log).covered > 0)
            covered++
        },
      ),
      RUNS,
    )
    expect(liquidated).toBeGreaterThan(0)
    expect(covered, 'random sessions with a loss past bankruptcy covered').toBeGreaterThan(0)
  })

  // Gaps past bankruptcy, built on purpose (negative-balance protection on): the wallet loses
  // the margin, the fund covers the rest, and the report's trade shows that loss, not the fill's.
  const desk = (settings: Partial<EngineSettings> = {}) =>
    new Desk(['BTCUSDT', 'ETHUSDT'], { ...SETTINGS, ...settings })
  const gapCases: [string, () => Desk, string[], number][] = [
    [
      'isolated 20x long, next bar opens 25 % lower',
      () => {
        const d = desk()
        d.bars({ BTCUSDT: 20000, ETHUSDT: 1500 })
        d.isolatedLong('BTCUSDT', 20, '1')
        d.bars({ BTCUSDT: 15000, ETHUSDT: 1500 })
        return d
      },
      ['liquidation'],
      1,
    ],
    [
      'cross 10x longs on two symbols liquidated together past bankruptcy (the cover shared)',
      () => {
        const d = desk()
        d.bars({ BTCUSDT: 20000, ETHUSDT: 1500 })
        d.leverage('BTCUSDT', 10)
        d.leverage('ETHUSDT', 10)
        d.market('BTCUSDT', 'BUY', '2')
        d.market('ETHUSDT', 'BUY', '20')
        // ETH down first (both at a loss), then BTC gaps: one cross batch closes both
        d.bars({ BTCUSDT: 20000, ETHUSDT: 1300 })
        d.bars({ BTCUSDT: 15000, ETHUSDT: 1300 })
        return d
      },
      ['liquidation'],
      2,
    ],
    [
      'isolated 50x long with an empty insurance fund: the rest is socialized',
      () => {
        const d = desk({ insuranceFund: '0' })
        d.bars({ BTCUSDT: 20000, ETHUSDT: 1500 })
        d.isolatedLong('BTCUSDT', 50, '1')
        d.bars({ BTCUSDT: 18000, ETHUSDT: 1500 })
        return d
      },
      ['liquidation'],
      1,
    ],
    [
      'isolated 20x long closed by the trader at a price past bankruptcy (a fill, not a liquidation)',
      () => {
        const d = desk()
        d.bars({ BTCUSDT: 20000, ETHUSDT: 1500 })
        d.isolatedLong('BTCUSDT', 20, '1')
        // the mark stays up (no liquidation) while the last trades far below: a market close
        // fills past the bankruptcy price
        d.bars({ BTCUSDT: 18000, ETHUSDT: 1500 }, { BTCUSDT: 19950, ETHUSDT: 1500 })
        d.cmd({ kind: 'closePosition', symbol: 'BTCUSDT', positionSide: 'BOTH', fraction: '1' })
        return d
      },
      ['fillPastBankruptcy'],
      1,
    ],
  ]
  for (const [name, build, causes, trades] of gapCases)
    it(`gap past bankruptcy: ${name}`, () => {
      const d = build()
      const out = reconcile('10000', d.view(), d.log)
      expect(out.causes, 'what protection covered').toEqual(expect.arrayContaining(causes))
      expect(out.covered).toBeGreaterThan(0)
      // the trade that gapped lost what the wallet lost: its margin and fees, not the fill's loss
      const report = tradesFromEvents(d.log)
      const hit = report.filter((t) => t.covered)
      expect(hit.length, 'trades the cover went to').toBe(trades)
      for (const t of hit)
        expect(
          Number(t.netPnl),
          `${t.id} net ${t.netPnl} vs fill loss ${t.realizedPnl}`,
        ).toBeGreaterThan(Number(t.realizedPnl) - Number(t.fees))
    })
})
