/** Property tests (fast-check) over random sessions. Run counts are kept modest (CI: 2 cores). */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { D, type Dec } from '../../electron/engine/decimal'
import { restoreEngine, type Engine } from '../../electron/engine'
import type { EngineSettings } from '../../shared/trading/settings'
import type { EngineEvent } from '../../shared/trading/events'
import { actionArb, run, settingsArb, toInputs, type Action } from './gen'

const sessions = fc.tuple(
  settingsArb,
  fc.array(actionArb, { minLength: 20, maxLength: 80, size: 'max' }),
)
/**
 * Found by this property: funding pushed an isolated position over its liquidation threshold
 * after quiet bars had moved the mark away from the fast path's reference mark.
 */
const REGRESSION_FUNDING_AFTER_QUIET_BARS = [
  {
    startingBalance: '300',
    defaultLeverage: 100,
    hedgeMode: false,
    negativeBalanceProtection: false,
    tieredLiquidation: false,
    slippage: false,
    insuranceFund: '0',
    marginCallRatios: [],
    defaultMarginType: 'ISOLATED',
  },
  [
    { k: 'cmd', pick: 0, a: 0, b: 7, c: 0, d: 7 },
    { k: 'fund', sym: 0, rate: -108 },
    { k: 'cmd', pick: 0, a: 0, b: 0, c: 0, d: 0 },
    { k: 'fund', sym: 0, rate: 0 },
    ...Array.from({ length: 6 }, () => ({ k: 'cmd', pick: 0, a: 0, b: 0, c: 0, d: 0 })),
    { k: 'cmd', pick: 0, a: 57, b: 0, c: 0, d: 0 },
    {
      k: 'bar',
      moves: [
        [0, 0],
        [0, 0],
      ],
      wick: [
        [0, 0],
        [0, 0],
      ],
    },
    {
      k: 'bar',
      moves: [
        [0, 0],
        [0, 0],
      ],
      wick: [
        [0, 0],
        [0, 0],
      ],
    },
    {
      k: 'bar',
      moves: [
        [0, 0],
        [0, 0],
      ],
      wick: [
        [0, 0],
        [0, 0],
      ],
    },
    { k: 'cmd', pick: 0, a: 3, b: 0, c: 0, d: 0 },
    { k: 'cmd', pick: 0, a: 231, b: 0, c: 0, d: 0 },
    {
      k: 'bar',
      moves: [
        [0, 0.0019924999999999526],
        [0, 0],
      ],
      wick: [
        [0, 0],
        [0, 0],
      ],
    },
    { k: 'fund', sym: 0, rate: -292 },
    {
      k: 'bar',
      moves: [
        [0, 0],
        [0, 0],
      ],
      wick: [
        [0, 0],
        [0, 0],
      ],
    },
    {
      k: 'bar',
      moves: [
        [0, 0],
        [0, 0],
      ],
      wick: [
        [0, 0],
        [0, 0],
      ],
    },
    { k: 'cmd', pick: 0, a: 0, b: 0, c: 0, d: 0 },
    { k: 'cmd', pick: 0, a: 0, b: 0, c: 0, d: 0 },
  ],
] as unknown as [Partial<EngineSettings>, Action[]]

const RUNS = { numRuns: Number(process.env.PROP_RUNS ?? 60) }

