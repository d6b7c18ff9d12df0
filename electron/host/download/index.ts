/** "Get market data…": the one feature that uses the network (see README). */
export {
  loopbackTestArchive,
  planFiles,
  requestProblem,
  type ArchiveOrigin,
  type ArchiveRequest,
} from './archive'
export {
  downloadMarketData,
  type DownloadDeps,
  type DownloadProgress,
  type DownloadReport,
  type FileResult,
} from './download'
