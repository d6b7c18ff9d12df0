/**
 * The engine object: dispatches inputs, owns the state, keeps the fast-path thresholds.
 * apply() is the only mutator; it never reads a clock, timers or randomness.
 */
import type { Bar } from '../../shared/market'
import type { TradeCommand } from '../../shared/trading/commands'
import type { EngineEvent } from '../../shared/trading/events'
import type { EngineSettings } from '../../shared/trading/settings'
import type { AccountView } from '../../shared/trading/views'
import { keepBars, processSymbolBar } from './bar-step'
import { handleCommand } from './commands'
import { makeCtx, resetCtx, type Ctx } from './context'
import { EngineInvariantError } from './errors'
import { settleFunding } from './funding/funding'
import { canonicalJson, fnv1a64 } from './hash'
import { resolveSpec, type InstrumentSpec } from './instruments'
import { foldRisk } from './quiet-bounds'
import { postEventRisk } from './risk/check'
import { freeze, initialState, revive, type EngineState } from './state'
import { absorbFunding } from './funding/absorb'
import {
  computeThresholds,
  refreshOrderThresholds,
  type SymbolThresholds,
  type Thresholds,
} from './thresholds'
import { accountView } from './views'

export type EngineInput =
  | { kind: 'command'; t: number; command: TradeCommand }
  | { kind: 'bars'; t: number; bars: { symbol: string; last: Bar; mark: Bar }[] }
  | {
      kind: 'funding'
      t: number
      symbol: string
      rate: string
      markPrice: string
      origin: 'recorded' | 'default'
    }

/** Plain JSON: `{ version, state }` with Decimals as `{ "$d": "…" }`. */
export interface EngineSnapshot {
  version: 1
  state: unknown
}

/** Events of a command that touched nothing but the order book. */
const BOOK_ONLY = new Set<EngineEvent['type']>([
  'orderAccepted',
  'orderCanceled',
  'orderAmended',
  'commandRejected',
])
const bookOnly = (e: EngineEvent): boolean => BOOK_ONLY.has(e.type)

/**
 * What a quiet bar returns: one shared frozen list. A new `[]` per quiet step was the fast
 * path's largest allocation (≈ 2 MB per 30-day window of 2 symbols), and its scavenges ran on
 * every core (docs/performance.md "Session 7, quiet steps allocate nothing").
 */
const NO_EVENTS: readonly EngineEvent[] = Object.freeze([])

export class EngineCore {
  private readonly specs: Map<string, InstrumentSpec>
  private readonly index: Map<string, number>
  private th: Thresholds | null = null
  private scratch = new Int32Array(8)
  /** Per symbol index: position of its bar in the current input, or -1 (lossesFit()). */
  private present = new Int32Array(8)
  /** Diagnostics: bar inputs that took the full Decimal path. */
  slowBars = 0
  /** Diagnostics: bars of such inputs kept as quiet() keeps them (`keepsQuiet`). */
  keptBars = 0
  /** apply()'s working context, reset for each input (views and previews make their own). */
  private work: Ctx | null = null

  constructor(
    readonly s: EngineState,
    readonly fastPath: boolean,
  ) {
    this.specs = new Map(s.symbols.map((x) => [x.symbol, resolveSpec(x.symbol, s.settings)]))
    this.index = new Map(s.symbols.map((x, i) => [x.symbol, i]))
  }

  ctx(): Ctx {
    return makeCtx(this.s, this.specs)
  }

  private workCtx(): Ctx {
    return this.work ? resetCtx(this.work) : (this.work = this.ctx())
  }

