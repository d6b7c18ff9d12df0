/**
 * Which host pushes deserve an OS notification, and its text. In-app toasts already cover a
 * focused window, so main shows these only while the window is unfocused or minimised
 * (a replay left playing in the background liquidates you: you should hear about it).
 */
import type { PushName } from '../../shared/contract'
import type { ReplayFrame } from '../../shared/contract'
import type { AlertFired, GuardrailHit } from '../../shared/contract/coach'
import type { Notice } from '../../shared/contract/app'

export interface OsNotification {
  title: string
  body: string
}

export function osNotificationsFor(name: PushName, payload: unknown): OsNotification[] {
  switch (name) {
    case 'app:notice': {
      const n = payload as Notice
      return n.level === 'info' ? [] : [{ title: 'PerpDojo', body: n.message }]
    }
    case 'alerts:fired':
      return [{ title: 'PerpDojo alert', body: (payload as { alert: AlertFired }).alert.message }]
    case 'coach:hit': {
      const hit = (payload as { hit: GuardrailHit }).hit
      return hit.severity === 'action' ? [{ title: 'PerpDojo coach', body: hit.message }] : []
    }
    case 'replay:frame': {
      const out: OsNotification[] = []
      for (const e of (payload as ReplayFrame).events) {
        if (e.type === 'liquidation')
          out.push({
            title: `Liquidated: ${e.symbol}`,
            body: `${e.quantity} closed at ${e.fillPrice} (mark ${e.markPrice})`,
          })
        else if (e.type === 'marginCall')
          out.push({
            title: 'Margin call',
            body: `${e.symbol ?? 'Cross account'} margin ratio ${e.marginRatio}% ≥ ${e.threshold}%`,
          })
        else if (e.type === 'orderFilled' && e.order.origin !== 'LIQUIDATION')
          out.push({
            title: `Filled ${e.fill.side === 'BUY' ? 'Buy' : 'Sell'} ${e.fill.symbol}`,
            body: `${e.fill.quantity} @ ${e.fill.price}`,
          })
      }
      // A fast replay can fill many orders in one frame: never flood the OS.
      return out.slice(0, 3)
    }
    default:
      return []
  }
}