describe('engine properties', () => {
  it('same inputs → byte-identical event log and state hash', () => {
    fc.assert(
      fc.property(sessions, ([settings, actions]) => {
        const inputs = toInputs(actions, !!settings.hedgeMode)
        const a = run(settings, inputs, true)
        const b = run(settings, inputs, true)
        expect(JSON.stringify(a.log)).toBe(JSON.stringify(b.log))
        expect(a.engine.stateHash()).toBe(b.engine.stateHash())
      }),
      RUNS,
    )
  })

  it('fast path and full Decimal path give identical event logs', () => {
    fc.assert(
      fc.property(sessions, ([settings, actions]) => {
        const inputs = toInputs(actions, !!settings.hedgeMode)
        const fast = run(settings, inputs, true)
        const full = run(settings, inputs, false)
        expect(JSON.stringify(fast.log)).toBe(JSON.stringify(full.log))
        expect(fast.engine.stateHash()).toBe(full.engine.stateHash())
      }),
      { ...RUNS, examples: [[REGRESSION_FUNDING_AFTER_QUIET_BARS]] },
    )
  })

  it('money is conserved to the cent; no NaN or Infinity; seq strictly increasing', () => {
    fc.assert(
      fc.property(sessions, ([settings, actions]) => {
        const inputs = toInputs(actions, !!settings.hedgeMode)
        const { engine, log } = run(settings, inputs, true)
        const snap = engine.snapshot().state as {
          wallet: { $d: string }
          insuranceFund: { $d: string }
          totals: Record<string, { $d: string }>
          settings: { startingBalance: string; insuranceFund: string }
        }
        const tot = (k: string) => new D(snap.totals[k]!.$d)
        const start = new D(snap.settings.startingBalance)
        const wallet = new D(snap.wallet.$d)
        const expected = start
          .plus(tot('realizedPnl'))
          .minus(tot('fees'))
          .plus(tot('funding'))
          .plus(tot('insuranceCoverage'))
          .plus(tot('socializedLoss'))
        expect(wallet.minus(expected).toFixed()).toBe('0') // exact, so certainly to the cent
        // Insurance fund: start + Σ liquidation deltas (fees in, coverage out).
        let fund = new D(snap.settings.insuranceFund)
        for (const e of log)
          if (e.type === 'liquidation') fund = fund.plus(e.insuranceFundDelta)
          // covers no liquidation's insuranceFundDelta carries (a fill past bankruptcy, a reset)
          else if (e.type === 'balanceProtected' && e.cause) fund = fund.minus(e.insurance)
        expect(new D(snap.insuranceFund.$d).minus(fund).abs().lt('0.00000001')).toBe(true)
        const text = JSON.stringify(log) + JSON.stringify(engine.view())
        expect(text).not.toMatch(/NaN|Infinity/)
        for (let i = 1; i < log.length; i++) expect(log[i]!.seq).toBeGreaterThan(log[i - 1]!.seq)
      }),
      RUNS,
    )
  })

  it('after any bar no open position has margin ratio ≥ 100 %', () => {
    fc.assert(
      fc.property(sessions, ([settings, actions]) => {
        const inputs = toInputs(actions, !!settings.hedgeMode)
        run(settings, inputs, true, (engine, input) => {
          if (input.kind !== 'bars') return
          for (const p of engine.view().positions) expect(Number(p.marginRatio)).toBeLessThan(100)
        })
      }),
      RUNS,
    )
  })

  it('available ≤ wallet + cross unrealized profit − margin in use; only fills and funding move the wallet', () => {
    const WALLET_MOVERS = new Set([
      'orderFilled',
      'liquidation',
      'autoDeleveraged',
      'fundingSettled',
      // Negative-balance protection resets a wallet a fill left below zero (shortfall.ts).
      'balanceProtected',
    ])
    fc.assert(
      fc.property(sessions, ([settings, actions]) => {
        const inputs = toInputs(actions, !!settings.hedgeMode)
        let wallet = new D(settings.startingBalance ?? '10000')
        run(settings, inputs, true, (engine, input, ev) => {
          const v = engine.view()
          // Issue 11 item 4: margin held by open orders is never negative, so available can
          // never exceed what the positions leave free.
          let free = new D(v.walletBalance)
          for (const p of v.positions) {
            free = free.minus(p.margin)
            if (p.marginType === 'CROSSED') free = free.plus(D.max(0, new D(p.unrealizedPnl)))
          }
          // view values are rounded to 8 decimals: allow 1e-8 per rounded term
          const slack = new D('1e-8').times(v.positions.length + 1)
          expect(new D(v.availableBalance).lte(free.plus(slack))).toBe(true)
          const now = new D(v.walletBalance)
          if (input.kind === 'command' && !ev.some((e) => WALLET_MOVERS.has(e.type)))
            expect(now.toFixed()).toBe(wallet.toFixed())
          if (
            input.kind === 'command' &&
            ev.every((e) => e.type !== 'liquidation' && e.type !== 'autoDeleveraged')
          ) {
            // a command's wallet change is exactly its fills' realized PnL minus their fees,
            // plus what protection paid to bring a wallet the fills left below zero back to 0
            // (found with seed 665048243: a hedge leg closed at a loss 0.002 past the wallet
            // while the other leg's profit was still open)
            let d = new D(0)
            for (const e of ev) {
              if (e.type === 'orderFilled') d = d.plus(e.fill.realizedPnl).minus(e.fill.fee)
              if (e.type === 'balanceProtected')
                d = d.plus(e.insurance).plus(e.socialized).plus(e.ownLeg)
            }
            expect(now.minus(wallet).toFixed()).toBe(d.toFixed())
          }
          wallet = now
        })
      }),
      RUNS,
    )
  })

  it('an isolated liquidation never costs more than the isolated margin; protected wallets stay ≥ 0', () => {
    fc.assert(
      fc.property(sessions, ([settings, actions]) => {
        const inputs = toInputs(actions, !!settings.hedgeMode)
        const protectedWallet = settings.negativeBalanceProtection !== false
        // What the fund and socialization paid past bankruptcy (not the trader's loss).
        const outside = (e: Engine) => {
          const t = (e.snapshot().state as { totals: Record<string, { $d: string }> }).totals
          return new D(t.insuranceCoverage!.$d).plus(t.socializedLoss!.$d)
        }
        let before = new D(0)
        // Each isolated position's margin as last reported, plus funding settled into it since.
        const margin = new Map<string, Dec>()
        run(settings, inputs, true, (engine, _input, ev) => {
          const now = outside(engine)
          // The fund and socialization, plus the part of a deficit the trader's own ADL'd leg
          // absorbed: the wallet is credited all three (liquidation.ts), and the own-leg part is
          // booked as realized PnL, not socialized (issue 12 rule 3). Found with seed 626698329:
          // a 5x isolated long's bankruptcy price rounded to the tick cost 0.0002 past its margin,
          // paid 0.00012 socialized + 0.00008 by its own hedge leg.
          let covered = now.minus(before)
          for (const e of ev) if (e.type === 'balanceProtected') covered = covered.plus(e.ownLeg)
          before = now
          // Rule 1: per input, an isolated position's liquidation steps (tiered or full) cost the
          // trader at most the margin it held when the first step began; funding past the
          // margin makes that margin negative and the fund pays the rest.
          const liq = new Map<string, { held: Dec; loss: Dec }>()
          for (const e of ev) {
            if (e.type === 'positionChanged' && e.position.marginType === 'ISOLATED')
              margin.set(
                `${e.position.symbol}:${e.position.positionSide}`,
                new D(e.position.margin),
              )
            else if (e.type === 'fundingSettled') {
              const k = `${e.symbol}:${e.positionSide}`
              const m = margin.get(k)
              if (m) margin.set(k, m.plus(e.amount))
            } else if (e.type === 'liquidation' && e.scope === 'ISOLATED') {
              const k = `${e.symbol}:${e.positionSide}`
              const x = liq.get(k) ?? { held: margin.get(k) ?? new D(0), loss: new D(0) }
              x.loss = x.loss.minus(e.realizedPnl).plus(e.clearanceFee)
              liq.set(k, x)
            } else if (e.type === 'liquidation')
              liq.set('CROSS', { held: new D(0), loss: new D(0) })
          }
          if (protectedWallet && liq.size === 1 && !liq.has('CROSS'))
            for (const x of liq.values())
              expect(x.loss.minus(covered).lte(x.held.plus('0.00000002'))).toBe(true)
          if (protectedWallet) expect(new D(engine.view().walletBalance).gte(0)).toBe(true)
        })
      }),
      RUNS,
    )
  })

  it('a rejected command changes nothing: commandRejected is its only event, the view stays, the code is the one its message quotes', () => {
    fc.assert(
      fc.property(sessions, ([settings, actions]) => {
        const inputs = toInputs(actions, !!settings.hedgeMode)
        const engine = run(settings, [], true).engine
        for (const input of inputs) {
          const before = input.kind === 'command' ? JSON.stringify(engine.view()) : ''
          const events = engine.apply(input)
          if (input.kind !== 'command' || !events.some((e) => e.type === 'commandRejected'))
            continue
          expect(events.map((e) => e.type)).toEqual(['commandRejected'])
          expect(JSON.stringify(engine.view())).toBe(before)
          // a Binance code quoted in the message is the code the rejection carries
          const r = (events[0] as Extract<EngineEvent, { type: 'commandRejected' }>).rejection
          const quoted = /\((-\d{4})\)/.exec(r.message)?.[1]
          if (quoted) expect(`${r.name} ${r.code}`).toBe(`${r.name} ${quoted}`)
        }
      }),
      RUNS,
    )
  })

  it('snapshot → restore continues identically', () => {
    fc.assert(
      fc.property(sessions, fc.nat(100), ([settings, actions], cut) => {
        const inputs = toInputs(actions, !!settings.hedgeMode)
        const k = cut % (inputs.length + 1)
        const whole = run(settings, inputs, true)
        const first = run(settings, inputs.slice(0, k), true)
        const resumed = restoreEngine(JSON.parse(JSON.stringify(first.engine.snapshot())))
        const rest = inputs.slice(k).flatMap((i) => resumed.apply(i))
        expect(JSON.stringify([...first.log, ...rest])).toBe(JSON.stringify(whole.log))
        expect(resumed.stateHash()).toBe(whole.engine.stateHash())
      }),
      { numRuns: 30 },
    )
  })
})
