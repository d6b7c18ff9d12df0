/** Handlers for app-level methods. */
import type { AppInfo } from '../../../shared/contract'
import type { HostContext } from '../context'

export function appHandlers(ctx: HostContext) {
  return {
    'app:info': (): AppInfo => ({
      name: 'PerpDojo',
      version: ctx.version,
      transport: ctx.transport,
      dataDir: ctx.dataDir,
      defaultScenarioId: ctx.defaultScenarioId,
      canPrintPdf: ctx.printToPdf !== undefined,
    }),
    'app:ping': (req: { echo: string; notify?: boolean }) => {
      if (req.notify) ctx.push('app:notice', { level: 'info', message: req.echo })
      return { echo: req.echo }
    },
  }
}
