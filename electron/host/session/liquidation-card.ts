/**
 * The liquidation card (issue 13.3): one liquidation event explained from what was known at
 * its stamp. The engine is re-folded (from the best snapshot) to the state just before the
 * input that liquidated, and asked (engine rescue.ts) what would have kept the position open
 * through the worst mark of its life so far: the marks of the bars revealed from its opening
 * up to the liquidation's bar, which closes at the liquidation's stamp. Nothing later is read.
 */
import Decimal from 'decimal.js'
import { HostError } from '../../../shared/contract/errors'
import { TIMEFRAME_MS } from '../../../shared/market'
import type { LiquidationCard } from '../../../shared/contract/session'
import type { EngineEvent } from '../../../shared/trading/events'
import type { EngineFactory, EngineInput, EnginePort } from '../engine-port'
import type { Decision, FoldState } from '../replay/fold'
import { commandTime, stepInputs, type Timeline } from '../replay/timeline'

export interface CardSource {
  sessionId: string
  tl: Timeline
  /** Every event folded so far (the card never explains one not yet shown). */
  events: readonly EngineEvent[]
  /** The decisions folded so far, in order. */
  decisions: readonly Decision[]
  engines: EngineFactory
  /** A fresh fold (not the live one) at `cursor` steps with every decision due there applied. */
  foldAt(cursor: number): FoldState<EnginePort>
}

export function liquidationCard(src: CardSource, seq: number): LiquidationCard {
  const e = src.events.find((x) => x.seq === seq)
  if (!e || e.type !== 'liquidation')
    throw new HostError('NOT_FOUND', `No liquidation event ${seq} in this session so far`)
  const { tl } = src
  // the step whose inputs are stamped at e.t: its bars (close = e.t), funding before that
  // close, or a command given right after it
  let m = 0
  while (m < tl.total && tl.closes[m]! < e.t) m++
  const before = engineBefore(src, m, seq)
  const series = tl.series[tl.symbols.indexOf(e.symbol)]
  const long =
    e.positionSide === 'LONG' || (e.positionSide === 'BOTH' && !e.quantity.startsWith('-'))
  const rescue =
    before && series
      ? before.liquidationRescue(e.symbol, e.positionSide, (openedAt) =>
          worstMark(tl, tl.symbols.indexOf(e.symbol), openedAt, e.t, long, e.markPrice),
        )
      : null
  const loss = new Decimal(e.realizedPnl).neg()
  return {
    sessionId: src.sessionId,
    seq,
    t: e.t,
    symbol: e.symbol,
    positionSide: e.positionSide,
    scope: e.scope,
    quantity: e.quantity.replace(/^-/, ''),
    markPrice: e.markPrice,
    bankruptcyPrice: e.bankruptcyPrice,
    fillPrice: e.fillPrice,
    marginLost: loss.toFixed(),
    clearanceFee: e.clearanceFee,
    totalLost: loss.plus(e.clearanceFee).toFixed(),
    rescue,
  }
}

/** The engine right before the input (bars, funding or command of step m) that emitted seq. */
function engineBefore(src: CardSource, m: number, seq: number): EnginePort | null {
  const st = src.foldAt(m)
  const inputs: EngineInput[] = m < src.tl.total ? stepInputs(src.tl, m) : []
  for (const d of src.decisions)
    if (d.cursor === m + 1)
      inputs.push({ kind: 'command', t: commandTime(src.tl, m + 1), command: d.command })
  for (const input of inputs) {
    const snap = st.engine.snapshot()
    if (st.engine.apply(input).some((x) => x.seq === seq)) return src.engines.restore(snap)
  }
  return null
}

/**
 * The worst mark (lowest for a long, highest for a short) over the symbol's bars that closed
 * after the position opened and no later than the liquidation's stamp, and the liquidation
 * point's own mark.
 */
function worstMark(
  tl: Timeline,
  s: number,
  openedAt: number,
  until: number,
  long: boolean,
  atLiquidation: string,
): string {
  const ser = tl.series[s]!
  const step = TIMEFRAME_MS[ser.step]
  let worst = Number(atLiquidation)
  let text = atLiquidation
  for (let i = 0; i < ser.time.length; i++) {
    const close = ser.time[i]! + step
    if (close <= openedAt) continue
    if (close > until) break
    const x = long ? ser.markLow[i]! : ser.markHigh[i]!
    if (long ? x < worst : x > worst) {
      worst = x
      text = String(x)
    }
  }
  return text
}