  apply(input: EngineInput): readonly EngineEvent[] {
    if (!(input.t >= this.s.t))
      throw new EngineInvariantError(`time went backwards: ${input.t} < ${this.s.t}`)
    this.s.t = input.t
    if (input.kind === 'bars' && this.fastPath && this.quiet(input.bars)) return NO_EVENTS
    const ctx = this.workCtx()
    if (input.kind === 'bars') {
      this.slowBars++
      const th = this.fastPath ? this.th : null
      const valid = th !== null && input.t < th.validUntil && !th.ordersStale
      // symbols whose bar took the full path in this input (bit i: symbol i; -1: unknown)
      let full = 0
      for (const b of input.bars) {
        const i = this.index.get(b.symbol)
        if (i === undefined) throw new EngineInvariantError(`bar for unknown symbol ${b.symbol}`)
        if (valid && this.keepsQuiet(th, i, b, full)) {
          keepBars(this.s.symbols[i]!, b.last, b.mark)
          this.keptBars++
          continue
        }
        processSymbolBar(ctx, b.symbol, b.last, b.mark)
        full |= i < 31 ? 1 << i : -1
      }
    } else if (input.kind === 'command') {
      handleCommand(ctx, input.command)
      // Only the order book changed (or nothing): margin balances, MM and scopes are as the
      // previous input left them (settled: nothing liquidatable, call levels current), so the
      // risk pass would do nothing; only the order levels of the thresholds move. They are
      // recomputed once, when the next bar needs them (a trader cancelling and re-placing
      // orders sends several book-only commands between two bars).
      const th = this.th
      if (this.fastPath && th && input.t < th.validUntil && ctx.out.every(bookOnly)) {
        th.ordersStale = true
        return ctx.out
      }
    } else {
      if (!this.index.has(input.symbol))
        throw new EngineInvariantError(`funding for unknown symbol ${input.symbol}`)
      const deltas = settleFunding(ctx, input.symbol, input.rate, input.markPrice, input.origin)
      // Every scope keeps a positive margin buffer: nothing to liquidate or warn about.
      const th = this.th
      if (
        this.fastPath &&
        th &&
        input.t < th.validUntil &&
        absorbFunding(th, deltas, this.s.symbols)
      )
        return ctx.out
    }
    postEventRisk(ctx)
    this.th = this.fastPath ? computeThresholds(ctx) : null
    return ctx.out
  }

  /**
   * A bar of an input that takes the full path (another symbol's bar crossed a level) that may
   * be kept as quiet() keeps it, prices only: one inside its symbol's own bounds (barFit 0), so
   * on its own it could trigger, update, liquidate or warn nothing, and read by nothing an
   * earlier bar of this input changed (`full`: the symbols processed so far). That holds when
   * no bar was processed yet: the state is the one the thresholds were computed for, the other
   * symbols' marks are still inside their boxes (they move only with their own bars), which is
   * all quiet() assumes for a symbol absent from an input. Later in the input it holds for a
   * symbol not processed yet that is isolated only (its margin type and every position of it):
   * its bar reads its own orders, its isolated positions and their margin-call levels, which
   * another symbol's bar never changes (its fills, liquidation, ADL and the insurance cover
   * touch that symbol's orders and positions, the cross positions, the orders of cross symbols
   * and the wallet), and its bounds come from those alone (no cross scope uses it).
   */
  private keepsQuiet(
    th: Thresholds,
    i: number,
    b: { symbol: string; last: Bar; mark: Bar },
    full: number,
  ): boolean {
    if (barFit(th.syms[i]!, b.last, b.mark) !== 0) return false
    if (full === 0) return true
    if (full < 0 || i >= 31 || full & (1 << i)) return false
    if (this.s.symbols[i]!.marginType !== 'ISOLATED') return false
    for (const p of this.s.positions)
      if (p.symbol === b.symbol && p.marginType !== 'ISOLATED') return false
    return true
  }

  /**
   * True when no bar of this input crosses a threshold: then only the prices move. The risk
   * scopes' bounds are folded into the mark bounds (quiet-bounds.ts), so a bar inside them is
   * decided by its own range; one outside them but inside its orders' mark levels by the
   * worst-case loss sum (`lossesFit`).
   */
  private quiet(bars: { symbol: string; last: Bar; mark: Bar }[]): boolean {
    const th = this.th
    // the time is read from the state (apply() just set it): a double passed to a call that is
    // not inlined is boxed, 16 bytes of garbage per quiet step
    if (!th || this.s.t >= th.validUntil) return false
    if (th.ordersStale) refreshOrderThresholds(this.workCtx(), th)
    const syms = this.s.symbols
    const n = syms.length
    const idx =
      this.scratch.length >= bars.length
        ? this.scratch
        : (this.scratch = new Int32Array(bars.length))
    // one bar per symbol in the state's order (the usual input): bar k is symbol k's
    let inOrder = bars.length === n
    let outside = false
    for (let k = 0; k < bars.length; k++) {
      const b = bars[k]!
      let i = k
      if (!(k < n && syms[k]!.symbol === b.symbol)) {
        i = this.index.get(b.symbol) ?? -1
        if (i < 0) return false
        inOrder = false
      }
      idx[k] = i
      const fit = barFit(th.syms[i]!, b.last, b.mark)
      if (fit === 2) return false
      // past a risk bound only (an order's level is final): the loss sum decides below
      if (fit === 1) outside = true
    }
    if ((outside || bars.length === 0) && !this.lossesFit(th, bars, idx, inOrder)) return false
    for (let k = 0; k < bars.length; k++) keepBars(syms[idx[k]!]!, bars[k]!.last, bars[k]!.mark)
    // a mark left its box: the boxes are centred on the new marks
    if (outside) foldRisk(th, syms)
    return true
  }

