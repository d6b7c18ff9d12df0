/**
 * The messages between Electron main and the host's utility process (host-process.ts). Main
 * keeps windows, menus, OS integration and the IPC relay; the host — every request, every
 * session, the replay clock — runs in its own process, so a long request can never freeze
 * the window or the menus (Electron's performance guidance; issue 10 item 8).
 */
import type { HostOptions } from '../host/context'

/** What the host process needs to start (everything serialisable; printToPdf is relayed). */
export type HostInit = Omit<HostOptions, 'printToPdf'>

export type ToHost =
  | { type: 'init'; init: HostInit }
  | { type: 'call'; id: number; method: unknown; params: unknown }
  | { type: 'pdf'; id: number; ok: true; bytes: Uint8Array }
  | { type: 'pdf'; id: number; ok: false; message: string }
  | { type: 'close' }

export type FromHost =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'push'; name: string; payload: unknown }
  /** The host asks main to print report HTML (Electron's printToPDF lives in main). */
  | { type: 'print'; id: number; html: string }
  | { type: 'closed' }

/** The two ends, as small interfaces so each side is testable without Electron. */
export interface HostPort {
  post(m: FromHost): void
  onMessage(fn: (m: ToHost) => void): void
}
