/** Handlers for the scenario library over electron/host/data (imports: handlers/upload.ts). */
import * as path from 'node:path'
import { HostError } from '../../../shared/contract'
import type { ScenarioBuildRequest } from '../../../shared/contract/market'
import type { ScenarioInfo } from '../../../shared/market'
import type { HostContext } from '../context'
import { DataError, listScenarios, loadScenario } from '../data'
import type { LoadedScenario, LoadOptions } from '../data'
import { buildUserScenario } from '../data/scenario-builder'

/** Map the data layer's expected failures onto host error codes. */
function hostErrorFromData(err: unknown, fallback: 'CORRUPT_FILE' | 'IMPORT_FAILED'): unknown {
  if (!(err instanceof DataError)) return err
  if (err.code === 'NOT_FOUND') return new HostError('NOT_FOUND', err.message)
  const where = [err.where.file, err.where.line, err.where.column].filter((x) => x !== undefined)
  return new HostError(fallback, err.message, where.length ? [where.join(':')] : undefined)
}

/** Where the host's scenarios and their cache live. */
function loadOptions(ctx: HostContext): LoadOptions {
  return {
    resourcesDir: ctx.resourcesDir,
    userDir: ctx.dataDir,
    cacheDir: path.join(ctx.dataDir, 'cache'),
  }
}

export function scenarioLoader(ctx: HostContext): (id: string) => Promise<LoadedScenario> {
  return async (id) => {
    try {
      return await loadScenario(id, loadOptions(ctx))
    } catch (err) {
      throw hostErrorFromData(err, 'CORRUPT_FILE')
    }
  }
}

export function marketHandlers(ctx: HostContext) {
  return {
    'scenario:build': async (req: ScenarioBuildRequest): Promise<ScenarioInfo> => {
      try {
        return await buildUserScenario(req, loadOptions(ctx))
      } catch (err) {
        throw hostErrorFromData(err, 'CORRUPT_FILE')
      }
    },
    'scenario:list': async (): Promise<ScenarioInfo[]> => {
      try {
        return await listScenarios({ resourcesDir: ctx.resourcesDir, userDir: ctx.dataDir })
      } catch (err) {
        throw hostErrorFromData(err, 'CORRUPT_FILE')
      }
    },
  }
}
