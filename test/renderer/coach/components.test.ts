// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { call, calls, defaultAnswers } from './harness'
import { aSizerResult } from './fixtures'

vi.mock('../../../renderer/src/services/client', async () =>
  (await import('./harness')).clientMock(),
)
// Lightweight Charts needs a canvas; the report test only checks the wiring.
const chartCalls: string[] = []
vi.mock('lightweight-charts', () => {
  const series = () => ({
    setData: (d: unknown[]) => chartCalls.push(`setData:${d.length}`),
    applyOptions: () => {},
  })
  return {
    LineSeries: 'Line',
    AreaSeries: 'Area',
    createChart: () => {
      chartCalls.push('createChart')
      return {
        addSeries: (kind: string, _o: unknown, pane?: number) => (
          chartCalls.push(`addSeries:${kind}:${pane ?? 0}`),
          series()
        ),
        panes: () => [{ setHeight: () => {} }, { setHeight: () => {} }],
        timeScale: () => ({ fitContent: () => {} }),
        applyOptions: () => {},
        remove: () => chartCalls.push('remove'),
      }
    },
  }
})

const { useSessionStore } = await import('../../../renderer/src/stores/session')
const { useCoachStore } = await import('../../../renderer/src/stores/coach')
const { default: PositionSizer } =
  await import('../../../renderer/src/components/coach/PositionSizer.vue')
const { default: WhatIfTable } =
  await import('../../../renderer/src/components/coach/WhatIfTable.vue')
const { default: StressTestTable } =
  await import('../../../renderer/src/components/coach/StressTestTable.vue')
const { default: SessionReport } =
  await import('../../../renderer/src/components/coach/SessionReport.vue')
const { default: GuardrailSettings } =
  await import('../../../renderer/src/components/coach/GuardrailSettings.vue')
const { default: AlertsPanel } =
  await import('../../../renderer/src/components/coach/AlertsPanel.vue')
const { default: CoachDock } = await import('../../../renderer/src/components/coach/CoachDock.vue')

const tid = (id: string) => `[data-testid="${id}"]`