  /**
   * Every risk scope's worst-case loss from its reference marks, over this input's mark ranges
   * and the other symbols' current marks (real data has gaps: an absent symbol's mark stays where
   * quiet bars left it), stays below its buffer.
   */
  private lossesFit(
    th: Thresholds,
    bars: { symbol: string; last: Bar; mark: Bar }[],
    idx: Int32Array,
    inOrder: boolean,
  ): boolean {
    const syms = this.s.symbols
    const n = syms.length
    let at: Int32Array | null = null
    if (!inOrder && th.risk.length > 0) {
      at = this.present.length >= n ? this.present : (this.present = new Int32Array(n))
      at.fill(-1, 0, n)
      for (let k = 0; k < bars.length; k++) at[idx[k]!] = k
    }
    for (const r of th.risk) {
      let loss = 0
      for (const i of r.used) {
        const k = at ? at[i]! : i
        const ref = r.ref[i]!
        const lo = k >= 0 ? bars[k]!.mark.l : (syms[i]!.mark?.c ?? ref)
        const hi = k >= 0 ? bars[k]!.mark.h : lo
        if (lo < ref) loss += r.down[i]! * (ref - lo)
        if (hi > ref) loss += r.up[i]! * (hi - ref)
      }
      if (!(loss < r.buffer)) return false
    }
    return true
  }

  view(): AccountView {
    return accountView(this.ctx())
  }

  snapshot(): EngineSnapshot {
    return { version: 1, state: freeze(this.s) }
  }

  stateHash(): string {
    return fnv1a64(canonicalJson(freeze(this.s)))
  }
}

/**
 * Where a symbol's bar lies against its bounds: 0 inside them (nothing of the symbol can act),
 * 1 past a risk bound only (the loss sum decides, `lossesFit`), 2 to the full path. A bad bar
 * (NaN, ≤ 0, infinite, open/close outside the range) fails these comparisons and goes to the
 * full path, which rejects or widens it. The bounds are never below 0 nor above Infinity
 * (thresholds.ts), so `low <= down` also tests 0 < low and `high >= up` high < Infinity; a NaN
 * low or high fails the range chain.
 */
function barFit(x: SymbolThresholds, L: Bar, M: Bar): 0 | 1 | 2 {
  if (
    !(L.l <= L.o && L.o <= L.h && L.l <= L.c && L.c <= L.h) ||
    !(M.l <= M.o && M.o <= M.h && M.l <= M.c && M.c <= M.h) ||
    !(L.v >= 0) ||
    x.always ||
    L.h >= x.lastUp ||
    L.l <= x.lastDown
  )
    return 2
  if (M.h >= x.markUp || M.l <= x.markDown)
    return M.h >= x.orderMarkUp || M.l <= x.orderMarkDown ? 2 : 1
  return 0
}

export function createCore(
  symbols: string[],
  settings: EngineSettings,
  fastPath: boolean,
): EngineCore {
  const core = new EngineCore(initialState(symbols, settings), fastPath)
  return core
}

export function restoreCore(snap: EngineSnapshot, fastPath: boolean): EngineCore {
  if (snap.version !== 1)
    throw new EngineInvariantError(`unknown snapshot version ${String(snap.version)}`)
  const s = revive(JSON.parse(JSON.stringify(snap.state))) as EngineState
  const core = new EngineCore(s, fastPath)
  return core
}
