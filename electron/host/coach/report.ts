/**
 * The session report: equity curve and drawdown, trades with R-multiples, win rate, profit
 * factor, fees, funding, liquidations, guardrail hits, the largest loss, what the bottom line
 * would have saved, and the journal's tag summary. Inputs are the engine's event log and
 * account view, an equity curve (recorded by the session or re-folded, ./fold.ts) and the
 * coach's own records; the only arithmetic here is sums and ratios of engine amounts.
 */
import type {
  BottomLineClose,
  GuardrailHit,
  GuardrailProfile,
  JournalEntry,
  SessionReport,
  TagSummary,
  TradeRow,
} from '../../../shared/contract/coach'
import { JOURNAL_TAGS } from '../../../shared/contract/coach'
import type { EngineEvent } from '../../../shared/trading/events'
import type { AccountView } from '../../../shared/trading/views'
import { c, pctTxt, txt, type Cd } from './dec'
import { tradesFromEvents } from './trades'

export interface ReportInput {
  sessionId: string
  scenarioId: string
  t: number
  startEquity: string
  /** The session's starting wallet balance (settings): the ledger's first line. */
  startingBalance: string
  view: AccountView
  events: readonly EngineEvent[]
  equity: [number, string][]
  hits: readonly GuardrailHit[]
  journal: readonly JournalEntry[]
  profile: GuardrailProfile
}

export function buildReport(input: ReportInput): SessionReport {
  const journal = new Map(input.journal.map((j) => [j.tradeId, j]))
  const trades: TradeRow[] = tradesFromEvents(input.events).map((tr) => {
    const j = journal.get(tr.id)
    return j ? { ...tr, journal: j } : tr
  })
  const start = c(input.startEquity)
  const final = c(input.view.marginBalance)
  const curve = input.equity.length
    ? input.equity.slice()
    : [[input.t, input.view.marginBalance] as [number, string]]
  if (
    curve[curve.length - 1]![0] < input.t ||
    curve[curve.length - 1]![1] !== input.view.marginBalance
  )
    curve.push([Math.max(input.t, curve[curve.length - 1]![0]), input.view.marginBalance])

  // drawdown from the running peak, percent (≤ 0)
  let peak = start
  let maxDd = c(0)
  const drawdown: [number, string][] = []
  for (const [t, e] of curve) {
    const eq = c(e)
    if (eq.gt(peak)) peak = eq
    const dd = peak.gt(0) ? eq.minus(peak).div(peak).times(100) : c(0)
    if (dd.lt(maxDd)) maxDd = dd
    drawdown.push([t, pctTxt(dd)])
  }

  const closed = trades.filter((t) => !t.open)
  const wins = closed.filter((t) => c(t.netPnl).gt(0))
  const losses = closed.filter((t) => c(t.netPnl).lte(0))
  const grossWin = sum(wins.map((t) => c(t.netPnl)))
  const grossLoss = sum(losses.map((t) => c(t.netPnl))).abs()
  const rs = closed.filter((t) => t.rMultiple !== undefined).map((t) => c(t.rMultiple!))

  let fees = c(0)
  let paid = c(0)
  let received = c(0)
  let liquidations = 0
  for (const e of input.events) {
    if (e.type === 'orderFilled') fees = fees.plus(c(e.fill.fee))
    else if (e.type === 'liquidation') {
      liquidations++
      fees = fees.plus(c(e.clearanceFee))
    } else if (e.type === 'fundingSettled') {
      const a = c(e.amount)
      if (a.isNegative()) paid = paid.plus(a.abs())
      else received = received.plus(a)
    }
  }
  const largest = closed.reduce<TradeRow | undefined>(
    (w, t) => (c(t.netPnl).lt(0) && (!w || c(t.netPnl).lt(c(w.netPnl))) ? t : w),
    undefined,
  )

  return {
    sessionId: input.sessionId,
    scenarioId: input.scenarioId,
    generatedAt: input.t,
    startEquity: txt(start, 2),
    finalEquity: txt(final, 2),
    returnPercent: start.gt(0) ? pctTxt(final.minus(start).div(start).times(100)) : '0',
    equity: curve.map(([t, e]) => [t, txt(c(e), 2)]),
    drawdown,
    maxDrawdownPercent: pctTxt(maxDd),
    trades,
    wins: wins.length,
    losses: losses.length,
    winRate: closed.length ? pctTxt(c(wins.length).div(closed.length).times(100)) : '0',
    profitFactor: grossLoss.isZero() ? '' : txt(grossWin.div(grossLoss), 2),
    averageR: rs.length ? txt(sum(rs).div(rs.length), 2) : '',
    fees: txt(fees, 2),
    fundingPaid: txt(paid, 4),
    fundingReceived: txt(received, 4),
    liquidations,
    guardrailHits: input.hits.slice(),
    largestLoss: largest ? { tradeId: largest.id, netPnl: largest.netPnl } : undefined,
    bottomLine: bottomLine(input, curve, start, final),
    tags: tagSummary(trades),
  }
}

