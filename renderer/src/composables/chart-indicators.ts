/**
 * Causal indicators on the shown candles, computed by trading-signals (never by hand):
 * each indicator sees bars only as they are revealed; the building bar is `replace`d.
 */
import { ATR, BollingerBands, EMA, SMA } from 'trading-signals'
import type { Bar } from '../../../shared/market'

export type IndicatorId = 'ma' | 'ema' | 'bb' | 'atr'
export interface IndicatorPoint {
  t: number
  ma?: number
  ema?: number
  bbUpper?: number
  bbMiddle?: number
  bbLower?: number
  atr?: number
}

export const INDICATOR_LABELS: Record<IndicatorId, string> = {
  ma: 'MA 20',
  ema: 'EMA 50',
  bb: 'BB 20,2',
  atr: 'ATR 14',
}

/**
 * The indicators shown, fed bar by bar. Only the shown ones are computed (a replay at max
 * speed folds hundreds of bars per frame); showing another one rebuilds the set over the
 * bars so far (`over`).
 */
export class IndicatorSet {
  private ma: SMA | null
  private ema: EMA | null
  private bb: BollingerBands | null
  private atr: ATR | null
  private lastT = -1

  constructor(shown: readonly IndicatorId[]) {
    this.ma = shown.includes('ma') ? new SMA(20) : null
    this.ema = shown.includes('ema') ? new EMA(50) : null
    this.bb = shown.includes('bb') ? new BollingerBands(20, 2) : null
    this.atr = shown.includes('atr') ? new ATR(14) : null
  }

  /** Feed one bar; `t` equal to the previous call's replaces it (bar still building). */
  push(b: Bar): IndicatorPoint {
    const replace = b.t === this.lastT
    this.lastT = b.t
    const p: IndicatorPoint = { t: b.t }
    if (this.ma) {
      const ma = this.ma.update(b.c, replace)
      if (ma !== null && this.ma.isStable) p.ma = ma
    }
    if (this.ema) {
      const ema = this.ema.update(b.c, replace)
      if (ema !== null && this.ema.isStable) p.ema = ema
    }
    if (this.bb) {
      const bb = this.bb.update(b.c, replace)
      if (bb) {
        p.bbUpper = bb.upper
        p.bbMiddle = bb.middle
        p.bbLower = bb.lower
      }
    }
    if (this.atr) {
      const atr = this.atr.update({ high: b.h, low: b.l, close: b.c }, replace)
      if (atr !== null && this.atr.isStable) p.atr = atr
    }
    return p
  }

  /** A fresh set of the shown indicators over a whole series (setData). */
  static over(
    bars: Bar[],
    shown: readonly IndicatorId[],
  ): { set: IndicatorSet; points: IndicatorPoint[] } {
    const set = new IndicatorSet(shown)
    return { set, points: bars.map((b) => set.push(b)) }
  }
}
