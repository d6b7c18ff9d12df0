/** Hand-built LoadedScenario objects for runner tests (no dependency on the data loader). */
import type { LoadedScenario, SymbolSeries } from '../../electron/host/data/types'
import type { FundingPoint } from '../../shared/market'
import { instrumentInfo } from '../../electron/engine'

export const START = Date.UTC(2022, 10, 8, 0, 0)

/** rows: [o, h, l, c] last prices per minute; mark = last unless given. */
export function series(
  symbol: string,
  rows: [number, number, number, number][],
  funding: FundingPoint[] = [],
  markRows?: [number, number, number, number][],
): SymbolSeries {
  const n = rows.length
  const col = (k: number, src = rows) => Float64Array.from(src.map((r) => r[k]!))
  const m = markRows ?? rows
  return {
    symbol,
    step: '1m',
    time: Float64Array.from(rows.map((_, i) => START + i * 60_000)),
    open: col(0),
    high: col(1),
    low: col(2),
    close: col(3),
    volume: new Float64Array(n).fill(100),
    markOpen: col(0, m),
    markHigh: col(1, m),
    markLow: col(2, m),
    markClose: col(3, m),
    markOrigin: 'recorded',
    funding,
    fundingOrigin: 'recorded',
  }
}

export function scenario(id: string, ss: SymbolSeries[]): LoadedScenario {
  const n = ss[0]!.time.length
  return {
    info: {
      id,
      title: id,
      briefing: '',
      source: 'user',
      start: START,
      end: START + n * 60_000,
      replayFrom: START + (Math.max(1, Math.min(60, Math.floor(n * 0.05))) - 1) * 60_000,
      baseTimeframe: '1m',
      symbols: ss.map((s) => ({
        symbol: s.symbol,
        instrument: instrumentInfo(s.symbol, START),
        lastStep: '1m',
        mark: 'recorded',
        funding: 'recorded',
        lastMarket: 'perp',
        gaps: [],
      })),
      keyMoments: [],
      provenance: 'test fixture',
    },
    series: ss,
  }
}
