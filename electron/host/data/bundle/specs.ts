/**
 * The bundled crash library: which recorded files (../shared/data, see SOURCES.md) make up each
 * scenario. Windows are the recorded ranges (end exclusive). Resolution and market caveats
 * are stated here once and end up in each manifest's notes.
 */
import type { Timeframe } from '../../../../shared/market'

export interface BundleSymbolSpec {
  symbol: 'BTCUSDT' | 'ETHUSDT'
  market: 'perp' | 'spot'
  venue: string
  last: string
  mark: { file: string; step: Timeframe }
  funding: string
  notes: string[]
}

export interface BundleSpec {
  id: string
  title: string
  event: string
  start: string
  end: string
  base: Timeframe
  notes: string[]
  symbols: BundleSymbolSpec[]
}

const PERP = 'Binance USD-M futures perpetual'
const SPOT = 'Binance spot; no USD-M perp 1-minute source was found for this window'
const SPOT_NOTE =
  'Last price is Binance spot, standing in for the perp; mark and funding are the USD-M perp.'
const MARK_1H =
  'Mark price recorded hourly; brought to the base step by the basis-path method: it follows the last price, its basis drifting linearly inside the hour, and keeps the recorded hourly mark OHLC exactly (docs/data.md).'

function pair(
  window: string,
  month: string,
  base: Timeframe,
  market: 'perp' | 'spot',
  extra: Partial<Record<'BTCUSDT' | 'ETHUSDT', string[]>> = {},
  markOverride: Partial<Record<'BTCUSDT' | 'ETHUSDT', { file: string; step: Timeframe }>> = {},
): BundleSymbolSpec[] {
  return (['BTCUSDT', 'ETHUSDT'] as const).map((symbol) => {
    const lc = symbol.toLowerCase()
    const mark = markOverride[symbol] ?? {
      file: `${lc}-markprice-1h-${window}.csv.gz`,
      step: '1h' as Timeframe,
    }
    const notes = [
      ...(market === 'spot' ? [SPOT_NOTE] : []),
      ...(mark.step !== base ? [MARK_1H] : []),
      ...(extra[symbol] ?? []),
    ]
    return {
      symbol,
      market,
      venue: market === 'perp' ? PERP : SPOT,
      last: `${lc}-${base}-${window}.csv.gz`,
      mark,
      funding: `${lc}-funding-${month}.csv.gz`,
      notes,
    }
  })
}

export const DEFAULT_ID = 'ftx-2022-11'

export const BUNDLE: BundleSpec[] = [
  {
    id: 'ftx-2022-11',
    title: 'FTX collapse — Nov 2022',
    event: 'FTX collapse, 8–9 Nov 2022 (window 7–10 Nov)',
    start: '2022-11-07',
    end: '2022-11-11',
    base: '1m',
    notes: [],
    symbols: pair('2022-11-07_2022-11-11', '2022-11', '1m', 'perp'),
  },
  {
    id: 'black-thursday-2020-03',
    title: 'Black Thursday — Mar 2020 (hourly only)',
    event: 'Black Thursday COVID crash, 12–13 Mar 2020 (window 11–13 Mar)',
    start: '2020-03-11',
    end: '2020-03-14',
    base: '1h',
    notes: [
      'Only 1-hour candles were recorded for this window: no minute data exists here and none is invented. Charts start at 1h.',
    ],
    symbols: pair('2020-03-11_2020-03-14', '2020-03', '1h', 'perp', {
      ETHUSDT: [
        'The recorded ETH last-price high of 323.00 in the 2020-03-13 02:00 hour is a real thin-book spike; the mark high that hour was 119.47, so mark-based liquidation never saw it.',
      ],
    }),
  },
  {
    id: 'china-ban-2021-05',
    title: 'China crypto-ban crash — May 2021 (spot)',
    event: 'China crypto-ban crash, 19 May 2021 (window 17–20 May)',
    start: '2021-05-17',
    end: '2021-05-21',
    base: '1m',
    notes: [],
    symbols: pair('2021-05-17_2021-05-21', '2021-05', '1m', 'spot', {
      BTCUSDT: [
        'The source ends at 2021-05-20 20:40 UTC: the last 199 minutes of BTC are a recorded gap (not filled).',
      ],
    }),
  },
  {
    id: 'celsius-2022-06',
    title: 'Celsius / 3AC — Jun 2022',
    event: 'Celsius freeze and 3AC sell-off, 13–14 Jun 2022 (window 12–14 Jun)',
    start: '2022-06-12',
    end: '2022-06-15',
    base: '1m',
    notes: [],
    symbols: pair('2022-06-12_2022-06-15', '2022-06', '1m', 'perp'),
  },
  {
    id: 'yen-carry-2024-08',
    title: 'Yen carry unwind — Aug 2024 (spot)',
    event: 'Yen carry-trade unwind, 5 Aug 2024 (window 4–6 Aug)',
    start: '2024-08-04',
    end: '2024-08-07',
    base: '1m',
    notes: [],
    symbols: pair('2024-08-04_2024-08-07', '2024-08', '1m', 'spot'),
  },
  {
    id: 'liquidations-2025-10',
    title: '10/10 liquidations — Oct 2025 (5-minute only)',
    event: 'The 10 Oct 2025 liquidation cascade (window 9–11 Oct)',
    start: '2025-10-09',
    end: '2025-10-12',
    base: '5m',
    notes: [
      'Only 5-minute candles were recorded for this window: no minute data exists here and none is invented. Charts start at 5m.',
      'A 1-minute COIN-M BTCUSD_PERP (inverse contract) mark file exists in the source data but is not used: it is a different contract, and the recorded USD-M BTCUSDT 5-minute mark is used instead.',
    ],
    symbols: pair(
      '2025-10-09_2025-10-12',
      '2025-10',
      '5m',
      'perp',
      {},
      {
        BTCUSDT: { file: 'btcusdt-markprice-5m-2025-10-09_2025-10-12.csv.gz', step: '5m' },
      },
    ),
  },
  {
    id: 'calm-2025-05',
    title: 'Calm practice week — May 2025',
    event: 'A quiet week for practice, 22–28 May 2025 (no crash)',
    start: '2025-05-22',
    end: '2025-05-29',
    base: '1m',
    notes: [],
    symbols: pair('2025-05-22_2025-05-29', '2025-05', '1m', 'perp'),
  },
]
