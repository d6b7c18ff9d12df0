/**
 * order:preview through the real host dispatcher and the real engine, on a hand-built
 * BTCUSDT scenario whose last and mark prices are the §1.4 FAQ figures
 * (last 9,258.99, mark 9,259.84), so the worked example can be read off the preview.
 */
import * as path from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { BRACKET_TABLES } from '../../../electron/engine'
import { D } from '../../../electron/engine/decimal'
import { maxNotionalFor } from '../../../electron/engine/instruments'
import { offProfile } from '../../../electron/host/coach'
import { importFiles } from '../../../electron/host/data'
import { createHost, type Host } from '../../../electron/host/host'
import type { CommandAck, OrderPreview, SessionSnapshot } from '../../../shared/contract'
import { tempDir, writeFile } from '../data/support/fixtures'

const resourcesDir = path.resolve(__dirname, '../../../resources')
const LAST = '9258.99'
const MARK = '9259.84'
const T0 = Date.UTC(2024, 0, 1)

/** Flat 1-minute klines (Binance 12-column rows) at one price. */
function flat(n: number, price: string): string {
  const rows: string[] = []
  for (let i = 0; i < n; i++) {
    const t = T0 + i * 60_000
    rows.push(`${t},${price},${price},${price},${price},10.5,${t + 59_999},1050,42,5,525,0`)
  }
  return rows.join('\n') + '\n'
}

let scenarioDir = ''
beforeAll(() => {
  scenarioDir = tempDir('pd-faq-')
  writeFile(scenarioDir, 'BTCUSDT-1m-2024-01-01.csv', flat(120, LAST))
  writeFile(scenarioDir, 'BTCUSDT-markprice-1m-2024-01-01.csv', flat(120, MARK))
})

let hosts: Host[] = []
afterEach(async () => {
  for (const h of hosts) await h.close()
  hosts = []
})

