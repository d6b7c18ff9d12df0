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

export class IndicatorSet {
  private ma = new SMA(20)
  private ema = new EMA(50)
  private bb = new BollingerBands(20, 2)
  private atr = new ATR(14)
  private lastT = -1

  /** Feed one bar; `t` equal to the previous call's replaces it (bar still building). */
  push(b: Bar): IndicatorPoint {
    const replace = b.t === this.lastT
    this.lastT = b.t
    const ma = this.ma.update(b.c, replace)
    const ema = this.ema.update(b.c, replace)
    const bb = this.bb.update(b.c, replace)
    const atr = this.atr.update({ high: b.h, low: b.l, close: b.c }, replace)
    const p: IndicatorPoint = { t: b.t }
    if (ma !== null && this.ma.isStable) p.ma = ma
    if (ema !== null && this.ema.isStable) p.ema = ema
    if (bb) {
      p.bbUpper = bb.upper
      p.bbMiddle = bb.middle
      p.bbLower = bb.lower
    }
    if (atr !== null && this.atr.isStable) p.atr = atr
    return p
  }

  /** A fresh set over a whole series (setData). */
  static over(bars: Bar[]): { set: IndicatorSet; points: IndicatorPoint[] } {
    const set = new IndicatorSet()
    return { set, points: bars.map((b) => set.push(b)) }
  }
}
