// @vitest-environment happy-dom
/** Review (issue 13.7): commands the engine refused are marked with their code, not counted. */
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import type { Decision } from '../../../shared/contract'

vi.mock('../../../renderer/src/services/client', () => ({
  hostClient: { call: vi.fn(), on: vi.fn(() => () => {}) },
  HostCallError: class HostCallError extends Error {},
}))
const { default: DecisionsTable } =
  await import('../../../renderer/src/components/replay/DecisionsTable.vue')
const { useSessionStore } = await import('../../../renderer/src/stores/session')

const T = Date.UTC(2022, 10, 8, 12)
const list: Decision[] = [
  {
    index: 0,
    cursor: 10,
    t: T,
    command: { kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'CROSSED' },
  },
  {
    index: 1,
    cursor: 12,
    t: T + 120_000,
    command: {
      kind: 'adjustMargin',
      symbol: 'BTCUSDT',
      positionSide: 'BOTH',
      action: 'REMOVE',
      amount: '2000',
    },
    rejection: {
      name: 'NOT_ISOLATED',
      code: -4046,
      message: 'Margin can only be adjusted on isolated positions (-4046)',
    },
  },
  {
    index: 2,
    cursor: 14,
    t: T + 240_000,
    command: { kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 5 },
  },
]

describe('review decisions', () => {
  it('marks a rejected command with its code and reason and leaves it out of the count', () => {
    setActivePinia(createPinia())
    const session = useSessionStore()
    session.decisions = list
    const w = mount(DecisionsTable)
    const rejected = w.get('[data-testid=decision-1]')
    expect(rejected.classes()).toContain('rejected')
    expect(rejected.get('[data-testid=decision-rejected]').text()).toBe(
      'Rejected (-4046): Margin can only be adjusted on isolated positions (-4046)',
    )
    expect(w.get('[data-testid=decision-0]').classes()).not.toContain('rejected')
    expect(w.findAll('[data-testid=decision-rejected]')).toHaveLength(1)
    expect(w.get('[data-testid=decisions-count]').text().replace(/\s+/g, ' ')).toBe(
      '0 / 2 decisions replayed · 1 rejected command (not counted)',
    )
  })
})
