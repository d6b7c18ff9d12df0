// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import LiqDistance from '../../../renderer/src/components/coach/LiqDistance.vue'
import { liqDistance } from '../../../renderer/src/components/coach/liq-distance'

describe('liquidation distance readout', () => {
  it('gives the price and percent distance with a warning level', () => {
    expect(liqDistance({ markPrice: '20000', liquidationPrice: '18000' })).toEqual({
      price: '2000',
      percent: '10.00',
      level: 'ok',
    })
    expect(liqDistance({ markPrice: '20000.5', liquidationPrice: '20800' })).toMatchObject({
      price: '799.5',
      percent: '4.00',
      level: 'warn',
    })
    expect(liqDistance({ markPrice: '1500', liquidationPrice: '1480' })?.level).toBe('danger')
    expect(liqDistance({ markPrice: '1500', liquidationPrice: '' })).toBeNull()
  })

  it('renders next to a position', () => {
    const w = mount(LiqDistance, {
      props: { position: { markPrice: '20000', liquidationPrice: '19700' } },
    })
    expect(w.text()).toBe('1.50% (300)')
    expect(w.classes()).toContain('danger')
    expect(
      mount(LiqDistance, {
        props: { position: { markPrice: '20000', liquidationPrice: '' } },
      }).text(),
    ).toBe('')
  })
})

describe('liquidation distance on the tick grid', () => {
  it("uses the instrument's price decimals when the mark carries more (aligned minute marks)", () => {
    expect(
      liqDistance({ markPrice: '20894.8774928', liquidationPrice: '18380.7' }, 1),
    ).toMatchObject({ price: '2514.2', percent: '12.03' })
  })
})
