/**
 * The coach's operations on one session, as the handlers call them: each reads the session
 * through the CoachSession port and works on engine copies (never the live engine).
 */
import type {
  SessionReport,
  SizerRequest,
  SizerResult,
  StressReport,
  StressResult,
  WhatIfResult,
} from '../../../shared/contract/coach'
import { HostError } from '../../../shared/contract/errors'
import { Superseded } from '../work/runner'
import type { SymbolId } from '../../../shared/market'
import type { AccountView } from '../../../shared/trading/views'
import { foldEquity } from './fold'
import type { CoachDeps, CoachSession } from './ports'
import { buildReport } from './report'
import type { CoachRuntime } from './runtime'
import { pricesAt } from './engine-copy'
import { sizePosition } from './sizer'
import { stressTest } from './stress'
import { whatIf } from './whatif'
import type { LoadedScenario } from '../data/types'

/** Last price from the scenario at the replay time, mark from the engine's view. */
export function sessionPrices(
  s: CoachSession,
  view: AccountView,
): Record<SymbolId, { last: number; mark: number }> {
  const out = pricesAt(s.scenario, s.replayTime)
  for (const [sym, m] of Object.entries(view.marks)) {
    if (out[sym] && m) out[sym] = { last: out[sym].last, mark: Number(m) }
  }
  return out
}

export function sizerFor(
  deps: CoachDeps,
  s: CoachSession,
  req: Omit<SizerRequest, 'sessionId'>,
): SizerResult {
  const view = s.view()
  return sizePosition(
    {
      factory: deps.engine,
      settings: s.settings,
      snapshot: s.engineSnapshot(),
      view,
      prices: sessionPrices(s, view),
    },
    req,
  )
}

export function whatIfFor(
  deps: CoachDeps,
  s: CoachSession,
  moves?: string[],
  keepOrders?: boolean,
): WhatIfResult {
  const view = s.view()
  return whatIf({
    factory: deps.engine,
    snapshot: s.engineSnapshot(),
    view,
    prices: sessionPrices(s, view),
    moves,
    keepOrders,
  })
}

export async function stressFor(
  deps: CoachDeps,
  s: CoachSession,
  ids: string[] | undefined,
  now: () => number = () => performance.now(),
): Promise<StressReport> {
  const view = s.view()
  const library = await deps.listCrashIds()
  // only scenarios of the library: an id is never taken as a path to import from
  let list = ids ? ids.filter((id) => library.includes(id)) : library
  // An exam must not preview its own crash (the path from its start would give the future away).
  if (s.mode === 'exam' || s.blind) list = list.filter((id) => id !== s.scenario.info.id)
  const began = now()
  const snapshot = s.engineSnapshot()
  const prices = sessionPrices(s, view)
  // the crash path starts after the latest revealed close (replay time is that close)
  const t0 = Math.max(view.t, s.replayTime)
  const stressHere = async () => {
    const crashes: LoadedScenario[] = []
    for (const id of list) crashes.push(await deps.loadCrash(id))
    return crashes.map((crash) =>
      stressTest({ factory: deps.engine, snapshot, view, prices, t0 }, crash),
    )
  }
  let results: StressResult[]
  if (deps.stress) {
    // on the work thread: this thread keeps answering meanwhile
    try {
      results = await deps.stress(
        { crashIds: list, snapshot, view, prices, t0 },
        { supersede: s.id },
      )
    } catch (err) {
      if (err instanceof Superseded)
        throw new HostError('CONFLICT', `Stress test not finished: ${err.message}`)
      // the work thread failed: the user still gets the test, run in this thread
      console.error('[coach] stress test on the work thread failed, running it here:', err)
      results = await stressHere()
    }
  } else results = await stressHere()
  return {
    t: t0,
    startEquity: view.marginBalance,
    positions: view.positions.filter((p) => Number(p.size) !== 0).length,
    results,
    elapsedMs: Math.round(now() - began),
  }
}

export async function reportFor(
  deps: CoachDeps,
  runtime: CoachRuntime,
  s: CoachSession,
): Promise<SessionReport> {
  const view = s.view()
  let equity: [number, string][] = []
  if (s.equityCurve) equity = s.equityCurve()
  else if (s.commands && s.cursor !== undefined && 'series' in s.scenario) {
    equity = foldEquity({
      factory: deps.engine,
      scenario: s.scenario as LoadedScenario,
      settings: s.settings,
      commands: s.commands(),
      cursor: s.cursor,
      from: s.startCursor,
    })
  }
  // hits from a future a practice rewind took back are not part of this session's story
  const hits = (s.guardrailHits ? s.guardrailHits.slice() : await runtime.hits(s.id)).filter(
    (h) => h.t <= view.t,
  )
  return buildReport({
    sessionId: s.id,
    scenarioId: s.blind ? 'blind' : s.scenario.info.id,
    t: s.replayTime,
    startEquity: s.startEquity ?? s.settings.startingBalance,
    startingBalance: s.settings.startingBalance,
    view,
    events: s.events,
    equity,
    hits,
    journal: await deps.store.loadJournal(s.id),
    profile: runtime.profile(),
  })
}
