/**
 * Which series a file holds, from its path and name (Binance public-data conventions):
 *   …/markPriceKlines/BTCUSDT/1m/BTCUSDT-1m-2024-01-01.zip   → mark
 *   …/indexPriceKlines/…                                      → index
 *   BTCUSDT-fundingRate-2024-01.zip                           → funding
 *   BTCUSDT-1m-2024-01-01.csv                                 → last (klines)
 * The bundled naming (btcusdt-markprice-1h-….csv.gz, btcusdt-funding-….csv.gz) works too.
 * Symbol = the name's first dash-separated token; interval = the first token that is one.
 */
import path from 'node:path'

export type SeriesKind = 'last' | 'mark' | 'index' | 'funding'

export interface Classified {
  kind: SeriesKind | null
  symbol: string | null
  /** Interval written in the file name (e.g. '1m', '30m'), when there is one. */
  interval: string | null
}

const INTERVAL = /^(\d+)(s|m|h|d|w|mo)$/i

export function classify(hintPath: string): Classified {
  const lower = hintPath.replace(/\\/g, '/').toLowerCase()
  const name = path.posix.basename(lower).replace(/\.(csv|zip)(\.gz)?$/, '')
  let kind: SeriesKind | null = null
  if (/premiumindex/.test(lower)) kind = null
  else if (/fundingrate|(^|[-_/])funding([-_.]|$)/.test(lower)) kind = 'funding'
  else if (/markprice/.test(lower)) kind = 'mark'
  else if (/indexprice/.test(lower)) kind = 'index'
  else if (/(^|[-_/])klines?([-_/]|$)/.test(lower) || name.split('-').some((t) => INTERVAL.test(t)))
    kind = 'last'
  const tokens = name.split('-')
  const first = tokens[0]?.toUpperCase() ?? ''
  const symbol = /^[A-Z0-9_]{2,24}$/.test(first) && !INTERVAL.test(first) ? first : null
  const interval = tokens.find((t) => INTERVAL.test(t)) ?? null
  return { kind, symbol, interval }
}
