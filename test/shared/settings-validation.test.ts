/**
 * Issue 11 item 10: session settings are validated with messages a user understands.
 * Before, a starting balance of 0, −1000 or 1e20, an insurance fund of −5 and margin-call
 * ratios of −1, 1000 or 0 were all accepted.
 */
import { describe, expect, it } from 'vitest'
import { parseRequest } from '../../shared/contract'

const create = (settings: Record<string, unknown>) =>
  parseRequest('session:create', { scenarioId: 'ftx-2022-11', settings })

describe('session settings validation', () => {
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ startingBalance: '0' }, /Starting balance must be between 1 and 100,000,000 USDT/],
    [{ startingBalance: '-1000' }, /Starting balance must be between/],
    [{ startingBalance: '1e20' }, /decimal number/],
    [{ startingBalance: '99999999999999999999' }, /Starting balance must be between/],
    [{ insuranceFund: '-5' }, /Insurance fund must be between 0 and/],
    [{ marginCallRatios: ['-1'] }, /Margin-call alerts are margin ratios in percent/],
    [{ marginCallRatios: ['1000'] }, /Margin-call alerts/],
    [{ marginCallRatios: ['0'] }, /Margin-call alerts/],
  ]
  for (const [settings, message] of bad)
    it(`refuses ${JSON.stringify(settings)} with a readable message`, () => {
      const r = create(settings)
      expect(r.ok).toBe(false)
      if (!r.ok) {
        expect(r.error.code).toBe('INVALID_REQUEST')
        expect(r.error.details!.join('\n')).toMatch(message)
        expect(r.error.details!.join('\n')).toContain('settings.')
      }
    })

  it('accepts the edges of each range', () => {
    for (const settings of [
      { startingBalance: '1' },
      { startingBalance: '100000000' },
      { insuranceFund: '0' },
      { marginCallRatios: ['0.5', '80', '100'] },
    ])
      expect(create(settings).ok).toBe(true)
  })
})
