/**
 * An order's level (matching/triggers.ts orderLevel) is remembered per order (issue 16: the bar
 * path, the thresholds and placement ask for every order's level again and again) and is always
 * the level of the order as it stands: random sequences of amends (price, stop price), triggers,
 * type, side and working-type changes on orders that share a memo slot (sequence numbers 256
 * apart) or a sequence number (two engines), each answer compared with the level of a fresh copy
 * of the order with fresh Decimals of the same values (which no memo entry can match).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { D } from '../../electron/engine/decimal'
import { orderLevel } from '../../electron/engine/matching/triggers'
import { initialState, type OrderState } from '../../electron/engine/state'
import { DEFAULT_ENGINE_SETTINGS } from '../../shared/trading/settings'
import { ctxAtMarks, limitOrderState } from './helpers'

const TYPES = ['LIMIT', 'STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET'] as const

const op = fc.oneof(
  fc.record({ kind: fc.constant('ask' as const), j: fc.nat(3) }),
  fc.record({
    kind: fc.constant('price' as const),
    j: fc.nat(3),
    v: fc.integer({ min: 1, max: 9 }),
  }),
  fc.record({
    kind: fc.constant('stop' as const),
    j: fc.nat(3),
    v: fc.integer({ min: 1, max: 9 }),
  }),
  fc.record({ kind: fc.constant('trigger' as const), j: fc.nat(3) }),
  fc.record({ kind: fc.constant('type' as const), j: fc.nat(3), v: fc.constantFrom(...TYPES) }),
  fc.record({ kind: fc.constant('side' as const), j: fc.nat(3) }),
  fc.record({ kind: fc.constant('working' as const), j: fc.nat(3) }),
)

describe('orderLevel remembered per order', () => {
  it('is the level of the order as it stands, through amends, triggers and shared slots', () => {
    const ctx = ctxAtMarks(initialState(['BTCUSDT'], DEFAULT_ENGINE_SETTINGS), [2_000_000])
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), (ops) => {
        // seqNo 7 twice (two engines), 7 + 256 (the same slot), 8
        const orders: OrderState[] = [7, 7, 263, 8].map((n) =>
          Object.assign(limitOrderState('BTCUSDT', 'BUY', new D(1), new D(100), n), {
            stopPrice: new D(110),
          }),
        )
        for (const x of ops) {
          const o = orders[x.j]!
          if (x.kind === 'price') o.price = new D(100 + x.v)
          else if (x.kind === 'stop') o.stopPrice = new D(100 + x.v)
          else if (x.kind === 'trigger') o.triggered = !o.triggered
          else if (x.kind === 'type') o.type = x.v
          else if (x.kind === 'side') o.side = o.side === 'BUY' ? 'SELL' : 'BUY'
          else if (x.kind === 'working')
            o.workingType = o.workingType === 'MARK_PRICE' ? 'CONTRACT_PRICE' : 'MARK_PRICE'
          const got = orderLevel(ctx, o)
          const fresh = (x: OrderState['price']) => (x === null ? null : new D(x.toFixed()))
          expect(got).toEqual(
            orderLevel(ctx, { ...o, price: fresh(o.price), stopPrice: fresh(o.stopPrice) }),
          )
          // asked again unchanged: the remembered level itself (after the copy took the slot:
          // recomputed, the same level)
          const again = orderLevel(ctx, o)
          expect(again).toEqual(got)
          expect(orderLevel(ctx, o)).toBe(again)
        }
      }),
      { numRuns: 500 },
    )
  })
})
