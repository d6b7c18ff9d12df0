/**
 * Round-trip trades from the engine's event log: a trade opens when a (symbol, positionSide)
 * goes from flat to a position and closes on `positionClosed` (or when a one-way position
 * flips side: the flipping fill is booked to the closing trade). Fees, realized PnL and
 * funding are the engine's own amounts. The stop at entry is the first stop seen (position
 * SL or a reduce-only / close-position stop order) before the position was first reduced;
 * R = net PnL / (|entry − stop at entry| × max size).
 *
 * A loss past bankruptcy that negative-balance protection covered (`balanceProtected`: the
 * insurance fund, the socialized rest, the trader's own ADL'd leg) is the trade's too: the
 * wallet lost only the margin, so the trade's net PnL counts the cover back (`covered`) and the
 * report, the ledger and the wallet agree to the cent. The event names no symbol; it follows
 * what caused it: the liquidation batch just before it (a cross batch shares it in proportion
 * to each close's loss), or with `orderId` the trade that order's fill closed past bankruptcy;
 * a negative wallet reset after either goes to the same trade(s).
 */
import type { TradeRow } from '../../../shared/contract/coach'
import type { EngineEvent } from '../../../shared/trading/events'
import type { OrderView, PositionView } from '../../../shared/trading/views'
import { c, ROUND_DOWN, txt, type Cd } from './dec'

interface Open {
  id: string
  symbol: string
  positionSide: string
  dir: 1 | -1
  openedAt: number
  maxQty: Cd
  entry: Cd
  exitQty: Cd
  exitNotional: Cd
  realized: Cd
  fees: Cd
  funding: Cd
  stop?: string
  reduced: boolean
  liquidated: boolean
  maxLeverage: number
  /** Negative-balance protection's credits for this trade's loss past bankruptcy. */
  covered: Cd
  /** This trade's loss at its last liquidation close (for sharing a cross batch's cover). */
  liqLoss: Cd
}

const keyOf = (symbol: string, positionSide: string) => `${symbol}:${positionSide}`

function isProtectiveStop(o: OrderView): boolean {
  return (
    (o.type === 'STOP_MARKET' || o.type === 'STOP' || o.type === 'TRAILING_STOP_MARKET') &&
    (o.reduceOnly || o.closePosition || o.origin === 'POSITION_TPSL') &&
    !!o.stopPrice
  )
}

function dirOfPosition(p: PositionView): 1 | -1 {
  if (p.positionSide === 'LONG') return 1
  if (p.positionSide === 'SHORT') return -1
  return c(p.size).isNegative() ? -1 : 1
}

