/** Handlers for sessions and replay: thin calls into the session manager (electron/host/session). */
import type {
  CandleSet,
  CommandAck,
  CommandPreview,
  Decision,
  LiquidationCard,
  Request,
  ReplayStatus,
  SessionSnapshot,
  SessionSummary,
} from '../../../shared/contract'
import type { HostContext } from '../context'
import { SessionManager, type ManagerOptions } from '../session/manager'
import { engines } from '../engine-binding'
import { scenarioLoader } from './market'

export function sessionHandlers(ctx: HostContext, overrides: Partial<ManagerOptions> = {}) {
  const m = new SessionManager({
    dataDir: ctx.dataDir,
    loadScenario: scenarioLoader(ctx),
    engines: engines,
    push: (frame) => ctx.push('replay:frame', frame),
    ...(ctx.work ? { refold: ctx.work.refold } : {}),
    ...overrides,
  })
  return {
    manager: m,
    handlers: {
      'session:list': (): SessionSummary[] => m.list(),
      'session:create': (req: Request<'session:create'>): Promise<SessionSnapshot> => m.create(req),
      'session:open': (req: Request<'session:open'>): Promise<SessionSnapshot> =>
        m.openSession(req.sessionId, req.mode),
      'session:rename': (req: Request<'session:rename'>): Promise<SessionSummary> =>
        m.rename(req.sessionId, req.name),
      'session:duplicate': (req: Request<'session:duplicate'>): Promise<SessionSummary> =>
        m.duplicate(req.sessionId),
      'session:delete': (req: Request<'session:delete'>): Promise<null> => m.remove(req.sessionId),
      'session:export': (req: Request<'session:export'>) => m.exportSession(req.sessionId),
      'session:import': (req: Request<'session:import'>): Promise<SessionSummary> =>
        m.importSession(req.content),
      'session:command': (req: Request<'session:command'>): Promise<CommandAck> =>
        m.command(req.sessionId, req.command, {
          ...(req.attachedStop ? { attachedStop: req.attachedStop } : {}),
        }),
      'session:candles': (req: Request<'session:candles'>): Promise<CandleSet> =>
        m.candles(req.sessionId, req.symbol, req.timeframe),
      'replay:control': (req: Request<'replay:control'>): Promise<ReplayStatus> =>
        m.control(req.sessionId, req.action),
      'session:preview': (req: Request<'session:preview'>): Promise<CommandPreview> =>
        m.previewCommand(req.sessionId, req.command),
      'session:rewind': (req: Request<'session:rewind'>): Promise<SessionSnapshot> =>
        m.rewind(req.sessionId, req.t),
      'session:restore': (req: Request<'session:restore'>): Promise<SessionSnapshot> =>
        m.restore(req.sessionId),
      'session:fork': (req: Request<'session:fork'>): Promise<SessionSnapshot> =>
        m.fork(req.sessionId, req.commandIndex),
      'session:liquidation': (req: Request<'session:liquidation'>): Promise<LiquidationCard> =>
        m.liquidationCard(req.sessionId, req.seq),
      'session:decisions': (req: Request<'session:decisions'>): Promise<Decision[]> =>
        m.decisions(req.sessionId),
      'session:watch': (req: Request<'session:watch'>): Promise<null> =>
        m.watch(req.sessionId, req.watch),
      'session:finish': (req: Request<'session:finish'>): Promise<SessionSnapshot> =>
        m.finish(req.sessionId),
      'session:close': async (req: Request<'session:close'>): Promise<null> => {
        m.closeSession(req.sessionId)
        return null
      },
    },
    close: () => m.closeAll(),
  }
}
