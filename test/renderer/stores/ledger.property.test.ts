// @vitest-environment happy-dom
/**
 * Issue 13.3: the desk's ledgers agree with the wallet to the cent. Random engine sessions
 * (liquidations included) are folded by the real engine; their event log goes into the
 * account store, and Transactions and Trade History (plus funding) must each add up to
 * wallet − starting balance exactly.
 */
import Decimal from 'decimal.js'
import fc from 'fast-check'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import { actionArb, run, settingsArb, toInputs } from '../../engine/gen'

vi.mock('../../../renderer/src/services/client', () => ({
  hostClient: { call: vi.fn(), on: vi.fn(() => () => {}) },
  HostCallError: class HostCallError extends Error {},
}))
const { useAccountStore } = await import('../../../renderer/src/stores/account')
const { tradesFromEvents } = await import('../../../electron/host/coach/trades')

const RUNS = { numRuns: Number(process.env.PROP_RUNS ?? 60) }
const sum = (xs: (string | undefined)[]) => xs.reduce((a, x) => (x ? a.plus(x) : a), new Decimal(0))

describe('ledgers reconcile with the wallet', () => {
  it('Σ Transactions and Σ Trade History + funding = wallet − start, liquidations included', () => {
    let liquidated = 0
    fc.assert(
      fc.property(
        fc.tuple(settingsArb, fc.array(actionArb, { minLength: 20, maxLength: 80, size: 'max' })),
        ([settings, actions]) => {
          setActivePinia(createPinia())
          const { engine, log } = run(settings, toInputs(actions, !!settings.hedgeMode), true)
          const view = engine.view()
          const a = useAccountStore()
          a.reset(view, log)
          if (log.some((e) => e.type === 'liquidation')) liquidated++
          const start = new Decimal(settings.startingBalance ?? '10000')
          const moved = new Decimal(view.walletBalance).minus(start)
          // margin transfers move money between the cross and an isolated wallet: not income
          const tx = sum(
            a.transactions.filter((r) => r.type !== 'MARGIN_TRANSFER').map((r) => r.amount),
          )
          expect(tx.minus(moved).toFixed(), 'Transactions').toBe('0')
          const trades = sum(a.trades.map((r) => r.realizedPnl)).minus(
            sum(a.trades.map((r) => r.fee)),
          )
          const funding = sum(a.fundings.map((f) => f.amount))
          const adl = sum(
            log.map((e) => (e.type === 'autoDeleveraged' ? e.realizedPnl : undefined)),
          )
          const cover = sum(
            log.flatMap((e) =>
              e.type === 'balanceProtected' ? [e.insurance, e.socialized, e.ownLeg] : [],
            ),
          )
          expect(
            trades.plus(funding).plus(adl).plus(cover).minus(moved).toFixed(),
            'Trade History',
          ).toBe('0')
          // the session report's trades: Σ net PnL (realized − fees + funding) + cover
          const report = tradesFromEvents(log)
          expect(
            sum(report.map((t) => t.netPnl))
              .plus(cover)
              .minus(moved)
              .toFixed(),
            'Report',
          ).toBe('0')
          for (const t of report)
            if (t.liquidated && !t.open) expect(t.exitPrice, `exit of ${t.id}`).not.toBe('')
          // Order History: one Liquidation row per liquidation event
          expect(a.orderHistory.filter((r) => r.type === 'LIQUIDATION').length).toBe(
            log.filter((e) => e.type === 'liquidation').length,
          )
        },
      ),
      RUNS,
    )
    expect(liquidated).toBeGreaterThan(0)
  })
})
