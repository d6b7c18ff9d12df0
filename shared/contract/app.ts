/** App-level methods: identity of the running host, and a ping used by transport tests. */
import * as v from 'valibot'
import { method, pushed } from './define'

export interface AppInfo {
  name: 'PerpDojo'
  version: string
  transport: 'electron' | 'websocket'
  /** Where sessions, imports and caches live on this machine. */
  dataDir: string
  defaultScenarioId: string
  /** The session report can be exported as PDF (desktop app only). */
  canPrintPdf: boolean
}

export interface Notice {
  level: 'info' | 'warning' | 'error'
  message: string
}

export const appMethods = {
  'app:info': method<AppInfo>()(v.null()),
  /** Echoes text back; with `notify`, the host also pushes an `app:notice` with the same text. */
  'app:ping': method<{ echo: string }>()(
    v.strictObject({ echo: v.pipe(v.string(), v.maxLength(200)), notify: v.optional(v.boolean()) }),
  ),
}

export const appPushes = {
  'app:notice': pushed<Notice>(),
  'app:menu': pushed<MenuCommand>(),
}

/** Commands from the Electron application menu, forwarded to the renderer. */
export type MenuCommand =
  | 'new-session'
  | 'open-session'
  | 'import-data'
  | 'get-market-data'
  | 'play-pause'
  | 'step'
  | 'step-10'
  | 'next-event'
  | 'toggle-theme'
  | 'shortcuts'