describe('coach components', () => {
  beforeEach(async () => {
    setActivePinia(createPinia())
    defaultAnswers()
    chartCalls.length = 0
    await useSessionStore().create('ftx-2022-11')
  })

  it('PositionSizer sends the form, shows the verdict and hands the command to the ticket', async () => {
    const w = mount(PositionSizer, { props: { symbols: ['BTCUSDT', 'ETHUSDT'] } })
    await w.find(tid('sizer-sell')).trigger('click')
    await w.find(tid('sizer-risk')).setValue('2')
    await w.find(tid('sizer-stop')).setValue('3')
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(calls('coach:sizer')).toEqual([
      { sessionId: 's1', symbol: 'BTCUSDT', side: 'SELL', riskPercent: '2', stopPercent: '3' },
    ])
    expect(w.find(tid('sizer-qty')).text()).toBe('0.236')
    expect(w.find(tid('sizer-liq')).text()).toContain('19,104.30')
    expect(w.find(tid('sizer-verdict')).text()).toMatch(/before liquidation/)
    await w.find(tid('sizer-use')).trigger('click')
    expect(w.emitted('use')![0]).toEqual([aSizerResult().command, '19600'])
  })

  it('PositionSizer says a bad risk, stop or entry next to it and sends nothing (issue 13.6)', async () => {
    const w = mount(PositionSizer, { props: { symbols: ['BTCUSDT', 'ETHUSDT'] } })
    await w.find(tid('sizer-risk')).setValue('')
    await w.find(tid('sizer-stop')).setValue('abc')
    await w.find(tid('sizer-entry')).setValue('-5')
    expect(w.find(tid('sizer-risk-error')).text()).toBe('Enter risk')
    expect(w.find(tid('sizer-stop-error')).text()).toBe('Stop distance must be a number, e.g. 12.5')
    expect(w.find(tid('sizer-entry-error')).text()).toBe('Entry price cannot be negative')
    expect(w.find(tid('sizer-run')).attributes('disabled')).toBeDefined()
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(calls('coach:sizer')).toEqual([]) // not sized with a silent 1 % default
    await w.find(tid('sizer-risk')).setValue('150')
    expect(w.find(tid('sizer-risk-error')).text()).toBe('Risk must be above 0 % and at most 100 %')
  })

  it('PositionSizer warns when liquidation comes first', async () => {
    call.mockImplementation(async (name: string) =>
      name === 'coach:sizer'
        ? aSizerResult({ stopBeforeLiquidation: false, warnings: ['lower the leverage'] })
        : null,
    )
    const w = mount(PositionSizer, { props: { symbols: ['BTCUSDT'] } })
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(w.find(tid('sizer-verdict')).classes()).toContain('down')
    expect(w.text()).toContain('lower the leverage')
  })

  it('WhatIfTable lists moves and marks liquidated rows', async () => {
    const w = mount(WhatIfTable)
    await w.find(tid('whatif-custom')).setValue('-42')
    await w.find(tid('whatif-keep')).setValue(true)
    await w.find(tid('whatif-run')).trigger('click')
    await flushPromises()
    expect(calls('coach:whatIf')).toEqual([{ sessionId: 's1', moves: ['-42'], keepOrders: true }])
    const table = w.find(tid('whatif-BTCUSDT:BOTH'))
    expect(table.findAll('tbody tr')).toHaveLength(2)
    expect(table.findAll(tid('whatif-liquidated'))).toHaveLength(1)
    expect(table.text()).toContain('+2,000.00')
  })

  it('StressTestTable renders one row per crash with a sparkline and offers practice', async () => {
    const w = mount(StressTestTable)
    await w.find(tid('stress-run')).trigger('click')
    await flushPromises()
    const rows = w.findAll(`${tid('stress-table')} tbody tr`)
    expect(rows).toHaveLength(2)
    expect(w.find(tid('stress-row-ftx-2022-11')).text()).toMatch(/Liquidated after 43\.2 h/)
    expect(w.find(tid('stress-row-ftx-2022-11')).text()).toContain('ETHUSDT')
    expect(w.find(tid('stress-row-calm-2025-05')).text()).toContain('Survived')
    expect(w.findAll(tid('sparkline'))).toHaveLength(2)
    expect(w.find(`${tid('sparkline')} path`).attributes('d')).toMatch(/^M0\.0 /)
    await w.find(tid('stress-practice-ftx-2022-11')).trigger('click')
    expect(w.emitted('practice')![0]).toEqual(['ftx-2022-11'])
  })

  it('SessionReport loads the report, draws equity and drawdown, edits the journal', async () => {
    const w = mount(SessionReport)
    await flushPromises()
    expect(calls('coach:report')).toHaveLength(1)
    expect(chartCalls).toEqual([
      'createChart',
      'addSeries:Line:0',
      'addSeries:Area:1',
      'setData:3',
      'setData:3',
    ])
    expect(w.find(tid('report-stats')).text()).toContain('Win rate50.00%')
    expect(w.find(tid('report-bottom-line')).text()).toContain('would have saved 495.00')
    expect(w.find(tid('report-trades')).text()).toContain('0.98R')
    expect(w.find(tid('report-tags')).text()).toContain('FOMO')
    expect(w.find(tid('report-hits')).text()).toContain('Stop required')
    await w.find(tid('journal-edit-ETHUSDT:BOTH:9')).trigger('click')
    await w.find(tid('journal-note')).setValue('chased it, no plan')
    await w.find('input[value="revenge trade"]').setValue(true)
    await w.find(tid('journal-save')).trigger('click')
    await flushPromises()
    expect(calls('coach:journal')).toEqual([
      {
        sessionId: 's1',
        tradeId: 'ETHUSDT:BOTH:9',
        note: 'chased it, no plan',
        tags: ['FOMO', 'revenge trade'],
      },
    ])
    w.unmount()
    expect(chartCalls).toContain('remove')
  })

  it('GuardrailSettings edits a copy of the profile and saves it', async () => {
    await useCoachStore().loadProfile()
    const w = mount(GuardrailSettings)
    expect(w.find(tid('guardrails-save')).attributes('disabled')).toBeDefined()
    await w.find(tid('rule-maxLeverage-cap')).setValue(10)
    await w.find(tid('rule-averagingDown')).setValue(false)
    await w.find('form').trigger('submit')
    await flushPromises()
    const saved = calls('coach:settings')[1] as {
      profile: { maxLeverage: { cap: number }; averagingDown: { on: boolean } }
    }
    expect(saved.profile.maxLeverage.cap).toBe(10)
    expect(saved.profile.averagingDown.on).toBe(false)
    expect(useCoachStore().profile?.maxLeverage.cap).toBe(10)
  })

  it('GuardrailSettings says a bad figure under it, keeps Save off and sends nothing (issue 13.6)', async () => {
    await useCoachStore().loadProfile()
    const w = mount(GuardrailSettings)
    const cap = w.find(tid('rule-maxLeverage-cap'))
    for (const [typed, said] of [
      ['500', 'Leverage cap must be from 1x to 200x'],
      ['7.5', 'Leverage cap must be a whole number'],
      ['', 'Enter leverage cap'],
    ]) {
      await cap.setValue(typed)
      expect(w.find(tid('rule-maxLeverage-cap-error')).text()).toBe(said)
      expect(w.find(tid('guardrails-save')).attributes('disabled')).toBeDefined()
      expect(w.find(tid('guardrails-blocked')).text()).toBe(`Not saved: ${said}`)
      await w.find('form').trigger('submit') // Enter in a field submits the form: still nothing
      await flushPromises()
      expect(calls('coach:settings')).toHaveLength(1) // the load only
      expect((cap.element as HTMLInputElement).value).toBe(typed) // as typed, not clamped
    }
    await w.find(tid('rule-coolDown-hours')).setValue('-1')
    await cap.setValue('12')
    expect(w.find(tid('rule-coolDown-hours-error')).text()).toBe(
      'Cool-down must be from 0 h to 720 h',
    )
    expect(w.find(tid('guardrails-save')).attributes('disabled')).toBeDefined()
    await w.find(tid('rule-coolDown-hours')).setValue('0')
    await w.find('form').trigger('submit')
    await flushPromises()
    const saved = calls('coach:settings')[1] as {
      profile: { maxLeverage: { cap: number }; coolDown: { hours: number } }
    }
    expect(saved.profile.maxLeverage.cap).toBe(12)
    expect(saved.profile.coolDown.hours).toBe(0)
  })

  it('AlertsPanel adds price and margin-ratio alerts and lists them', async () => {
    await useCoachStore().loadAlerts()
    const w = mount(AlertsPanel, { props: { symbols: ['BTCUSDT', 'ETHUSDT'] } })
    expect(w.find(tid('alert-a1')).text()).toContain('BTCUSDT mark ≤ 19,000.0')
    expect(w.find(tid('alert-a2')).classes()).toContain('fired')
    await w.find(tid('alert-price')).setValue('18500')
    await w.find('form').trigger('submit')
    await w.find(tid('alert-kind')).setValue('marginRatio')
    await w.find(tid('alert-threshold')).setValue('50')
    await w.find('form').trigger('submit')
    await flushPromises()
    const sets = calls('alerts:set') as { alert: Record<string, unknown> }[]
    expect(sets[0]!.alert).toMatchObject({
      kind: 'price',
      symbol: 'BTCUSDT',
      price: '18500',
      direction: 'below',
      source: 'mark',
      pause: true,
    })
    expect(sets[1]!.alert).toMatchObject({
      kind: 'marginRatio',
      threshold: '50',
      scope: 'anyPosition',
    })
  })

  it('CoachDock switches panels, loads profile and alerts, and says whether the coach is on', async () => {
    const w = mount(CoachDock)
    await flushPromises()
    expect(calls('coach:settings')).toHaveLength(1)
    expect(calls('alerts:list')).toEqual([{ sessionId: 's1' }])
    expect(w.text()).toContain('Coach on')
    expect(w.find(tid('position-sizer')).exists()).toBe(true)
    await w.find(tid('coach-tab-stress')).trigger('click')
    expect(w.find(tid('stress-test')).exists()).toBe(true)
  })
})

describe('coach dock across tab switches', () => {
  beforeEach(async () => {
    setActivePinia(createPinia())
    defaultAnswers()
    await useSessionStore().create('ftx-2022-11')
  })

  it('keeps results and the open panel when the desk unmounts and remounts it', async () => {
    const a = mount(CoachDock)
    await a.find(tid('coach-tab-stress')).trigger('click')
    await a.find(tid('stress-run')).trigger('click')
    await flushPromises()
    a.unmount()
    const b = mount(CoachDock)
    await flushPromises()
    expect(b.find(tid('stress-table')).exists()).toBe(true)
    expect(calls('alerts:list')).toHaveLength(1)
  })
})
