/**
 * Which series a file holds, from its path and name (Binance public-data conventions):
 *   …/markPriceKlines/BTCUSDT/1m/BTCUSDT-1m-2024-01-01.zip   → mark
 *   …/indexPriceKlines/…                                      → index
 *   BTCUSDT-fundingRate-2024-01.zip                           → funding
 *   BTCUSDT-1m-2024-01-01.csv                                 → last (klines)
 * The bundled naming (btcusdt-markprice-1h-….csv.gz, btcusdt-funding-….csv.gz) works too.
 * Symbol = the name's first dash-separated token; interval = the first token that is one.
 */

export type SeriesKind = 'last' | 'mark' | 'index' | 'funding'

export interface Classified {
  kind: SeriesKind | null
  symbol: string | null
  /** Interval written in the file name (e.g. '1m', '30m'), when there is one. */
  interval: string | null
}

const INTERVAL = /^(\d+)(s|m|h|d|w|mo)$/i

// Binance public-data folder names that say what a file holds. Only whole folder names
// count, so a data folder that merely contains "funding" or "markprice" somewhere in its
// path (e.g. /home/funding-desk/…) never changes how a file is read.
const FOLDER_KINDS: Record<string, SeriesKind | null> = {
  markpriceklines: 'mark',
  indexpriceklines: 'index',
  fundingrate: 'funding',
  klines: 'last',
  premiumindexklines: null,
}

export function classify(hintPath: string): Classified {
  const parts = hintPath.replace(/\\/g, '/').toLowerCase().split('/')
  const file = parts.pop() ?? ''
  const name = file.replace(/\.(csv|zip)(\.gz)?$/, '')
  let kind: SeriesKind | null = null
  let decided = false
  // The file name first (BTCUSDT-fundingRate-2024-01.zip, btcusdt-markprice-1h-….csv.gz) …
  if (/premiumindex/.test(name)) decided = true
  else if (/fundingrate|(^|[-_])funding([-_.]|$)/.test(name)) kind = 'funding'
  else if (/markprice/.test(name)) kind = 'mark'
  else if (/indexprice/.test(name)) kind = 'index'
  // … then the nearest Binance folder name (…/markPriceKlines/BTCUSDT/1m/BTCUSDT-1m-….zip) …
  if (!kind && !decided) {
    for (const dir of parts.slice(-4).reverse()) {
      if (dir in FOLDER_KINDS) {
        kind = FOLDER_KINDS[dir] ?? null
        decided = true
        break
      }
    }
  }
  // … and a plain kline name (BTCUSDT-1m-2024-01-01.csv) last.
  if (!kind && !decided && name.split('-').some((t) => INTERVAL.test(t))) kind = 'last'
  const tokens = name.split('-')
  const first = tokens[0]?.toUpperCase() ?? ''
  const symbol = /^[A-Z0-9_]{2,24}$/.test(first) && !INTERVAL.test(first) ? first : null
  const interval = tokens.find((t) => INTERVAL.test(t)) ?? null
  return { kind, symbol, interval }
}
