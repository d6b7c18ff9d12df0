/**
 * Issue 12, "Done when": across random sessions no isolated position's WHOLE-LIFE realized loss +
 * fees + funding exceeds the margin it was given (initial + added − removed), and with
 * negative-balance protection on the wallet never goes below zero. Checked with protection on:
 * without it a loss past bankruptcy is the trader's debt by design (rule 3, docs/engine.md). The per-liquidation version
 * is in properties.test.ts; this one follows each life from its opening fill to flat
 * (test/engine/lifetimes.ts) over the same random sessions (gaps, funding, flips, tiered
 * liquidation, hedge mode).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { D } from '../../electron/engine/decimal'
import { actionArb, run, settingsArb, toInputs } from './gen'
import { LifeLedger, type Life } from './lifetimes'

const sessions = fc.tuple(
  settingsArb,
  fc.array(actionArb, { minLength: 20, maxLength: 120, size: 'max' }),
)
const RUNS = { numRuns: Number(process.env.PROP_RUNS ?? 100) }

const within = (l: Life) => l.cost.lte(l.given.plus(new D('1e-8').times(l.events + 1)))

describe('isolated positions over their whole life', () => {
  it(
    'cost (realized loss + fees + funding) never exceeds the margin given; protected wallets stay ≥ 0',
    () => {
      let isolatedLives = 0
      let liquidatedLives = 0
      fc.assert(
        fc.property(sessions, ([settings, actions]) => {
          const protectedWallet = settings.negativeBalanceProtection !== false
          const ledger = new LifeLedger()
          run(settings, toInputs(actions, !!settings.hedgeMode), true, (engine, _i, ev) => {
            for (const life of ledger.input(ev)) {
              if (!life.isolated) continue
              isolatedLives++
              if (life.liquidated) liquidatedLives++
              // without protection a loss past bankruptcy is the trader's debt (rule 3)
              if (protectedWallet)
                expect(
                  within(life),
                  `${life.key}: cost ${life.cost.toFixed()} > given ${life.given.toFixed()}`,
                ).toBe(true)
            }
            if (protectedWallet) expect(new D(engine.view().walletBalance).gte(0)).toBe(true)
          })
          // lives still open: what they cost so far is also within what they were given
          for (const life of ledger.openLives())
            if (life.isolated && protectedWallet) expect(within(life)).toBe(true)
        }),
        RUNS,
      )
      // the generator must actually exercise the property: isolated lives run to flat, some of
      // them through a liquidation
      expect(isolatedLives).toBeGreaterThan(RUNS.numRuns / 4)
      expect(liquidatedLives).toBeGreaterThan(0)
    },
    120_000 + RUNS.numRuns * 400,
  )
})
