/**
 * What every handler group receives: where things live and how to push to the client.
 * The host never imports `electron`; the Electron main and the browser-mode server
 * build this context and hand it in.
 */
import type { PushName, PushPayload } from '../../shared/contract'
import type { WorkRunner } from './work/runner'

export interface HostOptions {
  /** The app's data folder: sessions, user scenarios, caches. */
  dataDir: string
  /** Bundled read-only resources (resources/ in the repo, or the packaged equivalent). */
  resourcesDir: string
  transport: 'electron' | 'websocket'
  version: string
  defaultScenarioId?: string
  /** Lay out HTML and print it to PDF bytes (Electron's printToPDF); absent in browser mode. */
  printToPdf?: (html: string) => Promise<Uint8Array>
  /**
   * The built import worker (out/main/import-worker.js): imports then run on a worker thread
   * and this thread keeps answering. Absent (unit tests on sources): imports run in-thread.
   */
  importWorker?: string
  /**
   * The built work thread (out/main/work-worker.js): the coach's stress tests and the opening
   * re-fold of sessions then run on it (./work/runner.ts). Absent (unit tests on sources, the
   * CLI): they run in-thread.
   */
  workWorker?: string
  /** A work runner already made (tests wrap one to watch its jobs); it wins over workWorker. */
  work?: WorkRunner
}

export interface HostContext {
  dataDir: string
  resourcesDir: string
  transport: 'electron' | 'websocket'
  version: string
  defaultScenarioId: string
  printToPdf?: (html: string) => Promise<Uint8Array>
  importWorker?: string
  /** The work thread, when the host was given one (HostOptions.workWorker). */
  work?: WorkRunner
  push<P extends PushName>(name: P, payload: PushPayload<P>): void
}
