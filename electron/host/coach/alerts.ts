/**
 * Price and margin-ratio alerts, evaluated once per replay step.
 *
 * - Price alerts look at the step's bar of their source (last or mark): 'above' fires when
 *   the bar's high reaches the level, 'below' when its low does. They fire once and disarm
 *   (set them again to re-use them), like an exchange's one-shot alert.
 * - Margin-ratio alerts compare the engine's margin ratio (account cross ratio, or the highest
 *   ratio of any position) with the threshold; they fire on the way up and re-arm once the
 *   ratio falls back below the threshold.
 * Pure: state in, state and fired alerts out; the session decides to pause and notify.
 */
import type { AlertFired, AlertSpec, AlertState } from '../../../shared/contract/coach'
import type { Bar, SymbolId } from '../../../shared/market'
import type { AccountView } from '../../../shared/trading/views'
import { c, pctTxt } from './dec'

export interface AlertStep {
  t: number
  bars: readonly { symbol: SymbolId; last: Bar; mark: Bar }[]
  view: AccountView
}

export function newAlert(spec: AlertSpec): AlertState {
  return { spec, armed: true }
}

/** Add or replace an alert by id (re-arms it). */
export function upsertAlert(list: readonly AlertState[], spec: AlertSpec): AlertState[] {
  const out = list.filter((a) => a.spec.id !== spec.id)
  out.push(newAlert(spec))
  return out
}

export function evaluateAlerts(
  list: readonly AlertState[],
  step: AlertStep,
): { alerts: AlertState[]; fired: AlertFired[] } {
  const fired: AlertFired[] = []
  const alerts = list.map((a) => {
    const s = a.spec
    if (s.kind === 'price') {
      if (!a.armed) return a
      const b = step.bars.find((x) => x.symbol === s.symbol)
      if (!b) return a
      const bar = s.source === 'mark' ? b.mark : b.last
      const level = Number(s.price)
      const hit = s.direction === 'above' ? bar.h >= level : bar.l <= level
      if (!hit) return a
      fired.push({
        type: 'alertFired',
        alertId: s.id,
        kind: 'price',
        t: step.t,
        value: s.price,
        pause: s.pause,
        message: `${s.symbol} ${s.source === 'mark' ? 'mark' : 'last'} price ${s.direction === 'above' ? 'rose to' : 'fell to'} ${s.price}${s.note ? ` — ${s.note}` : ''}`,
      })
      return { ...a, armed: false, lastFiredAt: step.t }
    }
    const ratio = marginRatioFor(s, step.view)
    const th = c(s.threshold)
    if (ratio.lt(th)) return a.armed ? a : { ...a, armed: true }
    if (!a.armed) return a
    fired.push({
      type: 'alertFired',
      alertId: s.id,
      kind: 'marginRatio',
      t: step.t,
      value: pctTxt(ratio),
      pause: s.pause,
      message: `Margin ratio ${pctTxt(ratio)}% reached your ${s.threshold}% alert${s.scope === 'anyPosition' ? ' (a position)' : ''}. Liquidation is at 100%.${s.note ? ` ${s.note}` : ''}`,
    })
    return { ...a, armed: false, lastFiredAt: step.t }
  })
  return { alerts, fired }
}

function marginRatioFor(s: Extract<AlertSpec, { kind: 'marginRatio' }>, view: AccountView) {
  if (s.scope === 'account') return c(view.marginRatio || '0')
  let w = c(0)
  for (const p of view.positions) {
    const r = c(p.marginRatio || '0')
    if (r.gt(w)) w = r
  }
  return w
}
