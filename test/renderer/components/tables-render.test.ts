// @vitest-environment happy-dom
/**
 * The desk's positions and open-orders tables re-render only when what they show changed: a
 * replay frame brings a new account view (new objects) every step, and a table whose rows are
 * the same as the last frame's must not redo its render (issue 14 item 10: "Vue reactivity on
 * tables that did not change"). Counted with an `updated` hook on every component.
 */
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { anAccount, anOrder, aPosition, T0 } from '../fixtures'

vi.mock('../../../renderer/src/services/client', () => ({
  hostClient: { call: vi.fn(), on: vi.fn(() => () => {}) },
  HostCallError: class HostCallError extends Error {},
}))
const { default: PositionsTable } =
  await import('../../../renderer/src/components/positions/PositionsTable.vue')
const { default: OpenOrdersTable } =
  await import('../../../renderer/src/components/positions/OpenOrdersTable.vue')
const { useAccountStore } = await import('../../../renderer/src/stores/account')

/**
 * Mounts a table and counts its re-renders (the `updated` hook of the table itself) from when
 * its first render has settled.
 */
async function counted(component: typeof PositionsTable) {
  const n = { updates: 0 }
  mount(component, {
    global: {
      mixins: [
        {
          updated(this: { $options: { __name?: string } }) {
            if (this.$options.__name === component.__name) n.updates++
          },
        },
      ],
    },
  })
  await flushPromises()
  n.updates = 0
  return n
}

/** A frame one minute later whose views are fresh objects (as every frame's are). */
function frame(minute: number, mark: string, orders = [anOrder()], positions = [aPosition()]) {
  const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T
  return anAccount({
    t: T0 + minute * 60_000,
    positions: clone(positions).map((p) => ({ ...p, markPrice: mark })),
    openOrders: clone(orders),
  })
}

describe('desk tables re-render only on a change', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    useAccountStore().reset(frame(0, '19500'), [])
  })

  it('open orders: frames with the same orders do not re-render the table; a changed order does', async () => {
    const n = await counted(OpenOrdersTable)
    const account = useAccountStore()
    for (let m = 1; m <= 5; m++) {
      account.apply(frame(m, String(19500 + m)), [], false)
      await nextTick()
    }
    expect(n.updates).toBe(0)
    account.apply(frame(6, '19506', [anOrder({ price: '19100' })]), [], false)
    await nextTick()
    expect(n.updates).toBe(1)
  })

  it('positions: frames where no row changed do not re-render; a moved mark does', async () => {
    const n = await counted(PositionsTable)
    const account = useAccountStore()
    for (let m = 1; m <= 5; m++) {
      account.apply(frame(m, '19500'), [], false)
      await nextTick()
    }
    expect(n.updates).toBe(0)
    account.apply(frame(6, '19400'), [], false)
    await nextTick()
    expect(n.updates).toBe(1)
  })

  it('no positions: an empty table is not re-rendered by every frame', async () => {
    const account = useAccountStore()
    account.reset(frame(0, '19500', [], []), [])
    const n = await counted(PositionsTable)
    for (let m = 1; m <= 5; m++) {
      account.apply(frame(m, String(19500 + m), [], []), [], false)
      await nextTick()
    }
    expect(n.updates).toBe(0)
  })
})
