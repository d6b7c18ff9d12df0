/**
 * Position sizer: risk a percent of equity between entry and stop.
 *
 *   quantity = floor_lot( equity × risk% / (|entry − stop| + (entry + stop) × takerFee) )
 *
 * so the loss if the stop fills at its price, both taker fees included, stays within the
 * budget. Leverage, initial margin, fees and the liquidation price are then read from an
 * engine copy that actually takes the order (see ./preview.ts); the sizer never computes a
 * liquidation price itself. When the engine's fill is worse than the price sized at (market
 * slippage), the size is recomputed from that fill and rounded down again, so the loss at the
 * stop never exceeds the budget. Slippage at the stop is not in the budget: a crash can gap
 * through any stop, which the stress test shows.
 */
import type { SizerRequest, SizerResult } from '../../../shared/contract/coach'
import type { SymbolId } from '../../../shared/market'
import type { PlaceOrderCommand } from '../../../shared/trading/commands'
import type { AccountView } from '../../../shared/trading/views'
import { c, pctTxt, ROUND_DOWN, ROUND_UP, txt, type Cd } from './dec'
import type { EngineFactory } from './ports'
import { previewPlaceOrder, type PlacedOrderPreview } from './preview'
import { effectiveLeverage } from './engine-copy'
import type { EngineSettings } from '../../../shared/trading/settings'

export interface SizerInput {
  factory: EngineFactory
  settings: EngineSettings
  snapshot: unknown
  view: AccountView
  prices: Record<SymbolId, { last: number; mark: number }>
}

