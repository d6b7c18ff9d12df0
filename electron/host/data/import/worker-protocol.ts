/**
 * Messages between the host and the import worker (import-worker.ts). An import is CPU-bound
 * for seconds (a year of 1-minute candles: ~3 s), so it runs on a `node:worker_threads`
 * thread and the thread that answers the user keeps answering (issue 10 item 8).
 */
import type { ImportProgress } from '../../../../shared/contract/market'
import type { DataErrorCode, DataErrorWhere } from '../errors'
import type { DataImportReport, ImportOptions } from './run-import'

/** importFiles' options without the callbacks and the signal (they stay on the host side). */
export type WorkerImportOptions = Omit<ImportOptions, 'signal' | 'onProgress'>

export type ToWorker =
  { type: 'start'; paths: string[]; opts: WorkerImportOptions } | { type: 'cancel' }

export type FromWorker =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; report: DataImportReport; threadId: number }
  | {
      type: 'failed'
      error: { code: DataErrorCode; detail: string; where: DataErrorWhere } | { message: string }
    }
