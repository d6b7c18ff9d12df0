/**
 * Electron IPC adapter: one `ipcMain.handle` channel carries every contract method.
 * Each message is checked for a trusted sender (our own window, our own app:// page),
 * then handed to the host's dispatcher, which validates the payload against the method's
 * schema before any handler runs. Pushes go to every window we created.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import type { Result } from '../../shared/contract'
import type { Host } from '../host/host'
import { INVOKE_CHANNEL, PUSH_CHANNEL } from './ipc-channels'

function isTrustedSender(event: IpcMainInvokeEvent, rendererUrl: string): boolean {
  const frameUrl = event.senderFrame?.url ?? ''
  return frameUrl.split('#')[0] === rendererUrl.split('#')[0]
}

export function registerIpc(host: Host, rendererUrl: string, targets: () => WebContents[]) {
  ipcMain.handle(
    INVOKE_CHANNEL,
    async (event, method: unknown, payload: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event, rendererUrl)) {
        return { ok: false, error: { code: 'INVALID_REQUEST', message: 'Untrusted sender' } }
      }
      return host.dispatch(method, payload)
    },
  )
  const unsubscribe = host.onPush((name, payload) => {
    for (const wc of targets()) if (!wc.isDestroyed()) wc.send(PUSH_CHANNEL, name, payload)
  })
  return () => {
    ipcMain.removeHandler(INVOKE_CHANNEL)
    unsubscribe()
  }
}