export function tradesFromEvents(events: readonly EngineEvent[]): TradeRow[] {
  const open = new Map<string, Open>()

  const start = (
    symbol: string,
    positionSide: string,
    dir: 1 | -1,
    seq: number,
    t: number,
  ): Open => {
    const tr: Open = {
      id: `${symbol}:${positionSide}:${seq}`,
      symbol,
      positionSide,
      dir,
      openedAt: t,
      maxQty: c(0),
      entry: c(0),
      exitQty: c(0),
      exitNotional: c(0),
      realized: c(0),
      fees: c(0),
      funding: c(0),
      reduced: false,
      liquidated: false,
      maxLeverage: 0,
      covered: c(0),
      liqLoss: c(0),
    }
    open.set(keyOf(symbol, positionSide), tr)
    return tr
  }
  const closed: [Open, number][] = []
  const finish = (tr: Open, t: number) => {
    open.delete(keyOf(tr.symbol, tr.positionSide))
    closed.push([tr, t])
  }
  // who a `balanceProtected` credit belongs to (see the header)
  const byOrder = new Map<string, Open>()
  let batch: Open[] = []
  let inBatch = false
  /** The trade(s) of the last fill or liquidation batch: a negative wallet reset follows them. */
  let lastCloser: Open[] = []

  for (const e of events) {
    const liq = e.type === 'liquidation'
    if (liq && !inBatch) batch = []
    inBatch = liq
    switch (e.type) {
      case 'orderFilled': {
        const f = e.fill
        const k = keyOf(f.symbol, f.positionSide)
        const sideDir = f.side === 'BUY' ? 1 : -1
        let tr = open.get(k)
        if (!tr)
          tr = start(
            f.symbol,
            f.positionSide,
            f.positionSide === 'SHORT' ? -1 : f.positionSide === 'LONG' ? 1 : sideDir,
            e.seq,
            e.t,
          )
        tr.fees = tr.fees.plus(c(f.fee))
        tr.realized = tr.realized.plus(c(f.realizedPnl))
        if (sideDir !== tr.dir) {
          tr.reduced = true
          tr.exitQty = tr.exitQty.plus(c(f.quantity))
          tr.exitNotional = tr.exitNotional.plus(c(f.quantity).times(c(f.price)))
        }
        if (e.order.origin === 'LIQUIDATION') tr.liquidated = true
        byOrder.set(f.orderId, tr)
        lastCloser = [tr]
        break
      }
      case 'positionChanged': {
        const p = e.position
        const k = keyOf(p.symbol, p.positionSide)
        const size = c(p.size).abs()
        let tr = open.get(k)
        if (size.isZero()) break
        const dir = dirOfPosition(p)
        if (tr && tr.dir !== dir) {
          // one-way flip: the old trade ends here, a new one starts with the remainder
          finish(tr, e.t)
          tr = undefined
        }
        if (!tr) tr = start(p.symbol, p.positionSide, dir, e.seq, e.t)
        if (size.gt(tr.maxQty)) {
          tr.maxQty = size
          tr.entry = c(p.entryPrice)
        } else if (tr.entry.isZero()) tr.entry = c(p.entryPrice)
        tr.maxLeverage = Math.max(tr.maxLeverage, p.leverage)
        if (p.stopLoss && tr.stop === undefined && !tr.reduced) tr.stop = p.stopLoss.stopPrice
        break
      }
      case 'orderAccepted': {
        const o = e.order
        const tr = open.get(keyOf(o.symbol, o.positionSide))
        if (tr && tr.stop === undefined && !tr.reduced && isProtectiveStop(o)) {
          const closeSide = tr.dir === 1 ? 'SELL' : 'BUY'
          if (o.side === closeSide) tr.stop = o.stopPrice
        }
        break
      }
      case 'fundingSettled': {
        const tr = open.get(keyOf(e.symbol, e.positionSide))
        if (tr) tr.funding = tr.funding.plus(c(e.amount))
        break
      }
      case 'liquidation': {
        const tr = open.get(keyOf(e.symbol, e.positionSide))
        if (tr) {
          // the engine's close: its fill price is the trade's exit, its PnL and clearance fee
          // are the trade's (issue 13.3: the report showed Exit "—" for a liquidated trade)
          const q = c(e.quantity).abs()
          tr.liquidated = true
          tr.reduced = true
          tr.fees = tr.fees.plus(c(e.clearanceFee))
          tr.realized = tr.realized.plus(c(e.realizedPnl))
          tr.exitQty = tr.exitQty.plus(q)
          tr.exitNotional = tr.exitNotional.plus(q.times(c(e.fillPrice)))
          tr.liqLoss = c(e.realizedPnl).neg()
          if (!batch.includes(tr)) batch.push(tr)
          lastCloser = batch
        }
        break
      }
      case 'balanceProtected': {
        const to =
          e.cause === 'fillPastBankruptcy'
            ? [byOrder.get(e.orderId ?? '')].filter((x): x is Open => !!x)
            : e.cause === 'negativeWallet'
              ? lastCloser
              : batch
        share(to, c(e.insurance).plus(c(e.socialized)).plus(c(e.ownLeg)))
        break
      }
      case 'autoDeleveraged': {
        const tr = open.get(keyOf(e.symbol, e.positionSide))
        if (tr) {
          tr.reduced = true
          tr.realized = tr.realized.plus(c(e.realizedPnl))
          tr.exitQty = tr.exitQty.plus(c(e.quantity))
          tr.exitNotional = tr.exitNotional.plus(c(e.quantity).times(c(e.price)))
        }
        break
      }
      case 'positionClosed': {
        const tr = open.get(keyOf(e.symbol, e.positionSide))
        // every close (fill, liquidation, ADL) carried its own PnL above
        if (tr) finish(tr, e.t)
        break
      }
      default:
        break
    }
  }
  const done = closed.map(([tr, t]) => row(tr, t))
  for (const tr of open.values()) done.push(row(tr, undefined))
  return done.sort((a, b) => a.openedAt - b.openedAt || a.id.localeCompare(b.id))
}

function row(tr: Open, closedAt: number | undefined): TradeRow {
  const net = tr.realized.minus(tr.fees).plus(tr.funding).plus(tr.covered)
  const risk = tr.stop !== undefined ? tr.entry.minus(c(tr.stop)).abs().times(tr.maxQty) : null
  return {
    id: tr.id,
    symbol: tr.symbol,
    direction: tr.dir === 1 ? 'LONG' : 'SHORT',
    openedAt: tr.openedAt,
    closedAt,
    open: closedAt === undefined,
    maxQuantity: tr.maxQty.toFixed(),
    entryPrice: txt(tr.entry),
    exitPrice: tr.exitQty.isZero() ? '' : txt(tr.exitNotional.div(tr.exitQty)),
    realizedPnl: txt(tr.realized),
    fees: txt(tr.fees),
    funding: txt(tr.funding),
    ...(tr.covered.isZero() ? {} : { covered: txt(tr.covered) }),
    netPnl: txt(net),
    stopAtEntry: tr.stop,
    rMultiple: risk && risk.gt(0) && closedAt !== undefined ? txt(net.div(risk), 2) : undefined,
    liquidated: tr.liquidated,
    maxLeverage: tr.maxLeverage || undefined,
  }
}

/**
 * A credit shared by the trades it covers: in proportion to each one's loss at its liquidation
 * close (all of it to the last when none lost), the last taking the remainder so the shares add
 * up to the credit exactly.
 */
function share(to: Open[], credit: Cd): void {
  if (!to.length || credit.isZero()) return
  const losses = to.map((t) => (t.liqLoss.gt(0) ? t.liqLoss : c(0)))
  const total = losses.reduce((a, b) => a.plus(b), c(0))
  let left = credit
  to.forEach((t, i) => {
    const part =
      i === to.length - 1
        ? left
        : total.isZero()
          ? c(0)
          : credit.times(losses[i]!).div(total).toDecimalPlaces(8, ROUND_DOWN)
    t.covered = t.covered.plus(part)
    left = left.minus(part)
  })
}
