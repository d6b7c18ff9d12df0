// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { EngineEvent } from '../../../shared/trading/events'
import { aFill, anAccount, anOrder, aPosition, T0 } from '../fixtures'

vi.mock('../../../renderer/src/services/client', () => ({
  hostClient: { call: vi.fn(), on: vi.fn(() => () => {}) },
  HostCallError: class HostCallError extends Error {},
}))
const { useAccountStore } = await import('../../../renderer/src/stores/account')
const { useUiStore } = await import('../../../renderer/src/stores/ui')

const liquidation: EngineEvent = {
  seq: 9,
  t: T0 + 9 * 60_000,
  type: 'liquidation',
  scope: 'CROSSED',
  symbol: 'BTCUSDT',
  positionSide: 'BOTH',
  quantity: '0.5',
  markPrice: '18150',
  bankruptcyPrice: '18000',
  fillPrice: '18140.2',
  realizedPnl: '-1000',
  clearanceFee: '45.35',
  insuranceFundDelta: '10',
  partial: false,
  pathAssumed: false,
}

describe('account store: engine events in, projections out', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('applies each event once, even when an ack and a frame both carry it', () => {
    const a = useAccountStore()
    a.reset(anAccount(), [])
    a.apply(anAccount(), [aFill(1), aFill(2)])
    a.apply(anAccount(), [aFill(2), aFill(3)])
    expect(a.events.map((e) => e.seq)).toEqual([1, 2, 3])
    expect(a.fills.map((e) => e.seq)).toEqual([3, 2, 1])
  })

  it('lists transactions the way the exchange does: realized PnL, commission, funding, clearance', () => {
    const a = useAccountStore()
    a.reset(anAccount(), [])
    a.apply(
      undefined,
      [
        aFill(1, { realizedPnl: '120.5', fee: '4.1' }),
        {
          seq: 2,
          t: T0,
          type: 'fundingSettled',
          symbol: 'BTCUSDT',
          positionSide: 'BOTH',
          rate: '0.0001',
          markPrice: '20000',
          amount: '-1',
          rateOrigin: 'recorded',
        },
        liquidation,
      ],
      false,
    )
    expect(a.transactions.map((r) => [r.type, r.amount])).toEqual([
      ['INSURANCE_CLEAR', '-45.35'],
      ['REALIZED_PNL', '-1000'], // the liquidation's loss (it was missing: issue 13.3)
      ['FUNDING_FEE', '-1'],
      ['COMMISSION', '-4.1'],
      ['REALIZED_PNL', '120.5'],
    ])
  })

  it('names the symbol of every insurance cover row (the liquidation or fill it covered)', () => {
    const a = useAccountStore()
    a.reset(anAccount(), [])
    const covered = (
      seq: number,
      at: number,
      extra: Partial<Record<'cause' | 'orderId', string>> = {},
    ) =>
      ({
        seq,
        t: T0 + at * 60_000,
        type: 'balanceProtected',
        insurance: '3',
        socialized: '2',
        ownLeg: '0',
        ...extra,
      }) as EngineEvent
    const ethLiquidation = { ...liquidation, seq: 20, t: T0 + 21 * 60_000, symbol: 'ETHUSDT' }
    a.apply(
      undefined,
      [
        aFill(1),
        liquidation, // seq 9, BTCUSDT
        covered(10, 9), // the deficit of the liquidation just before
        { ...aFill(11), fill: { ...(aFill(11) as { fill: object }).fill, symbol: 'SOLUSDT' } },
        covered(12, 11, { cause: 'fillPastBankruptcy', orderId: 'f11' }),
        ethLiquidation,
        { ...liquidation, seq: 21, t: T0 + 21 * 60_000, symbol: 'XRPUSDT' },
        covered(22, 21), // one cross deficit after two liquidations in the same step
        covered(23, 21, { cause: 'negativeWallet' }),
      ] as EngineEvent[],
      false,
    )
    const covers = a.transactions
      .filter((r) => r.type === 'INSURANCE_COVER')
      .map((r) => [r.key, r.symbol])
    expect(covers).toEqual([
      ['23s', ''], // the account's wallet, no symbol (shown as "Account")
      ['23i', ''],
      ['22s', 'ETHUSDT, XRPUSDT'],
      ['22i', 'ETHUSDT, XRPUSDT'],
      ['12s', 'SOLUSDT'],
      ['12i', 'SOLUSDT'],
      ['10s', 'BTCUSDT'],
      ['10i', 'BTCUSDT'],
    ])
  })

  it('keeps the last view of every finished order for Order History', () => {
    const a = useAccountStore()
    a.reset(anAccount(), [
      { seq: 1, t: T0, type: 'orderAccepted', order: anOrder() },
      {
        seq: 2,
        t: T0,
        type: 'orderCanceled',
        order: anOrder({ status: 'CANCELED' }),
        reason: 'USER',
      },
      { seq: 3, t: T0, type: 'orderAccepted', order: anOrder({ orderId: 'o2' }) },
    ])
    expect(a.orderHistory.map((r) => [r.order.orderId, r.order.status])).toEqual([
      ['o1', 'CANCELED'],
    ])
  })

  it('raises a liquidation toast for live events only', () => {
    const a = useAccountStore()
    const ui = useUiStore()
    a.reset(anAccount(), [liquidation])
    expect(ui.toasts).toHaveLength(0)
    a.apply(undefined, [{ ...liquidation, seq: 10 }])
    expect(ui.toasts[0]?.level).toBe('liquidation')
    expect(ui.toasts[0]?.text).toContain('18,140.2')
  })

  it('hides flat positions', () => {
    const a = useAccountStore()
    a.reset(
      anAccount({ positions: [aPosition({ size: '0' }), aPosition({ symbol: 'ETHUSDT' })] }),
      [],
    )
    expect(a.positions.map((p) => p.symbol)).toEqual(['ETHUSDT'])
  })
})

describe('account store: jumps back in time', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('a jump back (the host re-folds and sends every event so far) replaces the list', () => {
    const a = useAccountStore()
    a.reset(anAccount(), [aFill(1), aFill(2), aFill(3)])
    a.reset(anAccount(), [aFill(1), aFill(2)])
    expect(a.events.map((e) => e.seq)).toEqual([1, 2])
    a.apply(undefined, [aFill(3)], false)
    expect(a.events.map((e) => e.seq)).toEqual([1, 2, 3])
  })
})
