/**
 * A funding input's rate and mark texts read in one scan (funding/factor.ts `readFactor`): the
 * very Decimal `new D(text)` builds, the event text `str` prints and the scaled integer the
 * amount's integer path multiplies, for plain texts (leading and trailing zeros, lone points,
 * signs), other notations (exponent, '+') and the 15-digit limit of the integer read; and a
 * settlement through the engine whose balances take the integer sums (`plusScaled`) and the
 * Decimal sums (a wallet too long for the integers) gives the same balances and events as
 * the Decimal formula.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { D, str } from '../../electron/engine/decimal'
import { readFactor } from '../../electron/engine/funding/factor'
import { Driver, engine, flat, order } from './helpers'

function check(text: string): void {
  const f = readFactor(text)
  const x = new D(text)
  expect({ s: f.dec.s, e: f.dec.e, d: f.dec.d }, text).toEqual({ s: x.s, e: x.e, d: x.d })
  expect(f.out, text).toBe(str(x))
  if (f.dp >= 0) {
    expect(Number.isInteger(f.m) && Math.abs(f.m) < 2 ** 52 && f.m !== 0, text).toBe(true)
    expect(new D(f.m).div(new D(10).pow(f.dp)).eq(x), text).toBe(true)
  } else expect(x.isZero() || x.precision(true) > 15, text).toBe(true)
}

describe('readFactor', () => {
  it('reads plain and other texts as new D and str do', () => {
    for (const t of [
      '0.0001',
      '-0.0001',
      '-0.00005',
      '0.000100',
      '60012.3',
      '60012.30',
      '060012.3',
      '00.5',
      '0.5',
      '.5',
      '-.5',
      '5.',
      '5',
      '50',
      '10.0',
      '0.00',
      '0',
      '-0',
      '1e-4',
      '+0.0001',
      '6.00123e4',
    ])
      check(t)
  })

  it('reads 15 significant digits as an integer and 16 (2^53 + 1) as decimal.js does', () => {
    check('999999999999999')
    check('99999999999.9999')
    check('0.000999999999999999')
    check('9007199254740993')
    check('900719925.4740993')
    check('-9007199254740993')
    expect(readFactor('999999999999999').dp).toBe(0)
    expect(readFactor('9007199254740993').dp).toBe(-1)
  })

  it('refuses what new D refuses', () => {
    for (const t of ['', '-', '.', 'abc', '1.2.3', '1,5', ' 1'])
      expect(() => readFactor(t), t).toThrow()
  })

  it('matches new D and str on random digit texts', () => {
    const digit = fc.constantFrom(...'0123456789')
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(digit, { minLength: 0, maxLength: 12 }),
        fc.option(fc.array(digit, { minLength: 0, maxLength: 10 })),
        (neg, int, frac) => {
          const t = `${neg ? '-' : ''}${int.join('')}${frac === null ? '' : `.${frac.join('')}`}`
          if (!/[0-9]/.test(t)) return
          check(t)
        },
      ),
      { numRuns: 3000, seed: 7 },
    )
  })
})

describe('settleFunding balances', () => {
  it('equal the Decimal sums with integer and Decimal additions, cross and isolated', () => {
    for (const balance of ['25000', '25000.123456789012345678']) {
      const d = new Driver(engine({ startingBalance: balance }, ['BTCUSDT', 'ETHUSDT']))
      d.bars('BTCUSDT', flat('60000'))
      d.bars('ETHUSDT', flat('3000'))
      d.cmd({ kind: 'setMarginType', symbol: 'ETHUSDT', marginType: 'ISOLATED' })
      d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '1.2' }))
      d.cmd(order({ symbol: 'ETHUSDT', side: 'SELL', type: 'MARKET', quantity: '10' }))
      const state = () =>
        d.eng.snapshot().state as {
          wallet: { $d: string }
          totals: { funding: { $d: string } }
          positions: { symbol: string; isolatedMargin: { $d: string }; funding: { $d: string } }[]
        }
      const before = state()
      const ev = [
        ...d.funding('BTCUSDT', '0.000100', '60012.30'),
        ...d.funding('ETHUSDT', '-0.00005', '3000.15'),
        ...d.funding('BTCUSDT', '0.0001', '60012.3'),
      ]
      // 1.2 · 60012.3 · 0.0001 = 7.201476 paid by the long; 10 · 3000.15 · 0.00005 = 1.500075
      // paid by the short (a negative rate)
      expect(ev.map((e) => e.type === 'fundingSettled' && [e.rate, e.markPrice, e.amount])).toEqual(
        [
          ['0.0001', '60012.3', '-7.201476'],
          ['-0.00005', '3000.15', '-1.500075'],
          ['0.0001', '60012.3', '-7.201476'],
        ],
      )
      const after = state()
      const btc = new D('-7.201476').times(2)
      const eth = new D('-1.500075')
      const at = (x: ReturnType<typeof state>, sym: string) =>
        x.positions.find((p) => p.symbol === sym)!
      expect(after.wallet.$d).toBe(new D(before.wallet.$d).plus(btc).plus(eth).toFixed())
      expect(after.totals.funding.$d).toBe(btc.plus(eth).toFixed())
      expect(at(after, 'BTCUSDT').funding.$d).toBe(btc.toFixed())
      expect(at(after, 'ETHUSDT').funding.$d).toBe(eth.toFixed())
      expect(at(after, 'ETHUSDT').isolatedMargin.$d).toBe(
        new D(at(before, 'ETHUSDT').isolatedMargin.$d).plus(eth).toFixed(),
      )
    }
  })
})
