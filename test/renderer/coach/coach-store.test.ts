// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { call, calls, defaultAnswers, listeners } from './harness'
import { aSnapshot } from '../fixtures'
import { aReport } from './fixtures'

vi.mock('../../../renderer/src/services/client', async () =>
  (await import('./harness')).clientMock(),
)
const { useCoachStore } = await import('../../../renderer/src/stores/coach')
const { useSessionStore } = await import('../../../renderer/src/stores/session')
const { useUiStore } = await import('../../../renderer/src/stores/ui')

const defaultImpl = () =>
  call.getMockImplementation() as (name: string, req: Record<string, unknown>) => Promise<unknown>

describe('coach store', () => {
  beforeEach(async () => {
    setActivePinia(createPinia())
    defaultAnswers()
    await useSessionStore().create('ftx-2022-11')
  })

  it('calls the coach methods with the open session id and keeps the results', async () => {
    const coach = useCoachStore()
    await coach.runSizer({ symbol: 'BTCUSDT', side: 'BUY', stopPercent: '2' })
    await coach.runWhatIf(['-42'], true)
    await coach.runStressTest()
    await coach.loadReport()
    expect(calls('coach:sizer')).toEqual([
      { sessionId: 's1', symbol: 'BTCUSDT', side: 'BUY', stopPercent: '2' },
    ])
    expect(calls('coach:whatIf')).toEqual([{ sessionId: 's1', moves: ['-42'], keepOrders: true }])
    expect(calls('coach:stressTest')).toEqual([{ sessionId: 's1', scenarioIds: undefined }])
    expect(coach.sizer?.quantity).toBe('0.236')
    expect(coach.stress?.results).toHaveLength(2)
    expect(coach.hits).toHaveLength(1)
  })

  it('"Practise it" forks through the host and opens the returned session', async () => {
    const coach = useCoachStore()
    const base = defaultImpl()
    const fork = { ...aSnapshot(), summary: { ...aSnapshot().summary, id: 's2' } }
    call.mockImplementation(async (name: string, req: Record<string, unknown>) =>
      name === 'coach:practiseCrash' || name === 'session:open' ? fork : base(name, req),
    )
    const snap = await coach.practiseCrash('china-ban-2021-05')
    expect(calls('coach:practiseCrash')).toEqual([
      { sessionId: 's1', scenarioId: 'china-ban-2021-05' },
    ])
    expect(calls('session:create')).toHaveLength(1) // only the beforeEach one
    expect(calls('session:open')).toEqual([{ sessionId: 's2' }])
    expect(snap?.summary.id).toBe('s2')
    expect(useSessionStore().sessionId).toBe('s2')
  })

  it('does nothing without a session and reports host errors', async () => {
    setActivePinia(createPinia())
    const coach = useCoachStore()
    expect(await coach.runWhatIf()).toBeNull()
    expect(calls('coach:whatIf')).toEqual([])
    await useSessionStore().create('ftx-2022-11')
    call.mockRejectedValueOnce(new Error('No open session s1'))
    await coach.runStressTest()
    expect(coach.error).toBe('No open session s1')
    expect(coach.busy).toBeNull()
  })

  it('saves a journal entry and reloads the report', async () => {
    const coach = useCoachStore()
    await coach.saveJournal('ETHUSDT:BOTH:9', 'late', ['FOMO', 'revenge trade'])
    expect(calls('coach:journal')).toEqual([
      { sessionId: 's1', tradeId: 'ETHUSDT:BOTH:9', note: 'late', tags: ['FOMO', 'revenge trade'] },
    ])
    expect(calls('coach:report')).toHaveLength(1)
    expect(coach.report).toEqual(aReport())
  })

  it('saves the profile and manages alerts', async () => {
    const coach = useCoachStore()
    await coach.loadProfile()
    expect(coach.profile?.name).toBe('Coach')
    await coach.saveProfile({ ...coach.profile!, enabled: false } as never)
    expect(calls('coach:settings')[1]).toMatchObject({ profile: { enabled: false } })
    expect(coach.enabled).toBe(false)
    await coach.loadAlerts()
    expect(coach.alerts.map((a) => a.spec.id)).toEqual(['a1', 'a2'])
    await coach.removeAlert('a1')
    expect(calls('alerts:remove')).toEqual([{ sessionId: 's1', alertId: 'a1' }])
  })

  it('turns pushed hits and alerts of the open session into toasts, ignoring other sessions', async () => {
    const coach = useCoachStore()
    const ui = useUiStore()
    coach.listen()
    const hit = {
      type: 'guardrailHit',
      rule: 'bottomLine',
      severity: 'action',
      message: 'Bottom line',
      t: 1,
    }
    listeners.get('coach:hit')!({ sessionId: 'other', hit })
    expect(coach.hits).toHaveLength(0)
    listeners.get('coach:hit')!({ sessionId: 's1', hit })
    expect(coach.hits).toHaveLength(1)
    await coach.loadAlerts()
    listeners.get('alerts:fired')!({
      sessionId: 's1',
      alert: {
        type: 'alertFired',
        alertId: 'a1',
        kind: 'price',
        message: 'BTC fell',
        t: 5,
        value: '19000',
        pause: true,
      },
    })
    expect(coach.fired).toHaveLength(1)
    expect(coach.alerts.find((a) => a.spec.id === 'a1')!.armed).toBe(false)
    expect(ui.toasts.map((t) => t.title)).toEqual(['Coach: Bottom line', 'Alert'])
    coach.stop()
    expect(listeners.has('coach:hit') || listeners.has('alerts:fired')).toBe(false)
  })

  it('downloads an export', async () => {
    const coach = useCoachStore()
    const create = vi.fn(() => 'blob:x')
    const revoke = vi.fn()
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: revoke })
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    const r = await coach.exportAs('tradesCsv')
    expect(r?.fileName).toBe('x.csv')
    expect(create).toHaveBeenCalled()
    expect(click).toHaveBeenCalled()
  })
})
