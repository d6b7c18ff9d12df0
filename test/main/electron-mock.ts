/**
 * A hand-made stand-in for the `electron` module: a real `require('electron')` in plain
 * Node tries to download the binary and throws, so adapter tests run against this.
 */
import { vi } from 'vitest'

type Handler = (...args: unknown[]) => unknown

export function makeElectronMock() {
  const handlers = new Map<string, Handler>()
  const appListeners = new Map<string, Handler[]>()
  const exposed: Record<string, unknown> = {}
  const rendererListeners = new Map<string, Set<Handler>>()
  const permissionRequest = { handler: null as null | Handler }
  const permissionCheck = { handler: null as null | Handler }
  const beforeRequest = { handler: null as null | Handler }
  const protocolHandlers = new Map<string, Handler>()
  const menu = { current: null as null | { template: unknown } }
  return {
    menu,
    protocolHandlers,
    handlers,
    exposed,
    rendererListeners,
    permissionRequest,
    permissionCheck,
    beforeRequest,
    appListeners,
    module: {
      ipcMain: {
        handle: vi.fn((ch: string, fn: Handler) => handlers.set(ch, fn)),
        removeHandler: vi.fn((ch: string) => handlers.delete(ch)),
      },
      ipcRenderer: {
        invoke: vi.fn(async (...args: unknown[]) => ({ ok: true, value: args })),
        on: vi.fn((ch: string, fn: Handler) => {
          const set = rendererListeners.get(ch) ?? new Set()
          set.add(fn)
          rendererListeners.set(ch, set)
        }),
        removeListener: vi.fn((ch: string, fn: Handler) => rendererListeners.get(ch)?.delete(fn)),
      },
      contextBridge: {
        exposeInMainWorld: vi.fn((key: string, api: unknown) => (exposed[key] = api)),
      },
      Menu: {
        buildFromTemplate: vi.fn((template: unknown) => ({ template })),
        setApplicationMenu: vi.fn((m: { template: unknown }) => (menu.current = m)),
      },
      app: {
        isPackaged: false,
        on: vi.fn((ev: string, fn: Handler) =>
          appListeners.set(ev, [...(appListeners.get(ev) ?? []), fn]),
        ),
      },
      protocol: {
        registerSchemesAsPrivileged: vi.fn(),
        handle: vi.fn((scheme: string, fn: Handler) => protocolHandlers.set(scheme, fn)),
      },
      session: {
        defaultSession: {
          setPermissionRequestHandler: vi.fn((fn: Handler) => (permissionRequest.handler = fn)),
          setPermissionCheckHandler: vi.fn((fn: Handler) => (permissionCheck.handler = fn)),
          webRequest: { onBeforeRequest: vi.fn((fn: Handler) => (beforeRequest.handler = fn)) },
        },
      },
    },
  }
}