export function sizePosition(input: SizerInput, req: Omit<SizerRequest, 'sessionId'>): SizerResult {
  const { factory, settings, view, prices } = input
  const facts = factory.instrument(req.symbol, settings)
  const warnings: string[] = []
  const price = prices[req.symbol]
  const entry = req.entryPrice ? c(req.entryPrice) : c(String(price?.last ?? 0))
  const long = req.side === 'BUY'
  const stop = req.stopPrice
    ? c(req.stopPrice)
    : entry.times(
        c(1).plus(
          c(req.stopPercent ?? '1')
            .div(100)
            .times(long ? -1 : 1),
        ),
      )
  const stopQ = stop.toNearest(c(facts.tickSize), long ? ROUND_DOWN : ROUND_UP)
  const riskPercent = c(req.riskPercent ?? '1')
  const equity = c(view.marginBalance)
  const riskAmount = equity.times(riskPercent).div(100)
  const distance = entry.minus(stopQ).abs()
  const symbolLev = view.symbols.find((s) => s.symbol === req.symbol)?.leverage ?? 20
  const leverage = req.leverage ?? symbolLev
  const base: SizerResult = {
    symbol: req.symbol,
    side: req.side,
    entryPrice: txt(entry),
    stopPrice: txt(stopQ),
    stopDistance: txt(distance),
    stopDistancePercent: entry.isZero() ? '0' : pctTxt(distance.div(entry).times(100)),
    equity: txt(equity, 2),
    riskPercent: txt(riskPercent, 4),
    riskAmount: txt(riskAmount, 2),
    quantity: '0',
    notional: '0',
    leverage,
    effectiveLeverage: '0',
    initialMargin: '0',
    fees: '0',
    lossAtStop: '0',
    liquidationPrice: '',
    liquidationDistancePercent: '',
    stopBeforeLiquidation: false,
    command: null,
    warnings,
  }
  if (entry.lte(0)) return { ...base, warnings: ['No price yet for ' + req.symbol] }
  if ((long && stopQ.gte(entry)) || (!long && stopQ.lte(entry)) || distance.isZero()) {
    return { ...base, warnings: [`The stop must be ${long ? 'below' : 'above'} the entry price.`] }
  }
  const taker = c(facts.takerFee)
  const perUnit = distance.plus(entry.plus(stopQ).times(taker))
  let qty = riskAmount.div(perUnit).toNearest(c(facts.stepSize), ROUND_DOWN)
  if (qty.lte(0)) {
    return { ...base, warnings: ['The risk budget is smaller than one lot at this stop distance.'] }
  }
  if (qty.times(entry).lt(c(facts.minNotional))) {
    warnings.push(`Below the minimum order value of ${facts.minNotional} USDT.`)
  }
  const market = !req.entryPrice
  const commandFor = (q: Cd): PlaceOrderCommand => ({
    kind: 'placeOrder',
    symbol: req.symbol,
    side: req.side,
    positionSide:
      req.positionSide ?? (view.positionMode === 'HEDGE' ? (long ? 'LONG' : 'SHORT') : 'BOTH'),
    type: market ? 'MARKET' : 'LIMIT',
    quantity: txt(q, 12),
    ...(market
      ? {}
      : {
          price: txt(entry.toNearest(c(facts.tickSize), ROUND_DOWN), 12),
          timeInForce: 'GTC' as const,
        }),
  })
  const previewFor = (command: PlaceOrderCommand) =>
    previewPlaceOrder(factory, input.snapshot, command, prices, (engine, t) =>
      leverage !== symbolLev
        ? engine.apply({
            kind: 'command',
            t,
            command: { kind: 'setLeverage', symbol: req.symbol, leverage },
          })
        : [],
    )
  /** Loss if the stop fills at its price: entry-to-stop on the engine's fill plus both fees. */
  const lossOf = (q: Cd, preview: PlacedOrderPreview) => {
    const fillFee = preview.filled
      ? preview.fills.reduce((s, f) => s.plus(c(f.fee)), c(0))
      : c(preview.engine.fee)
    const fees = fillFee.plus(q.times(stopQ).times(taker))
    const fillEntry = preview.position ? c(preview.position.entryPrice) : entry
    return { fees, fillEntry, loss: fillEntry.minus(stopQ).abs().times(q).plus(fees) }
  }
  // The engine's fill can be worse than the price the size was computed at (market slippage,
  // a fee on a larger notional): re-size from the engine's own fill, always rounding DOWN to
  // the lot, until the loss at the stop, both fees included, fits the budget. Each round
  // lowers the quantity by at least one lot, so a few rounds suffice.
  let command = commandFor(qty)
  let preview = previewFor(command)
  let cost = lossOf(qty, preview)
  for (let round = 0; round < 8 && !preview.rejection && cost.loss.gt(riskAmount); round++) {
    const refit = riskAmount
      .div(cost.fillEntry.minus(stopQ).abs().plus(cost.fillEntry.plus(stopQ).times(taker)))
      .toNearest(c(facts.stepSize), ROUND_DOWN)
    const next = refit.lt(qty) ? refit : qty.minus(c(facts.stepSize))
    if (next.lte(0)) {
      return {
        ...base,
        warnings: ['The risk budget is smaller than one lot at this stop distance.'],
      }
    }
    qty = next
    command = commandFor(qty)
    preview = previewFor(command)
    cost = lossOf(qty, preview)
  }
  const result: SizerResult = {
    ...base,
    quantity: txt(qty, 12),
    notional: txt(qty.times(entry), 2),
    command,
  }
  if (preview.rejection) {
    warnings.push(preview.rejection.message)
    return { ...result, rejection: preview.rejection }
  }
  const pos = preview.position
  const { fees, fillEntry, loss: lossAtStop } = cost
  const liq = preview.liquidationPrice
  const stopFirst = liq === '' ? true : long ? stopQ.gt(c(liq)) : stopQ.lt(c(liq))
  if (!stopFirst)
    warnings.push(
      'The liquidation price comes before the stop: lower the leverage or move the stop.',
    )
  if (lossAtStop.gt(riskAmount))
    warnings.push('The fill price moved the loss at the stop above the budget (slippage).')
  const margin = initialMarginOf(preview.after, preview.before)
  return {
    ...result,
    entryPrice: txt(fillEntry),
    notional: txt(qty.times(fillEntry), 2),
    leverage: pos?.leverage ?? leverage,
    effectiveLeverage: txt(effectiveLeverage(preview.after), 2),
    initialMargin: txt(margin, 2),
    fees: txt(fees, 4),
    lossAtStop: txt(lossAtStop, 2),
    liquidationPrice: liq,
    liquidationDistancePercent:
      liq === '' ? '' : pctTxt(fillEntry.minus(c(liq)).abs().div(fillEntry).times(100)),
    stopBeforeLiquidation: stopFirst,
    warnings,
  }
}

/** Initial margin the order added: the engine's account initial margin after minus before. */
function initialMarginOf(after: AccountView, before: AccountView): Cd {
  const d = c(after.initialMargin).minus(c(before.initialMargin))
  return d.isNegative() ? c(0) : d
}
