/**
 * Fast path vs full Decimal path over a long seeded walk (many quiet bars between events):
 * orders of every kind placed at a few percent from the price, positions on both symbols in
 * both margin modes, funding every 8 h. The two event logs must be byte-identical.
 */
import { describe, expect, it } from 'vitest'
import { createEngine, engineStats, type Engine, type EngineInput } from '../../electron/engine'
import type { TradeCommand } from '../../shared/trading/commands'
import { DEFAULT_ENGINE_SETTINGS } from '../../shared/trading/settings'

function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function inputs(seed: number, steps: number): EngineInput[] {
  const r = prng(seed)
  const out: EngineInput[] = []
  const px: Record<string, number> = { BTCUSDT: 20000, ETHUSDT: 1500 }
  const dp: Record<string, number> = { BTCUSDT: 1, ETHUSDT: 2 }
  const q = (x: number, k: number) => Number(x.toFixed(k))
  const t0 = Date.UTC(2022, 10, 1)
  out.push({
    kind: 'command',
    t: t0,
    command: { kind: 'setMarginType', symbol: 'ETHUSDT', marginType: 'ISOLATED' },
  })
  for (let i = 1; i <= steps; i++) {
    const t = t0 + i * 60_000
    out.push({
      kind: 'bars',
      t,
      bars: ['BTCUSDT', 'ETHUSDT'].map((symbol) => {
        const k = dp[symbol]!
        const o = px[symbol]!
        const shock = r() < 0.002 ? (r() - 0.6) * 0.12 : 0
        const c = q(o * (1 + (r() - 0.5) * 0.003 + shock), k)
        const h = q(Math.max(o, c) * (1 + r() * 0.002), k)
        const l = q(Math.min(o, c) * (1 - r() * 0.002), k)
        px[symbol] = c
        const off = 1 + (r() - 0.5) * 0.001
        const mo = q(o * off, k)
        const mc = q(c * off, k)
        return {
          symbol,
          last: { t, o, h, l, c, v: 20 },
          mark: {
            t,
            o: mo,
            h: Math.max(q(h * off, k), mo, mc),
            l: Math.min(q(l * off, k), mo, mc),
            c: mc,
            v: 0,
          },
        }
      }),
    })
    if (i % 480 === 0)
      for (const symbol of ['BTCUSDT', 'ETHUSDT'])
        out.push({
          kind: 'funding',
          t,
          symbol,
          rate: ((r() - 0.4) / 1000).toFixed(6),
          markPrice: String(px[symbol]),
          origin: 'recorded',
        })
    if (i % 97 === 0) {
      const symbol = r() < 0.5 ? 'BTCUSDT' : 'ETHUSDT'
      const p = px[symbol]!
      const k = dp[symbol]!
      const side = r() < 0.5 ? ('BUY' as const) : ('SELL' as const)
      const quantity = symbol === 'BTCUSDT' ? '0.05' : '0.5'
      const away = (f: number) => q(p * f, k).toFixed(k)
      const base = {
        kind: 'placeOrder' as const,
        symbol,
        side,
        positionSide: 'BOTH' as const,
        quantity,
      }
      const kinds: TradeCommand[] = [
        { ...base, type: 'MARKET' },
        { ...base, type: 'LIMIT', price: away(side === 'BUY' ? 0.98 : 1.02), timeInForce: 'GTC' },
        {
          ...base,
          type: 'STOP_MARKET',
          stopPrice: away(side === 'BUY' ? 1.02 : 0.98),
          workingType: 'MARK_PRICE',
        },
        { ...base, type: 'TAKE_PROFIT_MARKET', stopPrice: away(side === 'BUY' ? 0.97 : 1.03) },
        { ...base, type: 'TRAILING_STOP_MARKET', callbackRate: '1.5' },
        {
          ...base,
          type: 'STOP',
          stopPrice: away(side === 'BUY' ? 1.015 : 0.985),
          price: away(side === 'BUY' ? 1.02 : 0.98),
        },
        { kind: 'setLeverage', symbol, leverage: [5, 20, 50][Math.floor(r() * 3)]! },
      ]
      out.push({ kind: 'command', t, command: kinds[Math.floor(r() * kinds.length)]! })
    }
  }
  return out
}

function run(ins: EngineInput[], fastPath: boolean): { log: string; engine: Engine } {
  const engine = createEngine({
    symbols: ['BTCUSDT', 'ETHUSDT'],
    settings: { ...DEFAULT_ENGINE_SETTINGS, startingBalance: '3000' },
    fastPath,
  })
  const log = ins.map((i) => JSON.stringify(engine.apply(i))).join('\n')
  return { log, engine }
}

describe('long walk: fast path ≡ full path', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}`, () => {
      const ins = inputs(seed, 6000)
      const fast = run(ins, true)
      const full = run(ins, false)
      expect(fast.log).toBe(full.log)
      expect(fast.engine.stateHash()).toBe(full.engine.stateHash())
      // the fast path really skipped most bars, and something happened
      expect(engineStats(fast.engine).slowBarInputs).toBeLessThan(
        engineStats(full.engine).slowBarInputs,
      )
      expect(fast.log).toMatch(/orderFilled/)
    }, 60_000)
  }
})
