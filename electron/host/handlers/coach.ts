/**
 * Handlers for the coach's contract methods (shared/contract/coach.ts). The lead merges
 * `coachMethods` into the contract and spreads `coachHandlers(ctx, deps).handlers` into the
 * host's table; `deps` comes from `createCoachDeps` (electron/host/coach/index.ts) with the
 * session manager adapted to `getSession`.
 */
import type * as v from 'valibot'
import { HostError } from '../../../shared/contract/errors'
import type { coachMethods, JournalEntry } from '../../../shared/contract/coach'
import type { CoachDeps, CoachSession } from '../coach/ports'
import type { CoachRuntime } from '../coach/runtime'
import { exportReport } from '../coach/exports'
import { practiseCrashFor, type CreatePractice } from '../coach/practise'
import { reportFor, sessionPrices, sizerFor, stressFor, whatIfFor } from '../coach/service'
import type { HostContext } from '../context'

type CoachMethods = typeof coachMethods
type Req<M extends keyof CoachMethods> = v.InferOutput<CoachMethods[M]['req']>
type Res<M extends keyof CoachMethods> = Exclude<CoachMethods[M]['res'], undefined>
export type CoachHandlerTable = {
  [M in keyof CoachMethods]: (req: Req<M>) => Promise<Res<M>> | Res<M>
}

export interface CoachHandlerDeps extends CoachDeps {
  runtime: CoachRuntime
  /** Starts a practice session and journals commands in it (the host's session manager). */
  createPractice?: CreatePractice
}

/**
 * The coach's handler table. `deps` may still be loading (the coach reads its profile from
 * disk): every handler waits for it, so the host spreads this table like any other domain's.
 */
export function coachHandlers(
  ctx: HostContext,
  depsReady: CoachHandlerDeps | Promise<CoachHandlerDeps>,
) {
  const ready = Promise.resolve(depsReady)
  const session = async (id: string): Promise<CoachSession> => {
    const s = await (await ready).getSession(id)
    if (!s) throw new HostError('NOT_FOUND', `No open session ${id}`)
    return s
  }
  const handlers: CoachHandlerTable = {
    'coach:sizer': async ({ sessionId, ...req }) =>
      sizerFor(await ready, await session(sessionId), req),
    'coach:whatIf': async ({ sessionId, moves, keepOrders }) =>
      whatIfFor(await ready, await session(sessionId), moves, keepOrders),
    'coach:stressTest': async ({ sessionId, scenarioIds }) =>
      stressFor(await ready, await session(sessionId), scenarioIds),
    'coach:practiseCrash': async ({ sessionId, scenarioId }) =>
      practiseCrashFor(await ready, ctx.dataDir, await session(sessionId), scenarioId),
    'coach:check': async ({ sessionId, command, attachedStop }) => {
      // a dry run against the session's guardrail track: nothing is recorded
      const res = dryRun(await ready, sessionId, await session(sessionId), command, attachedStop)
      return res.allow
        ? { allow: true, warnings: res.warnings }
        : { allow: false, hit: res.hit, warnings: res.warnings }
    },
    'coach:report': async ({ sessionId }) =>
      reportFor(await ready, (await ready).runtime, await session(sessionId)),
    'coach:export': async ({ sessionId, format }) => {
      const s = await session(sessionId)
      const report = await reportFor(await ready, (await ready).runtime, s)
      const priceDp = (symbol: string) =>
        s.scenario.info.symbols.find((x) => x.symbol === symbol)?.instrument.priceDp ?? 2
      if (format !== 'pdf') return exportReport(report, format, priceDp)
      // PDF needs a renderer to lay the page out: Electron provides one (printToPDF);
      // the browser mode offers the printable HTML instead.
      if (!ctx.printToPdf)
        throw new HostError(
          'CONFLICT',
          'PDF export needs the desktop app; export HTML and print it',
        )
      const html = exportReport(report, 'html', priceDp)
      const pdf = await ctx.printToPdf(html.content)
      return {
        fileName: html.fileName.replace(/\.html$/, '.pdf'),
        mime: 'application/pdf',
        content: Buffer.from(pdf).toString('base64'),
        encoding: 'base64',
      }
    },
    'coach:settings': async ({ profile }) =>
      profile ? (await ready).runtime.setProfile(profile) : (await ready).runtime.profile(),
    'coach:hits': async ({ sessionId }) => (await ready).runtime.hits(sessionId),
    'coach:journal': async ({ sessionId, tradeId, note, tags }) => {
      const list = await (await ready).store.loadJournal(sessionId)
      const entry: JournalEntry = {
        tradeId,
        note,
        tags: [...new Set(tags)],
        updatedAt: new Date().toISOString(),
      }
      const next = list.filter((e) => e.tradeId !== tradeId)
      if (note.trim() || entry.tags.length) next.push(entry)
      await (await ready).store.saveJournal(sessionId, next)
      return entry
    },
    'alerts:list': async ({ sessionId }) => (await ready).runtime.alerts(sessionId),
    'alerts:set': async ({ sessionId, alert }) => (await ready).runtime.setAlert(sessionId, alert),
    'alerts:remove': async ({ sessionId, alertId }) =>
      (await ready).runtime.removeAlert(sessionId, alertId),
    'drawings:list': async ({ sessionId }) => {
      await session(sessionId)
      return (await ready).store.loadDrawings(sessionId)
    },
    'drawings:save': async ({ sessionId, symbol, drawings }) => {
      const s = await session(sessionId)
      if (!s.scenario.info.symbols.some((x) => x.symbol === symbol))
        throw new HostError('INVALID_REQUEST', `${symbol} is not a symbol of this session`)
      return (await ready).store.replaceDrawings(sessionId, symbol, drawings)
    },
  }
  return { handlers }
}

function dryRun(
  deps: CoachHandlerDeps,
  sessionId: string,
  s: CoachSession,
  command: Req<'coach:check'>['command'],
  attachedStop: Req<'coach:check'>['attachedStop'],
) {
  const view = s.view()
  return deps.runtime.check(
    sessionId,
    {
      view,
      engineSnapshot: s.engineSnapshot(),
      prices: sessionPrices(s, view),
      attachedStop,
    },
    command,
    s.replayTime,
  )
}
