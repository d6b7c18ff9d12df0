/**
 * Issue 12, CLI level: each engine rule checked through `perpdojo sim` over a hand-made folder
 * of Binance CSVs (test/golden/csv-folder.ts), the way an outsider would probe it. Which unit
 * and CLI tests cover each rule: docs/engine.md "Issue 12 rules: where each is tested".
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { at, removeFolder, sim, writeFolder, type Row } from './csv-folder'

const folders: string[] = []
afterAll(() => folders.forEach(removeFolder))
const folder = (...a: Parameters<typeof writeFolder>) => {
  const d = writeFolder(...a)
  folders.push(d)
  return d
}
const flat = (p: number): Row => [p, p, p, p]
const zeroFees = { takerFee: '0', makerFee: '0' }
const base = {
  slippage: false,
  marginCallRatios: [],
  instruments: { BTCUSDT: zeroFees, ETHUSDT: zeroFees },
}
const events = (lines: Record<string, unknown>[]) => lines.filter((l) => l.kind !== 'summary')
/** A one-way market BUY at minute `minute` of the folder, as a script line. */
const marketBuy = (symbol: string, quantity: string, minute = 1) => ({
  t: at(minute),
  command: {
    kind: 'placeOrder',
    symbol,
    side: 'BUY',
    positionSide: 'BOTH',
    type: 'MARKET',
    quantity,
  },
})

describe('rule 0: the fast path over a symbol with a gap', () => {
  it('liquidates the cross account like --full-path when BTC stops reporting', async () => {
    // BTC slides 20,000 → 19,000 then its file ends (a tail gap); ETH keeps reporting and
    // slides 1,500 → 1,400: together the 1,000 USDT cross account is under water.
    const btc: Row[] = [flat(20000)]
    for (let p = 19950; p >= 19000; p -= 50) btc.push(flat(p))
    const eth: Row[] = btc.map(() => flat(1500))
    for (let p = 1495; p >= 1400; p -= 5) eth.push(flat(p))
    const dir = folder({ BTCUSDT: { last: btc }, ETHUSDT: { last: eth } })
    const script = {
      settings: { ...base, startingBalance: '1000', defaultLeverage: 20 },
      defaultFunding: 'off',
      commands: [marketBuy('BTCUSDT', '0.5'), marketBuy('ETHUSDT', '5')],
    }
    const fast = await sim(dir, script)
    const full = await sim(dir, script, ['--full-path'])
    expect(full.err).toEqual([])
    expect(full.code).toBe(0)
    expect(events(full.lines).filter((e) => e.type === 'liquidation')).toHaveLength(2)
    expect(fast.out).toEqual(full.out)
  }, 60_000)
})

describe('rule 2: −2027 counts open orders on the same side', () => {
  it('the third stacked 125x bid is rejected; a leverage raise over resting bids too', async () => {
    const dir = folder({ BTCUSDT: { last: Array.from({ length: 10 }, () => flat(20000)) } })
    const bid = (quantity: string) => ({
      t: at(1),
      command: {
        kind: 'placeOrder',
        symbol: 'BTCUSDT',
        side: 'BUY',
        positionSide: 'BOTH',
        type: 'LIMIT',
        price: '19000',
        quantity,
        timeInForce: 'GTC',
      },
    })
    const lev = (leverage: number) => ({
      t: at(1),
      command: { kind: 'setLeverage', symbol: 'BTCUSDT', leverage },
    })
    const rejected = async (commands: unknown[]) =>
      events((await sim(dir, { settings: { ...base, startingBalance: '10000' }, commands })).lines)
        .filter((e) => e.type === 'commandRejected')
        .map((e) => (e.rejection as { code: number }).code)
    // 125x: two 19,000 bids of 1 BTC fit the 50,000 cap, the third does not.
    expect(await rejected([lev(125), bid('1'), bid('1'), bid('1')])).toEqual([-2027])
    // 3 BTC of resting bids at 20x: raising to 125x is refused, to 100x allowed.
    expect(await rejected([bid('1.5'), bid('1.5'), lev(125), lev(100)])).toEqual([-2027])
  }, 60_000)
})

