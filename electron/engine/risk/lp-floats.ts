/**
 * The liquidation-price solver's double-precision side (liquidation-price.ts): each bracket
 * table as doubles, the odometer over bracket combinations, and the position view's LP in
 * ticks decided from doubles when they can (issue 16: a view read).
 */
import { approxNum, type Dec, toNum } from '../decimal'
import type { Bracket } from '../instruments'
import type { LpSide as Side } from './liquidation-price'

const tableNumCache = new WeakMap<
  Bracket[],
  { floor: number; cap: number; mmr: number; cum: number }[]
>()

export function tableNums(t: Bracket[]) {
  let out = tableNumCache.get(t)
  if (!out) {
    out = t.map((b) => ({
      floor: toNum(b.floor),
      cap: toNum(b.cap),
      mmr: toNum(b.mmr),
      cum: toNum(b.cum),
    }))
    tableNumCache.set(t, out)
  }
  return out
}

/** A side of the scope in doubles: size, size × entry × direction, its bracket table. */
export interface FloatSide {
  q: number
  qe: number
  b: ReturnType<typeof tableNums>
}

export function floatSides(active: Side[]): FloatSide[] {
  return active.map((s) => {
    const q = approxNum(s.qty)
    return { q, qe: q * approxNum(s.entry) * s.dir, b: tableNums(s.brackets) }
  })
}

/** What `comboLp` found for one bracket combination (reused: no allocation per combination). */
export const COMBO = { lp: 0, den: 0, scale: 0 }

/**
 * The LP of the bracket combination `idx` in doubles, num/den of the closed form, with den and
 * the sum of the magnitudes that entered (its error scale), into COMBO.
 */
export function comboLp(w: number, fs: FloatSide[], idx: number[], active: Side[]): void {
  let num = w
  let den = 0
  let scale = Math.abs(w) + 1
  for (let i = 0; i < active.length; i++) {
    const f = fs[i]!
    const b = f.b[idx[i]!]!
    num += b.cum - f.qe
    den += f.q * b.mmr - f.q * active[i]!.dir
    scale += Math.abs(b.cum) + Math.abs(f.qe) + f.q
  }
  COMBO.lp = num / den
  COMBO.den = den
  COMBO.scale = scale
}

/**
 * Side i's notional at the combination's LP against its picked bracket, with the tolerance
 * `tol` on the LP: -1 clearly outside the bracket (the combination is not this LP's), 1 clearly
 * inside, 0 too close to an edge for doubles to tell. The last bracket has no cap.
 */
export function bracketFit(
  fs: FloatSide[],
  idx: number[],
  i: number,
  lp: number,
  tol: number,
): -1 | 0 | 1 {
  const f = fs[i]!
  const b = f.b[idx[i]!]!
  const n = f.q * lp
  const nt = f.q * tol + 1e-7 * Math.abs(n)
  const last = idx[i] === f.b.length - 1
  if (n < b.floor - nt || (!last && n > b.cap + nt)) return -1
  return n > b.floor + nt && (last || n < b.cap - nt) ? 1 : 0
}

/** Advance the bracket picks like an odometer; false once every combination was seen. */
export function nextCombination(idx: number[], active: Side[]): boolean {
  for (let k = 0; k < active.length; k++) {
    idx[k]!++
    if (idx[k]! < active[k]!.brackets.length) return true
    idx[k] = 0
  }
  return false
}

/**
 * The LP in ticks (HALF_UP) when doubles decide it, else undefined. quickSolve's walk: it skips
 * the combinations quickSolve skips, and the first one quickSolve checks exactly is decided
 * here only when it clearly passes that check (LP clearly > 0, each notional clearly inside its
 * bracket: the mirror of the skip tests, same tolerances) — then it is quickSolve's answer —
 * and its LP is clearly off a half tick. The double LP is within (errNum + |LP|·errDen)/|den|
 * of num/den, errNum ≤ 5e-14·scale and errDen ≤ 1e-13·Σq (inputs within 1e-14, approxNum);
 * 1e-12 below keeps a 10× margin; the exact LP is num/den to 40 digits.
 */
export function floatTicks(W: Dec, active: Side[], tickNum: number): number | undefined {
  const w = approxNum(W)
  const fs = floatSides(active)
  const sq = fs.reduce((a, f) => a + f.q, 0)
  const idx = active.map(() => 0)
  for (;;) {
    comboLp(w, fs, idx, active)
    const { lp, den, scale } = COMBO
    const clear = Math.abs(den) > 1e-6 * (sq + 1e-300)
    if (!clear || !Number.isFinite(lp)) return undefined
    const tol = 1e-7 * (Math.abs(lp) + scale / Math.abs(den))
    if (lp > -tol) {
      // quickSolve would check this combination exactly (or skip it on a notional)
      if (lp <= tol) return undefined
      let skipped = false
      for (let i = 0; i < active.length; i++) {
        const fit = bracketFit(fs, idx, i, lp, tol)
        if (fit < 0) skipped = true
        else if (fit === 0) return undefined
      }
      if (!skipped) {
        const err = (1e-12 * (scale + Math.abs(lp) * sq)) / Math.abs(den)
        const t = lp / tickNum
        const margin = err / tickNum + 1e-14 * t
        if (!(t < 1e15) || Math.abs((t % 1) - 0.5) <= margin) return undefined
        return Math.round(t)
      }
    }
    if (!nextCombination(idx, active)) return undefined
  }
}