async function call<T>(h: Host, method: string, payload: unknown): Promise<T> {
  const r = await h.dispatch(method, payload)
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`)
  return r.value as T
}

async function session(
  settings: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) {
  // The host names scenarios by id only (issue 11 item 6): the hand-made folder is imported
  // into this host's data folder first, as the desk's import flow would.
  const dataDir = tempDir('pd-trading-')
  const imported = await importFiles([scenarioDir], { userDir: dataDir })
  if (!imported.ok || !imported.scenarioId) throw new Error('FAQ scenario did not import')
  const h = createHost({
    dataDir,
    resourcesDir,
    transport: 'websocket',
    version: 'test',
  })
  hosts.push(h)
  // These tests read the engine's numbers; the coach's guardrails (on by default) would
  // refuse the large no-stop orders they place.
  await call(h, 'coach:settings', { profile: offProfile() })
  const snap = await call<SessionSnapshot>(h, 'session:create', {
    scenarioId: imported.scenarioId,
    settings: { slippage: false, ...settings },
    ...extra,
  })
  const id = snap.summary.id
  const preview = (req: Record<string, unknown>) =>
    call<OrderPreview>(h, 'order:preview', {
      sessionId: id,
      symbol: 'BTCUSDT',
      positionSide: 'BOTH',
      ...req,
    })
  const command = (command: Record<string, unknown>) =>
    call<CommandAck>(h, 'session:command', { sessionId: id, command })
  return { h, id, snap, preview, command }
}

const cut2 = (s: string) => new D(s).toDecimalPlaces(2, D.ROUND_DOWN).toFixed(2)

describe('order:preview (host + real engine)', () => {
  it('reproduces the §1.4 FAQ example: IM 462.66 both sides, cost 462.66 long / 469.20 short', async () => {
    const s = await session()
    expect(s.snap.account.marks.BTCUSDT).toBe(MARK)
    const order = { type: 'LIMIT', price: '9253.3', quantity: '1' }
    const long = await s.preview({ ...order, side: 'BUY' })
    const short = await s.preview({ ...order, side: 'SELL' })
    expect(long.rejection).toBeUndefined()
    expect(short.rejection).toBeUndefined()
    expect(long).toMatchObject({ quantity: '1', price: '9253.3', notional: '9253.3', leverage: 20 })
    // IM = 9,253.30 / 20 = 462.665 (the FAQ cuts it to the cent)
    expect([long.initialMargin, short.initialMargin]).toEqual(['462.665', '462.665'])
    expect(cut2(long.cost)).toBe('462.66')
    // open loss of the short = 1 × (9,259.84 − 9,253.30) = 6.54
    expect(short.cost).toBe('469.205')
    expect(cut2(short.cost)).toBe('469.20')
    // the session itself did not change
    const again = await call<SessionSnapshot>(s.h, 'session:open', { sessionId: s.id })
    expect(again.account.openOrders).toHaveLength(0)
    expect(again.account.positions).toHaveLength(0)
  })

  it('converts USDT and a fraction of the max into coin, rounded down to the lot', async () => {
    const s = await session()
    const usdt = await s.preview({ side: 'BUY', type: 'MARKET', quoteQuantity: '5000' })
    const exact = new D(5000).div(LAST)
    expect(usdt.quantity).toBe(exact.toDecimalPlaces(3, D.ROUND_DOWN).toFixed())
    expect(new D(usdt.quantity).lte(exact)).toBe(true)
    expect(usdt.price).toBe(LAST)

    // max at 20x, fees reserved: 10,000 / (9,258.99 / 20 + 9,258.99 × 0.0005) = 21.3867… → 21.386
    const half = await s.preview({ side: 'BUY', type: 'MARKET', sizeFraction: '0.5' })
    expect(half.maxQuantity).toBe('21.386')
    expect(half.quantity).toBe('10.693')
    const third = await s.preview({ side: 'BUY', type: 'MARKET', sizeFraction: '0.3333' })
    expect(third.quantity).toBe(
      new D('21.386').times('0.3333').toDecimalPlaces(3, D.ROUND_DOWN).toFixed(),
    )
    // 100 % of the max is placeable
    const all = await s.preview({ side: 'BUY', type: 'MARKET', sizeFraction: '1' })
    expect(all.quantity).toBe(all.maxQuantity)
    expect(all.rejection).toBeUndefined()
    const ack = await s.command({
      kind: 'placeOrder',
      symbol: 'BTCUSDT',
      side: 'BUY',
      positionSide: 'BOTH',
      type: 'MARKET',
      quantity: all.quantity,
    })
    expect(ack.rejection).toBeUndefined()
    expect(ack.accepted).toBe(true)
  })

  it('max size stays placeable with slippage on (checked against the engine)', async () => {
    for (const side of ['BUY', 'SELL']) {
      const s = await session({ slippage: true })
      const all = await s.preview({ side, type: 'MARKET', sizeFraction: '1' })
      expect(new D(all.maxQuantity).gt(20)).toBe(true)
      expect(all.quantity).toBe(all.maxQuantity)
      expect(all.rejection).toBeUndefined()
      const ack = await s.command({
        kind: 'placeOrder',
        symbol: 'BTCUSDT',
        side,
        positionSide: 'BOTH',
        type: 'MARKET',
        quantity: all.quantity,
      })
      expect(ack.rejection).toBeUndefined()
      expect(ack.accepted).toBe(true)
    }
  })

  it('maxNotional is the bracket cap at the requested leverage; the session leverage is untouched', async () => {
    const s = await session()
    const table = BRACKET_TABLES.BTCUSDT_2024
    for (const lev of [1, 5, 20, 50, 75, 100, 125]) {
      const p = await s.preview({ side: 'BUY', type: 'MARKET', leverage: lev })
      expect(p.leverage).toBe(lev)
      expect(p.maxNotional).toBe(maxNotionalFor(table, lev)!.toFixed())
      expect(p.quantity).toBe('0')
      expect(p.cost).toBe('0')
    }
    const p125 = await s.preview({ side: 'BUY', type: 'MARKET', leverage: 125 })
    expect(p125.maxNotional).toBe('50000')
    expect(p125.maintMarginRatio).toBe('0.004')
    // the cap binds at 125x: 50,000 / 9,258.99 = 5.400… → 5.4
    expect(p125.maxQuantity).toBe('5.4')
    // a leverage dialog preview of 10 BTC at 125x: the bracket refuses
    const big = await s.preview({ side: 'BUY', type: 'MARKET', quantity: '6', leverage: 125 })
    expect(big.rejection?.name).toBe('LEVERAGE_TOO_HIGH')
    const snap = await call<SessionSnapshot>(s.h, 'session:open', { sessionId: s.id })
    expect(snap.account.symbols.find((x) => x.symbol === 'BTCUSDT')?.leverage).toBe(20)
  })

  it('liquidation price equals what the engine reports after placing the same market order', async () => {
    const s = await session()
    for (const [side, qty] of [
      ['BUY', '3'],
      ['SELL', '1.5'],
    ] as const) {
      const p = await s.preview({ side, type: 'MARKET', quantity: qty })
      expect(p.rejection).toBeUndefined()
      expect(p.liquidationPrice).not.toBe('')
      const ack = await s.command({
        kind: 'placeOrder',
        symbol: 'BTCUSDT',
        side,
        positionSide: 'BOTH',
        type: 'MARKET',
        quantity: qty,
      })
      expect(ack.rejection).toBeUndefined()
      expect(ack.accepted).toBe(true)
      const pos = ack.account.positions.find((x) => x.symbol === 'BTCUSDT')!
      expect(pos.liquidationPrice).toBe(p.liquidationPrice)
      const fee = ack.events.find((e) => e.type === 'orderFilled')
      expect(fee && fee.type === 'orderFilled' && fee.fill.fee).toBe(p.fee)
    }
  })

  it('surfaces the engine rejection of an over-sized order and of a refused leverage change', async () => {
    const s = await session()
    const over = await s.preview({ side: 'BUY', type: 'MARKET', quantity: '100' })
    expect(over.rejection?.name).toBe('MARGIN_INSUFFICIENT')
    expect(over.rejection?.code).toBe(-2019)
    expect(new D(over.cost).gt(10_000)).toBe(true)
    const offLot = await s.preview({ side: 'BUY', type: 'MARKET', quantity: '0.0005' })
    expect(offLot.rejection?.name).toBe('QTY_OFF_LOT')
    // a 10 BTC position (~92.6k notional) cannot go to 125x (cap 50k)
    await s.command({
      kind: 'placeOrder',
      symbol: 'BTCUSDT',
      side: 'BUY',
      positionSide: 'BOTH',
      type: 'MARKET',
      quantity: '10',
    })
    const lev = await s.preview({ side: 'BUY', type: 'MARKET', quantity: '1', leverage: 125 })
    expect(lev.rejection?.name).toBe('LEVERAGE_TOO_HIGH')
    expect(lev.leverage).toBe(125)
    expect(lev.maxNotional).toBe('50000')
    // reduce-only: at most the position
    const ro = await s.preview({
      side: 'SELL',
      type: 'MARKET',
      reduceOnly: true,
      sizeFraction: '1',
    })
    expect(ro.maxQuantity).toBe('10')
    expect(ro.quantity).toBe('10')
    expect(ro.rejection).toBeUndefined()
  })

  it('rejects hostile payloads (INVALID_REQUEST) and unknown sessions (NOT_FOUND)', async () => {
    const s = await session()
    const base = {
      sessionId: s.id,
      symbol: 'BTCUSDT',
      side: 'BUY',
      positionSide: 'BOTH',
      type: 'MARKET',
    }
    const bad: unknown[] = [
      null,
      'x',
      [],
      { ...base, quantity: '1', quoteQuantity: '100' },
      { ...base, quantity: '1', sizeFraction: '0.5' },
      { ...base, quantity: '-1' },
      { ...base, quantity: '0' },
      { ...base, quantity: 1 },
      { ...base, quantity: '1e3' },
      { ...base, quantity: 'NaN' },
      { ...base, quoteQuantity: '0.000' },
      { ...base, sizeFraction: '1.5' },
      { ...base, sizeFraction: '0' },
      { ...base, sizeFraction: '-0.5' },
      { ...base, leverage: 0 },
      { ...base, leverage: 151 },
      { ...base, leverage: 2.5 },
      { ...base, leverage: '20' },
      { ...base, price: '-5' },
      { ...base, side: 'HOLD' },
      { ...base, type: 'ICEBERG' },
      { ...base, symbol: 'btc/usdt' },
      { ...base, sessionId: '../../etc' },
      { ...base, sessionId: 'x'.repeat(65) },
      { ...base, admin: true },
      JSON.parse(
        `{"sessionId":"${s.id}","symbol":"BTCUSDT","side":"BUY","positionSide":"BOTH","type":"MARKET","__proto__":{"polluted":1}}`,
      ),
      { ...base, quantity: '1'.repeat(50) },
    ]
    for (const payload of bad) {
      const r = await s.h.dispatch('order:preview', payload)
      expect(r.ok, JSON.stringify(payload)).toBe(false)
      if (!r.ok) expect(r.error.code).toBe('INVALID_REQUEST')
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    const missing = await s.h.dispatch('order:preview', { ...base, sessionId: 'no-such-session' })
    expect(missing.ok === false && missing.error.code).toBe('NOT_FOUND')
    await call(s.h, 'session:close', { sessionId: s.id })
    const closed = await s.h.dispatch('order:preview', base)
    expect(closed.ok === false && closed.error.code).toBe('NOT_FOUND')
    // a symbol the session does not trade is a business rejection, not a transport error
    const h2 = await session()
    const eth = await h2.preview({ symbol: 'ETHUSDT', side: 'BUY', type: 'MARKET', quantity: '1' })
    expect(eth.rejection?.name).toBe('UNKNOWN_SYMBOL')
  })

  it('blind exams: takes the alias, answers masked', async () => {
    const s = await session({}, { mode: 'exam', blind: true })
    const alias = s.snap.scenario.symbols[0]!.symbol
    expect(alias).not.toBe('BTCUSDT')
    const p = await call<OrderPreview>(s.h, 'order:preview', {
      sessionId: s.id,
      symbol: alias,
      side: 'BUY',
      positionSide: 'BOTH',
      type: 'MARKET',
      quantity: '1000',
    })
    expect(p.rejection?.name).toBe('MARGIN_INSUFFICIENT')
    expect(JSON.stringify(p)).not.toMatch(/BTC/)
    const wrong = await s.h.dispatch('order:preview', {
      sessionId: s.id,
      symbol: 'BTCUSDT',
      side: 'BUY',
      positionSide: 'BOTH',
      type: 'MARKET',
    })
    expect(wrong.ok === false && wrong.error.code).toBe('NOT_FOUND')
  })
})
