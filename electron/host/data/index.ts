/**
 * Market data for the host: the scenario library (bundled + user), scenario loading with a
 * checksummed binary cache, candle aggregation for the chart, and Binance / generic imports.
 * Nothing here imports `electron`; paths come from the caller.
 */
export { listScenarios, resolveResourcesDir, type CatalogOptions } from './catalog'
export { loadScenario, loadScenarioOrFolder, type LoadOptions } from './load'
export {
  aggregate,
  availableTimeframes,
  createAggregator,
  lastBarAt,
  markBarAt,
  type Aggregator,
  type PriceSeries,
} from './aggregate'
export { importFiles, type DataImportReport, type ImportOptions } from './import/run-import'
export type { GenericMapping } from './import/read-inputs'
export type { CodedIssue } from './import/issues'
export { DataError, DataErrorList, type DataErrorCode } from './errors'
export { symbolStats, type SymbolStats } from './stats'
export { DEFAULT_SCENARIO_ID } from '../../../shared/market'
export type { LoadedScenario, SymbolSeries } from './types'
