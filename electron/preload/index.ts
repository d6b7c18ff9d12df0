/**
 * Preload (sandboxed, CommonJS): exposes exactly the contract's Bridge as
 * `window.perpdojo`. The renderer never sees ipcRenderer or the IPC event objects; push
 * listeners are only attached for the contract's push names.
 */
import { contextBridge, ipcRenderer } from 'electron'
import type { Bridge, PushName } from '../../shared/contract'
import { INVOKE_CHANNEL, PUSH_CHANNEL } from '../main/ipc-channels'

// Listed here rather than imported: the sandboxed preload may only require 'electron', so it
// must not pull the contract's runtime (valibot). The check below keeps the list exact.
const PUSH_NAMES = [
  'app:notice',
  'app:menu',
  'import:progress',
  'import:stage',
  'download:progress',
  'download:settingsChanged',
  'replay:frame',
  'coach:hit',
  'alerts:fired',
] as const
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
export const pushListIsExact: Exact<(typeof PUSH_NAMES)[number], PushName> = true

export function createPreloadBridge(
  ipc: Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>,
): Bridge {
  return {
    invoke: (name, req) => ipc.invoke(INVOKE_CHANNEL, name, req),
    on(name, listener) {
      if (!(PUSH_NAMES as readonly string[]).includes(name))
        throw new Error(`Unknown push ${String(name)}`)
      const wrapped = (_event: unknown, pushName: unknown, payload: unknown) => {
        if (pushName === name) (listener as (p: unknown) => void)(payload)
      }
      ipc.on(PUSH_CHANNEL, wrapped)
      return () => {
        ipc.removeListener(PUSH_CHANNEL, wrapped)
      }
    },
  }
}

contextBridge.exposeInMainWorld('perpdojo', createPreloadBridge(ipcRenderer))
