/** The one field check every typed desk field uses (issue 13.6): clear words, nothing clamped. */
import { describe, expect, it } from 'vitest'
import * as v from 'valibot'
import { settingsSchema } from '../../shared/contract/session'
import { checkField, firstProblem, STARTING_BALANCE } from '../../renderer/src/format/field-check'
import { cmpDecimal } from '../../renderer/src/format/decimal-format'

const leverage = { label: 'Leverage', required: true, integer: true, min: 1, max: 50, unit: 'x' }
const price = { label: 'Price', required: true, min: 0, minExclusive: true, step: '0.1' }
const balance = STARTING_BALANCE

describe('checkField', () => {
  it('words every bad leverage instead of clamping it', () => {
    expect(checkField('500', leverage)).toBe('Leverage must be from 1x to 50x')
    expect(checkField('0', leverage)).toBe('Leverage must be from 1x to 50x')
    expect(checkField('-3', leverage)).toBe('Leverage must be from 1x to 50x')
    expect(checkField('abc', leverage)).toBe('Leverage must be a number, e.g. 10')
    expect(checkField('2.5', leverage)).toBe('Leverage must be a whole number')
    expect(checkField('', leverage)).toBe('Enter leverage')
    expect(checkField('20', leverage)).toBe('')
  })

  it('refuses a negative or lettered starting balance, agreeing with the contract schema', () => {
    expect(checkField('-5000', balance)).toBe(
      'Starting balance must be from 1 USDT to 100,000,000 USDT',
    )
    expect(checkField('ten', balance)).toBe('Starting balance must be a number, e.g. 12.5')
    expect(checkField('0.5', balance)).toBe(
      'Starting balance must be from 1 USDT to 100,000,000 USDT',
    )
    for (const ok of ['1', '10000', '100000000', '2500.75']) {
      expect(checkField(ok, balance)).toBe('')
      expect(v.is(settingsSchema, { startingBalance: ok })).toBe(true)
    }
    for (const bad of ['-5000', 'ten', '0.5', '100000001', '1e5'])
      expect(
        v.is(settingsSchema, { startingBalance: bad }) || checkField(bad, balance) === '',
      ).toBe(false)
  })

  it('prices: letters, zero, off-tick, too many digits', () => {
    expect(checkField('19k', price)).toBe('Price must be a number, e.g. 12.5')
    expect(checkField('0', price)).toBe('Price must be above 0')
    expect(checkField('-5', price)).toBe('Price cannot be negative')
    expect(checkField('19500.25', price)).toBe('Price goes in steps of 0.1')
    expect(checkField('19500.20', price)).toBe('')
    expect(checkField('123456789012345678901', price)).toBe(
      'Price has too many digits (at most 20 before the point and 18 after)',
    )
    expect(checkField('', { ...price, required: false })).toBe('')
  })

  it('ranges with units, and the first problem of several', () => {
    const cb = { label: 'Callback rate', required: true, min: 0.1, max: 10, unit: ' %' }
    expect(checkField('12', cb)).toBe('Callback rate must be from 0.1 % to 10 %')
    expect(checkField('0.05', cb)).toBe('Callback rate must be from 0.1 % to 10 %')
    expect(checkField('1.5', cb)).toBe('')
    expect(firstProblem({ a: '', b: 'B wrong', c: 'C wrong' })).toBe('B wrong')
    expect(firstProblem({ a: '' })).toBe('')
  })

  it('compares decimal strings exactly', () => {
    expect(cmpDecimal('0.1', '0.10')).toBe(0)
    expect(cmpDecimal('12345678901234567890', '11.001')).toBe(1)
    expect(cmpDecimal('0.055', '0.0551')).toBe(-1)
    expect(cmpDecimal('2', '10')).toBe(-1)
  })
})
