/**
 * Whole-life ledger of every position, folded from the engine's events alone (issue 12, "Done
 * when"): a life runs from the fill that opens a position to the event that makes it flat. Per
 * life it adds up what the position cost the trader and the margin it was given:
 *
 * - cost = −realized PnL (closing fills, liquidation closes, ADL) + closing trading fees +
 *   clearance fees − funding received − what negative-balance protection credited back after
 *   its liquidation (`balanceProtected`: insurance + socialized + own ADL'd leg). The fees of
 *   the opening fills are kept apart (`openingFees`): they are paid from the cross wallet at the
 *   open, beside the margin, a cost known before the position exists (a flip's fee is split by
 *   quantity between the life it closes and the one it opens);
 * - given = the isolated margin each opening fill moved in + `ADD` − `REMOVE`. The fraction a
 *   partial close releases back to the cross wallet is not subtracted: it was given, the close's
 *   loss is counted in cost.
 *
 * A life is reported when its input ends (the protection credit comes after its close).
 */
import { D, type Dec } from '../../electron/engine/decimal'
import type { EngineEvent } from '../../shared/trading/events'

export interface Life {
  key: string
  isolated: boolean
  /** Open quantity as last reported (unsigned). */
  qty: Dec
  dir: 1 | -1
  /** The isolated margin as last reported, plus funding settled into it since. */
  margin: Dec
  given: Dec
  cost: Dec
  openingFees: Dec
  /** Events folded into this life (a rounding slack of 1e-8 each is allowed by callers). */
  events: number
  liquidated: boolean
}

const keyOf = (symbol: string, positionSide: string) => `${symbol}:${positionSide}`

export class LifeLedger {
  private open = new Map<string, Life>()
  /** The opening part of a fill's fee, until the positionChanged that opens/extends its life. */
  private pendingFee = new Map<string, Dec>()
  private closedNow: Life[] = []
  private lastLiquidated: Life | undefined
  private lastClosedByFill: Life | undefined

  /** Fold one input's events; returns the lives that ended in it (with their final cost). */
  input(ev: readonly EngineEvent[]): Life[] {
    this.closedNow = []
    this.lastLiquidated = undefined
    this.lastClosedByFill = undefined
    for (const e of ev) this.event(e)
    return this.closedNow
  }

  /** Lives still open (not yet flat). */
  openLives(): Life[] {
    return [...this.open.values()]
  }

  private event(e: EngineEvent): void {
    switch (e.type) {
      case 'orderFilled': {
        const f = e.fill
        const life = this.open.get(keyOf(f.symbol, f.positionSide))
        const q = new D(f.quantity)
        const fillDir = f.side === 'BUY' ? 1 : -1
        const closing = life !== undefined && life.dir !== fillDir
        const closed = closing ? D.min(q, life.qty) : new D(0)
        const feeClose = new D(f.fee).times(closed).div(q)
        if (life && closing) {
          life.cost = life.cost.minus(f.realizedPnl).plus(feeClose)
          life.events++
          this.lastClosedByFill = life
        }
        // The opening part's fee goes to the life it opens or extends, which the following
        // positionChanged creates or grows; keep it until then.
        this.pendingFee.set(keyOf(f.symbol, f.positionSide), new D(f.fee).minus(feeClose))
        return
      }
      case 'positionChanged': {
        const p = e.position
        const k = keyOf(p.symbol, p.positionSide)
        const size = new D(p.size)
        const qty = size.abs()
        const dir: 1 | -1 =
          p.positionSide === 'LONG' ? 1 : p.positionSide === 'SHORT' ? -1 : size.lt(0) ? -1 : 1
        const margin = new D(p.margin)
        let life = this.open.get(k)
        const grew = !life || qty.gt(life.qty)
        if (!life) {
          life = {
            key: k,
            isolated: p.marginType === 'ISOLATED',
            qty,
            dir,
            margin: new D(0),
            given: new D(0),
            cost: new D(0),
            openingFees: new D(0),
            events: 0,
            liquidated: false,
          }
          this.open.set(k, life)
        }
        if (grew) {
          if (life.isolated) life.given = life.given.plus(margin.minus(life.margin))
          life.openingFees = life.openingFees.plus(this.pendingFee.get(k) ?? 0)
        }
        this.pendingFee.delete(k)
        life.qty = qty
        life.dir = dir
        life.margin = margin
        life.events++
        return
      }
      case 'positionClosed': {
        const k = keyOf(e.symbol, e.positionSide)
        const life = this.open.get(k)
        if (!life) return
        // (a pending opening fee stays: in a one-way flip the new life's positionChanged follows)
        this.open.delete(k)
        this.closedNow.push(life)
        return
      }
      case 'fundingSettled': {
        const life = this.open.get(keyOf(e.symbol, e.positionSide))
        if (!life) return
        life.cost = life.cost.minus(e.amount)
        if (life.isolated) life.margin = life.margin.plus(e.amount)
        life.events++
        return
      }
      case 'marginAdjusted': {
        const life = this.open.get(keyOf(e.symbol, e.positionSide))
        if (!life) return
        const signed = e.action === 'ADD' ? new D(e.amount) : new D(e.amount).neg()
        life.given = life.given.plus(signed)
        life.events++
        return
      }
      case 'liquidation': {
        const life = this.open.get(keyOf(e.symbol, e.positionSide))
        if (!life) return
        life.cost = life.cost.minus(e.realizedPnl).plus(e.clearanceFee)
        life.liquidated = true
        life.events++
        this.lastLiquidated = life
        return
      }
      case 'autoDeleveraged': {
        const life = this.open.get(keyOf(e.symbol, e.positionSide))
        if (!life) return
        life.cost = life.cost.minus(e.realizedPnl)
        life.events++
        return
      }
      case 'balanceProtected': {
        // After a liquidation it follows the liquidation events of its own scope: the credit
        // belongs to the life (isolated) or lives (cross) liquidated just before it. With an
        // orderId it follows that order's closing fill (a fill past bankruptcy). A negative
        // wallet reset is no life's: it pays back opening fees, which no life counts.
        if (e.cause === 'negativeWallet') return
        const life = e.cause === 'fillPastBankruptcy' ? this.lastClosedByFill : this.lastLiquidated
        if (!life) return
        life.cost = life.cost.minus(e.insurance).minus(e.socialized).minus(e.ownLeg)
        life.events++
        return
      }
      default:
        return
    }
  }
}
