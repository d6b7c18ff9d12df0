/** Shared set-up for coach renderer tests: the host client mocked, a session opened. */
import { vi } from 'vitest'
import { aSnapshot } from '../fixtures'
import { ALERTS, aReport, aSizerResult, PROFILE, STRESS, WHAT_IF } from './fixtures'

export const call = vi.fn()
export const listeners = new Map<string, (p: unknown) => void>()

export const clientMock = () => ({
  hostClient: {
    call: (...a: unknown[]) => call(...a),
    on: vi.fn((name: string, l: (p: unknown) => void) => {
      listeners.set(name, l)
      return () => listeners.delete(name)
    }),
  },
  HostCallError: class HostCallError extends Error {},
})

/** Default host answers for every coach method (and session:create). */
export function defaultAnswers() {
  call.mockReset()
  listeners.clear()
  call.mockImplementation(async (name: string, req: Record<string, unknown>) => {
    switch (name) {
      case 'session:create':
        return aSnapshot()
      case 'coach:settings':
        return (req.profile as typeof PROFILE | undefined) ?? PROFILE
      case 'coach:sizer':
        return aSizerResult()
      case 'coach:whatIf':
        return WHAT_IF
      case 'coach:stressTest':
        return STRESS
      case 'coach:report':
        return aReport()
      case 'coach:journal':
        return { tradeId: req.tradeId, note: req.note, tags: req.tags, updatedAt: '' }
      case 'coach:export':
        return { fileName: 'x.csv', mime: 'text/csv', content: 'a,b\r\n' }
      case 'alerts:list':
      case 'alerts:set':
      case 'alerts:remove':
        return ALERTS
      default:
        return null
    }
  })
}

export const calls = (name: string) => call.mock.calls.filter((c) => c[0] === name).map((c) => c[1])