describe('rule 4: small ones', () => {
  it('a cross leverage reduction without the margin for it answers −2028', async () => {
    const dir = folder({ BTCUSDT: { last: Array.from({ length: 5 }, () => flat(20000)) } })
    const { lines } = await sim(dir, {
      settings: { ...base, startingBalance: '100' },
      commands: [
        {
          t: at(1),
          command: {
            kind: 'placeOrder',
            symbol: 'BTCUSDT',
            side: 'BUY',
            positionSide: 'BOTH',
            type: 'MARKET',
            quantity: '0.09',
          },
        },
        { t: at(1), command: { kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 10 } },
      ],
    })
    const rej = events(lines).find((e) => e.type === 'commandRejected')
    expect(rej?.rejection).toMatchObject({ name: 'LEVERAGE_REDUCTION_MARGIN', code: -2028 })
  }, 60_000)
  it('the cross bankruptcy price is where the margin balance reaches zero (no other MM netted)', async () => {
    // cross, 1,000 USDT: long 0.5 BTC @ 20,000 and 5 ETH @ 1,500; BTC falls to 17,000 in one
    // bar while ETH stays flat. BTC's margin balance is 0 at 20,000 − 1,000 / 0.5 = 18,000;
    // before the fix ETH's maintenance margin (30) was netted and 18,060 was shown.
    const btc: Row[] = [flat(20000), flat(20000), [20000, 20000, 17000, 17000], flat(17000)]
    const dir = folder({ BTCUSDT: { last: btc }, ETHUSDT: { last: btc.map(() => flat(1500)) } })
    const script = {
      settings: { ...base, startingBalance: '1000', defaultLeverage: 20 },
      defaultFunding: 'off',
      commands: [marketBuy('BTCUSDT', '0.5'), marketBuy('ETHUSDT', '5')],
    }
    const { code, lines } = await sim(dir, script)
    expect(code).toBe(0)
    const liq = events(lines).filter((e) => e.type === 'liquidation')
    expect(liq.map((e) => [e.symbol, e.bankruptcyPrice])[0]).toEqual(['BTCUSDT', '18000'])
    // ETH's: 1,000 + 0.5 × (BTC mark − 20,000) + 5 × (BP − 1,500) = 0
    const ethBp = 1500 - (1000 + 0.5 * (Number(liq[0]!.markPrice) - 20000)) / 5
    expect(Number(liq[1]!.bankruptcyPrice)).toBeCloseTo(ethBp, 2)
  }, 60_000)
})

