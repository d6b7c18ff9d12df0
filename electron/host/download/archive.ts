/**
 * Binance's public data archive (data.binance.vision): where each file of a request lives, and
 * which origins the downloader may talk to. Layout (USDⓈ-M futures):
 *   data/futures/um/daily/klines/<SYM>/1m/<SYM>-1m-<YYYY-MM-DD>.zip
 *   data/futures/um/daily/markPriceKlines/<SYM>/1m/<SYM>-1m-<YYYY-MM-DD>.zip
 *   data/futures/um/monthly/fundingRate/<SYM>/<SYM>-fundingRate-<YYYY-MM>.zip
 * each with `<file>.CHECKSUM` beside it ("<sha256 hex>  <file name>"). fundingRate has no
 * interval folder (the archive's own layout).
 */

/** The only origin the app downloads from. */
const BINANCE_ARCHIVE = 'https://data.binance.vision/'

/**
 * Where files are fetched from: the real archive, or — for tests only — a server on 127.0.0.1.
 * Built only by the two functions below, so no other host can ever be addressed.
 */
export interface ArchiveOrigin {
  readonly base: URL
  readonly kind: 'binance' | 'loopback-test'
}

export function binanceArchive(): ArchiveOrigin {
  return { base: new URL(BINANCE_ARCHIVE), kind: 'binance' }
}

/** A local test server: plain http on 127.0.0.1 only (anything else is refused). */
export function loopbackTestArchive(base: string): ArchiveOrigin {
  const u = new URL(base)
  if (u.protocol !== 'http:' || u.hostname !== '127.0.0.1' || u.username || u.password)
    throw new Error(`test archive must be http://127.0.0.1:<port>/, got ${base}`)
  if (!u.pathname.endsWith('/')) u.pathname += '/'
  return { base: u, kind: 'loopback-test' }
}

/** May the downloader follow a request (or redirect) to `url`? Same origin as the archive only. */
export function allowedUrl(origin: ArchiveOrigin, url: URL): boolean {
  return url.origin === origin.base.origin && !url.username && !url.password
}

export type ArchiveKind = 'last' | 'mark' | 'funding'

export interface ArchiveFile {
  symbol: string
  kind: ArchiveKind
  /** Day (YYYY-MM-DD) or month (YYYY-MM). */
  period: string
  /** Path under the archive root, e.g. data/futures/um/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2025-10-10.zip */
  path: string
  name: string
}

export interface ArchiveRequest {
  symbols: string[]
  /** First and last day, inclusive (YYYY-MM-DD, UTC). */
  from: string
  to: string
}

const MAX_DAYS = 92
const MAX_SYMBOLS = 8
const DAY = 86_400_000

/** Why a request cannot be planned, or null. `today` is the host's UTC date (YYYY-MM-DD). */
export function requestProblem(r: ArchiveRequest, today: string): string | null {
  if (r.symbols.length === 0) return 'name at least one symbol'
  if (r.symbols.length > MAX_SYMBOLS) return `at most ${MAX_SYMBOLS} symbols`
  for (const s of r.symbols)
    if (!/^[A-Z0-9]{2,20}USDT$/.test(s)) return `${s}: not a USDⓈ-M symbol like BTCUSDT`
  if (new Set(r.symbols).size !== r.symbols.length) return 'a symbol is listed twice'
  for (const d of [r.from, r.to])
    if (!/^\d{4}-\d\d-\d\d$/.test(d) || Number.isNaN(Date.parse(d + 'T00:00:00Z')))
      return `${d}: not a date (YYYY-MM-DD)`
  const a = Date.parse(r.from + 'T00:00:00Z')
  const b = Date.parse(r.to + 'T00:00:00Z')
  if (b < a) return 'the last day is before the first'
  if ((b - a) / DAY + 1 > MAX_DAYS) return `at most ${MAX_DAYS} days at a time`
  if (r.to >= today) return 'the archive publishes a day after it ends: pick days before today'
  return null
}

/** Every file of a request: per symbol, the daily klines and mark-price klines, the monthly funding. */
export function planFiles(r: ArchiveRequest): ArchiveFile[] {
  const out: ArchiveFile[] = []
  const a = Date.parse(r.from + 'T00:00:00Z')
  const b = Date.parse(r.to + 'T00:00:00Z')
  for (const symbol of r.symbols) {
    const months = new Set<string>()
    for (let t = a; t <= b; t += DAY) {
      const day = new Date(t).toISOString().slice(0, 10)
      months.add(day.slice(0, 7))
      for (const [kind, type] of [
        ['last', 'klines'],
        ['mark', 'markPriceKlines'],
      ] as const) {
        const name = `${symbol}-1m-${day}.zip`
        out.push({
          symbol,
          kind,
          period: day,
          name,
          path: `data/futures/um/daily/${type}/${symbol}/1m/${name}`,
        })
      }
    }
    for (const month of months) {
      const name = `${symbol}-fundingRate-${month}.zip`
      out.push({
        symbol,
        kind: 'funding',
        period: month,
        name,
        path: `data/futures/um/monthly/fundingRate/${symbol}/${name}`,
      })
    }
  }
  return out
}