function bottomLine(
  input: ReportInput,
  curve: [number, string][],
  start: Cd,
  final: Cd,
): SessionReport['bottomLine'] {
  const { percent, reference, on } = input.profile.bottomLine
  const actedHit =
    input.profile.enabled && on
      ? input.hits.find((h) => h.rule === 'bottomLine' && h.severity === 'action')
      : undefined
  const acted = actedHit !== undefined
  // When the line acted, the guardrail's own crossing (the time and equity its toast quoted
  // and at which it closed everything) is the one set of numbers: the curve is sampled and
  // can cross at another minute with another equity (issue 13.8).
  const hitEquity = actedHit?.details?.equity
  if (actedHit && hitEquity !== undefined) {
    const close = closeAll(input, actedHit.t, hitEquity)
    return {
      percent,
      reference,
      crossedAt: actedHit.t,
      equityAtLine: hitEquity,
      wouldHaveSaved: '0',
      acted,
      ...(close ? { close } : {}),
    }
  }
  const k = c(1).minus(c(percent).div(100))
  let peak = start
  for (const [t, e] of curve) {
    const eq = c(e)
    if (eq.gt(peak)) peak = eq
    const floor = (reference === 'peak' ? peak : start).times(k)
    if (eq.lte(floor)) {
      const saved = eq.minus(final)
      return {
        percent,
        reference,
        crossedAt: t,
        equityAtLine: txt(eq, 2),
        wouldHaveSaved: saved.gt(0) && !acted ? txt(saved, 2) : '0',
        acted,
      }
    }
  }
  return { percent, reference, wouldHaveSaved: '0', acted }
}

type Filled = Extract<EngineEvent, { type: 'orderFilled' }>

/**
 * The bottom line's close-all at replay time `t` (issue 13.8): the market orders the coach
 * sent once the step that crossed the line was over. A step only triggers resting orders, so a
 * MARKET fill stamped `t` came from a command after the crossing. The margin balance after it
 * is the wallet (nothing is left open), folded from the engine's amounts; the change from the
 * equity at the line is the fills' slippage and fees (the engine's) and the rest, derived: the
 * line is judged at the mark, the close fills off the last price. Undefined when nothing was
 * closed at `t` or something stayed open.
 */
function closeAll(
  input: ReportInput,
  t: number,
  equityAtLine: string,
): BottomLineClose | undefined {
  const fills = input.events.filter(
    (e): e is Filled =>
      e.type === 'orderFilled' &&
      e.t === t &&
      e.order.type === 'MARKET' &&
      e.order.origin === 'USER',
  )
  if (!fills.length) return undefined
  // after the close at that replay time: its fills, the positions they closed, a cover of a
  // loss past bankruptcy
  let through = fills[fills.length - 1]!.seq
  for (const e of input.events) if (e.seq > through && e.t === t) through = e.seq
  const open = new Set<string>()
  let wallet = c(input.startingBalance)
  for (const e of input.events) {
    if (e.seq > through) break
    wallet = wallet.plus(walletMove(e))
    if (e.type === 'positionChanged') {
      const k = `${e.position.symbol}:${e.position.positionSide}`
      if (c(e.position.size).isZero()) open.delete(k)
      else open.add(k)
    } else if (e.type === 'positionClosed') open.delete(`${e.symbol}:${e.positionSide}`)
  }
  if (open.size) return undefined
  const slippage = sum(fills.map((f) => c(f.fill.quantity).times(c(f.fill.slippage))))
  const fees = sum(fills.map((f) => c(f.fill.fee)))
  // at the cent, so the figures the report states add up exactly
  const after = c(txt(wallet, 2))
  const change = after.minus(c(equityAtLine))
  const slip2 = c(txt(slippage, 2))
  const fees2 = c(txt(fees, 2))
  return {
    balanceAfter: after.toFixed(),
    change: change.toFixed(),
    slippage: slip2.toFixed(),
    fees: fees2.toFixed(),
    lastVsMark: change.plus(slip2).plus(fees2).toFixed(),
    fills: fills.map((f) => ({
      symbol: f.fill.symbol,
      side: f.fill.side,
      quantity: f.fill.quantity,
      price: f.fill.price,
    })),
  }
}

/**
 * What an engine event moved the wallet by: realized PnL and fees of fills, liquidation closes
 * and their clearance fees, funding, ADL, and negative-balance protection's credits. Margin
 * transfers move money inside the wallet (cross ↔ isolated) and are not here. The ledger test
 * (test/renderer/stores/ledger.property.test.ts) holds Σ of these to wallet − start.
 */
export function walletMove(e: EngineEvent): Cd {
  switch (e.type) {
    case 'orderFilled':
      return c(e.fill.realizedPnl).minus(c(e.fill.fee))
    case 'liquidation':
      return c(e.realizedPnl).minus(c(e.clearanceFee))
    case 'fundingSettled':
      return c(e.amount)
    case 'autoDeleveraged':
      return c(e.realizedPnl)
    case 'balanceProtected':
      return c(e.insurance).plus(c(e.socialized)).plus(c(e.ownLeg))
    default:
      return c(0)
  }
}

function tagSummary(trades: readonly TradeRow[]): TagSummary[] {
  const out: TagSummary[] = []
  for (const tag of JOURNAL_TAGS) {
    const ts = trades.filter((t) => t.journal?.tags.includes(tag))
    if (!ts.length) continue
    const wins = ts.filter((t) => c(t.netPnl).gt(0)).length
    out.push({
      tag,
      trades: ts.length,
      netPnl: txt(sum(ts.map((t) => c(t.netPnl))), 2),
      winRate: pctTxt(c(wins).div(ts.length).times(100)),
    })
  }
  return out
}

function sum(xs: Cd[]): Cd {
  return xs.reduce((a, b) => a.plus(b), c(0))
}
