/**
 * A funding input's rate and mark texts read in one scan (funding/factor.ts `readFactor`): the
 * very Decimal `new D(text)` builds, the event text `str` prints and the scaled integer the
 * amount's integer path multiplies, for plain texts (leading and trailing zeros, lone points,
 * signs), other notations (exponent, '+') and the 15-digit limit of the integer read; and a
 * settlement through the engine whose balances take the integer sums (`plusScaled`) and the
 * Decimal sums (a wallet too long for the integers) gives the same balances and events as
 * the Decimal formula; so do random sequences of settlements (the balances' integers kept
 * between them, scaled-memo.ts), also with a wallet whose integers cross 2^52 on the way.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { D, type Dec, str } from '../../electron/engine/decimal'
import { SC } from '../../electron/engine/decimal-words'
import { readFactor } from '../../electron/engine/funding/factor'
import { keepScaled, scaledOf } from '../../electron/engine/funding/scaled-memo'
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

/** BTC long 1.2 (cross) and ETH short 10 (isolated) at 60,000 and 3,000. */
function twoPositions(balance: string): Driver {
  const d = new Driver(engine({ startingBalance: balance }, ['BTCUSDT', 'ETHUSDT']))
  d.bars('BTCUSDT', flat('60000'))
  d.bars('ETHUSDT', flat('3000'))
  d.cmd({ kind: 'setMarginType', symbol: 'ETHUSDT', marginType: 'ISOLATED' })
  d.cmd(order({ side: 'BUY', type: 'MARKET', quantity: '1.2' }))
  d.cmd(order({ symbol: 'ETHUSDT', side: 'SELL', type: 'MARKET', quantity: '10' }))
  return d
}

interface Balances {
  wallet: { $d: string }
  totals: { funding: { $d: string } }
  positions: { symbol: string; isolatedMargin: { $d: string }; funding: { $d: string } }[]
}

const balances = (d: Driver) => d.eng.snapshot().state as Balances

/** The balances after = before plus the BTC and ETH settlements (exact Decimal sums). */
function expectBooked(before: Balances, after: Balances, btc: Dec, eth: Dec): void {
  const at = (x: Balances, sym: string) => x.positions.find((p) => p.symbol === sym)!
  expect(after.wallet.$d).toBe(new D(before.wallet.$d).plus(btc).plus(eth).toFixed())
  expect(after.totals.funding.$d).toBe(btc.plus(eth).toFixed())
  expect(at(after, 'BTCUSDT').funding.$d).toBe(btc.toFixed())
  expect(at(after, 'ETHUSDT').funding.$d).toBe(eth.toFixed())
  expect(at(after, 'ETHUSDT').isolatedMargin.$d).toBe(
    new D(at(before, 'ETHUSDT').isolatedMargin.$d).plus(eth).toFixed(),
  )
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
      const d = twoPositions(balance)
      const before = balances(d)
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
      expectBooked(before, balances(d), new D('-7.201476').times(2), new D('-1.500075'))
    }
  })
})

describe('scaledOf', () => {
  it('gives the value of the Decimal asked, kept or read, and forgets a slot after 16 others', () => {
    const value = (x: Dec) => (scaledOf(x) ? new D(SC.m).div(new D(10).pow(SC.dp)) : null)
    const x = new D('25000.12')
    // kept with trailing zeros: the same value
    keepScaled(x, 2500012000000, 8)
    expect(value(x)!.eq(x)).toBe(true)
    expect(SC.dp).toBe(8)
    for (let i = 0; i < 16; i++) keepScaled(new D(i + 1), i + 1, 0)
    // read again from its words (readScaled strips the zeros)
    expect(value(x)!.eq(x)).toBe(true)
    expect(SC.dp).toBe(2)
    expect(scaledOf(new D(0))).toBe(false)
    expect(scaledOf(new D('1234567890.1234567'))).toBe(false)
  })
})

describe('settlement sequences', () => {
  /** −dir·Q·mark·rate, paid rounded away from zero, received toward zero (8 dp). */
  const reference = (qty: string, mark: string, rate: string, long: boolean) => {
    const x = new D(qty).times(mark).times(rate)
    const raw = long ? x.neg() : x
    return raw.isNeg() ? raw.toDecimalPlaces(8, D.ROUND_UP) : raw.toDecimalPlaces(8, D.ROUND_DOWN)
  }

  it('book every amount exactly on every balance', () => {
    const rates = ['0.0001', '-0.0001', '0.000100', '-0.00005', '0.00012345', '0.0003']
    fc.assert(
      fc.property(
        fc.constantFrom('100000', '45036042.27370496', '25000.123456789012345678'),
        fc.array(
          fc.record({
            btc: fc.boolean(),
            rate: fc.constantFrom(...rates),
            mark: fc.integer({ min: 1, max: 99_999_999 }),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        (balance, steps) => {
          const d = twoPositions(balance)
          const start = balances(d)
          let btc = new D(0)
          let eth = new D(0)
          for (const x of steps) {
            // marks around 60,000 (1 dp) and 3,000 (2 dp), texts with and without trailing zeros
            const mark = x.btc
              ? (55_000 + (x.mark % 100_000) / 10).toFixed(x.mark % 3 === 0 ? 2 : 1)
              : (2_500 + (x.mark % 100_000) / 100).toFixed(x.mark % 3 === 0 ? 3 : 2)
            const ev = d.funding(x.btc ? 'BTCUSDT' : 'ETHUSDT', x.rate, mark)
            const amount = reference(x.btc ? '1.2' : '10', mark, x.rate, x.btc)
            expect(ev.length).toBe(amount.isZero() ? 0 : 1)
            if (amount.isZero()) continue
            const e = ev[0]!
            expect(e.type === 'fundingSettled' && [e.rate, e.markPrice, e.amount]).toEqual([
              str(new D(x.rate)),
              str(new D(mark)),
              str(amount),
            ])
            if (x.btc) btc = btc.plus(amount)
            else eth = eth.plus(amount)
          }
          expectBooked(start, balances(d), btc, eth)
        },
      ),
      { numRuns: 150, seed: 16 },
    )
  })
})