describe('rule 1: an isolated position never loses more than its isolated margin', () => {
  it('funding of 2 % on a 125x isolated long: liquidated, the fund pays past the margin', async () => {
    const dir = folder({
      BTCUSDT: { last: Array.from({ length: 10 }, () => flat(20000)), funding: [[5, '0.02']] },
    })
    const cmd = (command: Record<string, unknown>) => ({ t: at(1), command })
    const { lines } = await sim(dir, {
      settings: { ...base, startingBalance: '100' },
      commands: [
        cmd({ kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' }),
        cmd({ kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 125 }),
        cmd({
          kind: 'placeOrder',
          symbol: 'BTCUSDT',
          side: 'BUY',
          positionSide: 'BOTH',
          type: 'MARKET',
          quantity: '0.1',
        }),
      ],
    })
    const ev = events(lines)
    expect(ev.find((e) => e.type === 'fundingSettled')?.amount).toBe('-40')
    expect(ev.filter((e) => e.type === 'liquidation')).toHaveLength(1)
    const summary = lines.at(-1)!
    expect(summary.walletBalance).toBe('84') // 100 − the 16 of isolated margin
  }, 60_000)
})

describe('the CLI for outsiders', () => {
  const rows = Array.from({ length: 20 }, () => flat(20000))
  const buy = (quantity: string, minute = 1) => marketBuy('BTCUSDT', quantity, minute)
  it('default funding: a notice on stderr, "off" turns it off, a rate replaces it', async () => {
    // 07:50 → 08:10 UTC: one default settlement at 08:00
    const dir = folder({ BTCUSDT: { last: Array.from({ length: 20 }, () => flat(20000)) } }, 470)
    const isolated = {
      t: at(0),
      command: { kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' },
    }
    const script = (defaultFunding?: string) => ({
      settings: { ...base, startingBalance: '1000' },
      ...(defaultFunding ? { defaultFunding } : {}),
      commands: [isolated, buy('0.1', 1)],
    })
    const funding = (lines: Record<string, unknown>[]) =>
      events(lines)
        .filter((e) => e.type === 'fundingSettled')
        .map((e) => e.amount)
    const dflt = await sim(dir, script())
    expect(dflt.err).toHaveLength(1)
    expect(dflt.err[0]).toMatch(/^notice: no funding file for BTCUSDT: .*0\.0001.*"defaultFunding"/)
    expect(funding(dflt.lines)).toEqual(['-0.2'])
    const off = await sim(dir, script('off'))
    expect(off.err).toEqual([])
    expect(funding(off.lines)).toEqual([])
    const rate = await sim(dir, script('0.001'))
    expect(rate.err[0]).toMatch(/rate 0\.001/)
    expect(funding(rate.lines)).toEqual(['-2'])
  }, 60_000)
  it('summary positions show margin, maintenance, ratio, break-even and max removable', async () => {
    const dir = folder({ BTCUSDT: { last: rows } })
    const { lines } = await sim(dir, {
      settings: { ...base, startingBalance: '1000' },
      defaultFunding: 'off',
      commands: [
        { t: at(0), command: { kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' } },
        buy('0.1'),
      ],
    })
    const pos = (lines.at(-1)!.positions as Record<string, unknown>[])[0]!
    expect(pos).toMatchObject({
      margin: '100',
      maintenanceMargin: '8',
      breakEvenPrice: '20000',
      marginRatio: '8',
      maxRemovableMargin: '0',
      liquidationPrice: '19076.3',
    })
  }, 60_000)
  it('previewOrder answers with the ticket preview as an orderPreview line and places nothing', async () => {
    const dir = folder({ BTCUSDT: { last: rows } })
    const { lines } = await sim(dir, {
      settings: { ...base, startingBalance: '1000' },
      defaultFunding: 'off',
      commands: [
        buy('0.1'),
        {
          t: at(1),
          command: {
            kind: 'previewOrder',
            symbol: 'BTCUSDT',
            side: 'BUY',
            positionSide: 'BOTH',
            type: 'MARKET',
            quantity: '0.2',
          },
        },
      ],
    })
    const p = lines.find((l) => l.type === 'orderPreview') as {
      preview: Record<string, string>
      t: number
    }
    expect(p.preview).toMatchObject({ quantity: '0.2', initialMargin: '200', cost: '200' })
    expect(Number(p.preview.maxQuantity)).toBeGreaterThan(0.7)
    expect(p.preview.liquidationPrice).not.toBe('')
    // seen after the buy at the same time, and nothing placed
    expect(lines.filter((l) => l.type === 'orderFilled')).toHaveLength(1)
    expect(lines.indexOf(p)).toBeGreaterThan(lines.findIndex((l) => l.type === 'orderFilled'))
  }, 60_000)
})

describe('docs/examples', () => {
  it('the minimal folder and script of docs/cli.md run as documented', async () => {
    const root = path.resolve(__dirname, '../../docs/examples')
    const script = JSON.parse(readFileSync(path.join(root, 'minimal-script.json'), 'utf8'))
    const { code, lines, err } = await sim(path.join(root, 'minimal-folder'), script)
    expect(err).toEqual([])
    expect(code).toBe(0)
    const types = lines.map((l) => l.type ?? l.kind)
    expect(types).toContain('orderPreview')
    expect(types).toContain('fundingSettled')
    // the 3 % drop at 01:20 takes the mark through the stop: the position is closed
    expect(types).toContain('orderFilled')
    expect(lines.at(-1)).toMatchObject({ kind: 'summary', positions: [] })
  }, 60_000)
})

const cmdAt = (minute: number, command: Record<string, unknown>) => ({ t: at(minute), command })
const isolated = (minute = 0) =>
  cmdAt(minute, { kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' })
const hedgeLegs = (quantity: string, minute = 1) => [
  cmdAt(minute, { ...marketBuy('BTCUSDT', quantity).command, positionSide: 'LONG' }),
  cmdAt(minute, {
    ...marketBuy('BTCUSDT', quantity).command,
    side: 'SELL',
    positionSide: 'SHORT',
  }),
]

describe('rule 1: tiered liquidation of an isolated position', () => {
  it('costs no more than the isolated margin, in tiered mode as in full', async () => {
    // isolated 20x, 3 BTC @ 20,000 (margin 3,000), then 20,000 → 18,000 → 17,000
    const btc: Row[] = [flat(20000), flat(20000), [20000, 20000, 18000, 18000]]
    btc.push([18000, 18000, 17000, 17000], flat(17000))
    const dir = folder({ BTCUSDT: { last: btc } })
    const lost = async (tieredLiquidation: boolean) => {
      const { code, lines } = await sim(dir, {
        settings: { ...base, startingBalance: '100000', tieredLiquidation },
        defaultFunding: 'off',
        commands: [isolated(), marketBuy('BTCUSDT', '3')],
      })
      expect(code).toBe(0)
      const liq = events(lines).filter((e) => e.type === 'liquidation')
      return { lost: 100000 - Number(lines.at(-1)!.walletBalance), liq }
    }
    const full = await lost(false)
    const tiered = await lost(true)
    expect(tiered.liq.some((e) => e.partial === true)).toBe(true)
    expect(full.lost).toBeLessThanOrEqual(3000)
    expect(tiered.lost).toBeLessThanOrEqual(3000)
  }, 60_000)
})

describe('rule 1: a stop filled past the bankruptcy price', () => {
  it('the isolated position costs its margin; the fund pays the rest and says for which order', async () => {
    // isolated 20x long 0.1 @ 20,000 (margin 100, bankruptcy 19,000); the stop at 19,100 fills
    // with 1 % slippage at 18,909, 9.1 past bankruptcy
    const dir = folder({
      BTCUSDT: { last: [flat(20000), flat(20000), [20000, 20000, 18950, 18950]] },
    })
    const { lines } = await sim(dir, {
      settings: {
        ...base,
        startingBalance: '1000',
        slippage: true,
        slippageParams: { halfSpread: '0.01', impact: '0' },
      },
      defaultFunding: 'off',
      commands: [
        isolated(),
        cmdAt(1, {
          ...marketBuy('BTCUSDT', '0.1').command,
          type: 'LIMIT',
          price: '20000',
          timeInForce: 'GTC',
        }),
        cmdAt(1, {
          ...marketBuy('BTCUSDT', '0.1').command,
          side: 'SELL',
          type: 'STOP_MARKET',
          stopPrice: '19100',
        }),
      ],
    })
    const ev = events(lines)
    expect(ev.filter((e) => e.type === 'liquidation')).toHaveLength(0)
    expect(ev.find((e) => e.type === 'balanceProtected')).toMatchObject({
      insurance: '9.1',
      socialized: '0',
      orderId: 'o2',
    })
    expect(lines.at(-1)!.walletBalance).toBe('900')
  }, 60_000)
})

describe('rule 3: negative-balance protection off, and ADL of the own leg', () => {
  it('walletNegative names the whole isolated deficit; the wallet shows the rest', async () => {
    // isolated 20x long 0.1 @ 20,000 (margin 100 of 1,000); the next bar opens at 9,000, 1,000
    // past the 19,000 bankruptcy price: the 900 cross wallet pays what it can
    const dir = folder({ BTCUSDT: { last: [flat(20000), flat(20000), flat(9000)] } })
    const { lines } = await sim(dir, {
      settings: { ...base, startingBalance: '1000', negativeBalanceProtection: false },
      defaultFunding: 'off',
      commands: [isolated(), marketBuy('BTCUSDT', '0.1')],
    })
    const neg = events(lines).filter((e) => e.type === 'walletNegative')
    expect(neg).toHaveLength(1)
    expect(neg[0]).toMatchObject({ walletBalance: '-100', deficit: '1000' })
    expect(lines.at(-1)!.walletBalance).toBe('-100')
  }, 60_000)
  it('a hedge: the short leg ADL’d at the long’s bankruptcy price is not a socialized loss', async () => {
    const dir = folder({ BTCUSDT: { last: [flat(20000), flat(20000), flat(18000)] } })
    const { lines } = await sim(dir, {
      settings: { ...base, startingBalance: '10000', hedgeMode: true, insuranceFund: '0' },
      defaultFunding: 'off',
      commands: [isolated(), ...hedgeLegs('0.1')],
    })
    const ev = events(lines)
    expect(ev.filter((e) => e.type === 'autoDeleveraged')).toHaveLength(1)
    const prot = ev.find((e) => e.type === 'balanceProtected')
    // the long (BP 19,000) closed at 18,000: 0.1 × 1,000 = 100 past it, all taken by the own short
    expect(prot).toMatchObject({ insurance: '0', socialized: '0', ownLeg: '100' })
  }, 60_000)
})

describe('rule 4: a perfect cross hedge', () => {
  it('shows the far Binance-formula liquidation price on both legs, not none', async () => {
    const dir = folder({ BTCUSDT: { last: [flat(20000), flat(20000), flat(20000)] } })
    const { lines } = await sim(dir, {
      settings: { ...base, startingBalance: '1000', hedgeMode: true },
      defaultFunding: 'off',
      commands: hedgeLegs('0.1'),
    })
    const pos = lines.at(-1)!.positions as { liquidationPrice: string }[]
    expect(pos).toHaveLength(2)
    expect(pos[0]!.liquidationPrice).toBe(pos[1]!.liquidationPrice)
    expect(Number(pos[0]!.liquidationPrice)).toBeGreaterThan(5 * 20000)
  }, 60_000)
})

describe('rule 5: funding settles at the recorded times, whatever the interval', () => {
  it('8 h, then 4 h, then 2 h: settlements at 01:00, 05:00, 07:00, 09:00, none at 08:00', async () => {
    // the folder starts at 00:00; a long is open from 00:01
    const rows: Row[] = Array.from({ length: 600 }, () => flat(20000))
    const funding: [number, string, number][] = [
      [60, '0.0001', 8],
      [300, '0.0002', 4],
      [420, '0.0003', 2],
      [540, '0.0004', 2],
    ]
    const dir = folder({ BTCUSDT: { last: rows, funding } }, 0)
    const { err, lines } = await sim(dir, {
      settings: { ...base, startingBalance: '10000' },
      commands: [marketBuy('BTCUSDT', '0.1')],
    })
    expect(err).toEqual([]) // recorded funding: no default notice
    const settled = events(lines).filter((e) => e.type === 'fundingSettled')
    const hours = settled.map((e) => new Date(e.t as number).toISOString().slice(11, 16))
    expect(hours).toEqual(['01:00', '05:00', '07:00', '09:00'])
    expect(settled.map((e) => e.amount)).toEqual(['-0.2', '-0.4', '-0.6', '-0.8'])
  }, 60_000)
})

describe('rule 6: an isolated hedge leg’s liquidation keeps the other leg’s TP/SL', () => {
  it('cancels the liquidated leg’s orders only and reports each cancel', async () => {
    const dir = folder({
      BTCUSDT: { last: [flat(20000), flat(20000), [20000, 20000, 18900, 18950], flat(18950)] },
    })
    const tpsl = (positionSide: string, leg: Record<string, unknown>) =>
      cmdAt(1, { kind: 'setPositionTpSl', symbol: 'BTCUSDT', positionSide, ...leg })
    const { lines } = await sim(dir, {
      settings: { ...base, startingBalance: '10000', hedgeMode: true },
      defaultFunding: 'off',
      commands: [
        isolated(),
        ...hedgeLegs('0.1'),
        tpsl('SHORT', { stopLoss: { stopPrice: '21000', workingType: 'MARK_PRICE' } }),
        tpsl('LONG', { takeProfit: { stopPrice: '22000', workingType: 'MARK_PRICE' } }),
      ],
    })
    const ev = events(lines)
    expect(ev.filter((e) => e.type === 'liquidation').map((e) => e.positionSide)).toEqual(['LONG'])
    const canceled = ev
      .filter((e) => e.type === 'orderCanceled')
      .map((e) => [(e.order as { positionSide: string }).positionSide, e.reason])
    expect(canceled).toEqual([['LONG', 'LIQUIDATION']])
    expect(lines.at(-1)!.openOrders).toBe(1)
  }, 60_000)
})
