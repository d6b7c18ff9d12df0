/**
 * Exactness review of the engine's memos and kept bars (docs/performance.md "Session 7,
 * exactness review"): matching/triggers.ts `orderLevel` answers for an order what it answers for
 * a copy of it after every input of random sessions (amendments, stop-limits triggered between
 * calls, cancels, hedge mode) — efbc24c's memo per order passed this and was taken out again
 * for speed (67263a2); the test guards any memo that comes back; and a fast-path engine
 * restored from its snapshot mid-run while another engine runs other inputs between its inputs
 * (the module memos of funding/factor.ts, scaled-memo.ts and order-checks.ts `parsed` see both)
 * logs what one uninterrupted full-path engine logs, with adversarial funding texts and bars
 * missing from inputs (engine.ts `keepsQuiet` keeps some of the full path's bars).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createCore, restoreCore } from '../../electron/engine/engine'
import type { EngineInput } from '../../electron/engine'
import { makeCtx } from '../../electron/engine/context'
import { resolveSpec } from '../../electron/engine/instruments'
import { orderLevel } from '../../electron/engine/matching/triggers'
import { DEFAULT_ENGINE_SETTINGS } from '../../shared/trading/settings'
import { positiveText, signedText, outcome } from './exact-gen'
import { actionArb, settingsArb, toInputs } from './gen'

const SYMS = ['BTCUSDT', 'ETHUSDT']

/** Funding inputs with adversarial rate and mark texts, spliced in at `at`. */
const fundingArb = fc.record({
  at: fc.nat(200),
  sym: fc.nat(1),
  rate: fc.oneof(signedText, fc.constantFrom('0.0001', '0.00010', '-0.000375', '0.01')),
  mark: fc.oneof(positiveText, fc.constantFrom('20000', '20000.0', '1500.50', '0.1')),
})

const sessions = fc.record({
  settings: settingsArb,
  actions: fc.array(actionArb, { minLength: 20, maxLength: 100, size: 'max' }),
  funding: fc.array(fundingArb, { maxLength: 6 }),
  cut: fc.nat(200),
})

type Session = typeof sessions extends fc.Arbitrary<infer T> ? T : never

function inputsOf(s: Session): EngineInput[] {
  const inputs = toInputs(s.actions, s.settings.hedgeMode ?? false)
  for (const f of s.funding) {
    const k = f.at % (inputs.length + 1)
    const t = k === 0 ? (inputs[0]?.t ?? 0) : inputs[k - 1]!.t
    inputs.splice(k, 0, {
      kind: 'funding',
      t,
      symbol: SYMS[f.sym]!,
      rate: f.rate,
      markPrice: f.mark,
      origin: 'recorded',
    })
  }
  return inputs
}

describe('engine memos = fresh computations', () => {
  it('orderLevel: the remembered level of every order after every input', () => {
    let compared = 0
    fc.assert(
      fc.property(sessions, (s) => {
        const settings = { ...DEFAULT_ENGINE_SETTINGS, ...s.settings }
        const core = createCore(SYMS, settings, true)
        const specs = new Map(SYMS.map((x) => [x, resolveSpec(x, settings)]))
        for (const input of inputsOf(s)) {
          outcome(() => core.apply(input))
          const ctx = makeCtx(core.s, specs)
          for (const o of core.s.orders) {
            // a copy has no memo entry: its level is computed afresh
            expect(orderLevel(ctx, o), o.id).toEqual(orderLevel(ctx, { ...o }))
            compared++
          }
        }
      }),
      { seed: 7201, numRuns: 60 },
    )
    expect(compared).toBeGreaterThan(400)
  })

  it('restored mid-run, memos churned by another engine: the full path’s log', () => {
    fc.assert(
      fc.property(sessions, (s) => {
        const settings = { ...DEFAULT_ENGINE_SETTINGS, ...s.settings }
        const inputs = inputsOf(s)
        const full = createCore(SYMS, settings, false)
        let fast = createCore(SYMS, settings, true)
        const other = createCore(SYMS, settings, true)
        const cut = s.cut % (inputs.length + 1)
        const last = inputs[inputs.length - 1]!.t
        inputs.forEach((input, i) => {
          if (i === cut) fast = restoreCore(JSON.parse(JSON.stringify(fast.snapshot())), true)
          const want = outcome(() => full.apply(input))
          expect(
            outcome(() => fast.apply(input)),
            `input ${i}`,
          ).toBe(want)
          // the other engine runs the session backwards in time order of its own
          outcome(() => other.apply({ ...inputs[inputs.length - 1 - i]!, t: last + i }))
        })
        expect(fast.stateHash()).toBe(full.stateHash())
      }),
      { seed: 7202, numRuns: 50 },
    )
  })
})
