/**
 * Exact worst-case losses of quiet-bar risk scopes (thresholds.ts RiskBound) for the fold and
 * funding tests: the loss sum's terms from the doubles, summed in BigInt.
 */
import type { SymbolState } from '../../electron/engine/state'
import type { RiskBound } from '../../electron/engine/thresholds'

/** x = n·2^e exactly (x a finite double). */
function exact(x: number): { n: bigint; e: number } {
  if (x === 0) return { n: 0n, e: 0 }
  let e = 0
  while (!Number.isInteger(x)) {
    x *= 2
    e--
  }
  while (Math.abs(x) > Number.MAX_SAFE_INTEGER) {
    x /= 2
    e++
  }
  return { n: BigInt(x), e }
}

/** Σ of products of doubles (each term a sign and its factors) exactly, as n·2^e. */
function exactSum(terms: { sign: 1 | -1; factors: number[] }[]): { n: bigint; e: number } {
  const parts = terms.map(({ sign, factors }) =>
    factors
      .map(exact)
      .reduce((p, f) => ({ n: p.n * f.n, e: p.e + f.e }), { n: BigInt(sign), e: 0 }),
  )
  const e = Math.min(0, ...parts.map((p) => p.e))
  return { n: parts.reduce((sum, p) => sum + p.n * 2n ** BigInt(p.e - e), 0n), e }
}

/** down·(ref − lo)⁺ + up·(hi − ref)⁺ summed over the used symbols, minus the buffer, exactly. */
export function excess(b: RiskBound, lo: number[], hi: number[]): bigint {
  const terms: { sign: 1 | -1; factors: number[] }[] = [{ sign: -1, factors: [b.buffer] }]
  for (const i of b.used) {
    const ref = b.ref[i]!
    if (lo[i]! < ref)
      terms.push(
        { sign: 1, factors: [b.down[i]!, ref] },
        { sign: -1, factors: [b.down[i]!, lo[i]!] },
      )
    if (hi[i]! > ref)
      terms.push({ sign: 1, factors: [b.up[i]!, hi[i]!] }, { sign: -1, factors: [b.up[i]!, ref] })
  }
  return exactSum(terms).n
}

export function symbolsAt(marks: number[]): SymbolState[] {
  return marks.map((c, i) => ({
    symbol: `S${i}USDT`,
    leverage: 10,
    marginType: 'CROSSED',
    last: { o: c, h: c, l: c, c, v: 1 },
    mark: { o: c, h: c, l: c, c },
  }))
}

export function scopeOf(x: {
  refs: number[]
  long: number[]
  short: number[]
  mmr: number
  buffer: number
}): RiskBound {
  const n = x.refs.length
  const b: RiskBound = { key: 'CROSS', buffer: x.buffer, ref: [], down: [], up: [], used: [] }
  for (let i = 0; i < n; i++) {
    const gross = (x.long[i]! + x.short[i]!) * x.mmr
    b.ref.push(x.refs[i]!)
    b.down.push(Math.max(0, x.long[i]! - x.short[i]!) + gross)
    b.up.push(Math.max(0, x.short[i]! - x.long[i]!) + gross)
    if (b.down[i] !== 0 || b.up[i] !== 0) b.used.push(i)
  }
  return b
}
