/** Handlers for the scenario library and imports. Wired to electron/host/data by the sessions work. */
import { HostError } from '../../../shared/contract'
import type { HostContext } from '../context'

export function marketHandlers(_ctx: HostContext) {
  return {
    'scenario:list': () => {
      throw new HostError('INTERNAL', 'scenario:list is not wired yet')
    },
    'import:files': () => {
      throw new HostError('INTERNAL', 'import:files is not wired yet')
    },
  }
}
