/**
 * The bundled crash library: which recorded files (../shared/data, see SOURCES.md) make up each
 * scenario. Windows are the recorded ranges (end exclusive). Each symbol keeps its own recorded
 * step (its true resolution): a scenario may put 1-minute BTC beside 15-minute SOL, and the
 * scenario's base step is the finest of them. Resolution and market caveats are stated here once
 * and end up in each manifest's notes.
 */
import type { Timeframe } from '../../../../shared/market'
import { TIMEFRAME_MS } from '../../../../shared/market'

export interface BundleSymbolSpec {
  symbol: string
  market: 'perp' | 'spot'
  venue: string
  last: string
  /** The recorded step of `last` (this symbol's true resolution). */
  step: Timeframe
  /** Recorded mark price; null = none recorded (derived from last, labelled). */
  mark: { file: string; step: Timeframe } | null
  /** Monthly funding file; null = none recorded (the default, labelled). */
  funding: string | null
  notes: string[]
}

export interface BundleSpec {
  id: string
  title: string
  event: string
  start: string
  end: string
  /** Where a new session starts (ISO time), when the default (first day) would hide the slide. */
  replayFrom?: string
  notes: string[]
  symbols: BundleSymbolSpec[]
}

/** The scenario's base step: the finest of its symbols' steps. */
export function baseStep(spec: BundleSpec): Timeframe {
  return spec.symbols
    .map((s) => s.step)
    .reduce((a, b) => (TIMEFRAME_MS[b] < TIMEFRAME_MS[a] ? b : a))
}

const PERP = 'Binance USD-M futures perpetual'
const SPOT = 'Binance spot; no USD-M perp 1-minute source was found for this window'
const SPOT_NOTE =
  'Last price is Binance spot, standing in for the perp; mark and funding are the USD-M perp.'
const STEP_WORD: Partial<Record<Timeframe, string>> = {
  '5m': '5-minute',
  '15m': '15-minute',
  '1h': '1-hour',
}
const coarseMarkNote = (step: Timeframe) =>
  `Mark price recorded at ${step}; brought to the symbol's step by the basis-path method: it follows the last price, its basis drifting linearly inside the mark bar, and keeps the recorded mark OHLC exactly (docs/data.md).`
const NO_MARK =
  'No mark price was recorded for this symbol and window: mark = last price, labelled derived (liquidations trigger on the last price here).'
const NO_FUNDING =
  'No funding history was recorded for this symbol and window: the default 0.01 % every 8 h applies, labelled default.'

interface SymOpts {
  market?: 'perp' | 'spot'
  /** Mark file step, or null when none was recorded (default '1h'). */
  mark?: Timeframe | null
  /** Funding month (YYYY-MM), or null when none was recorded. */
  funding: string | null
  notes?: string[]
}

/** One symbol of a window: files named as in ../shared/data. */
function sym(symbol: string, step: Timeframe, window: string, o: SymOpts): BundleSymbolSpec {
  const lc = symbol.toLowerCase()
  const market = o.market ?? 'perp'
  const markStep = o.mark === undefined ? '1h' : o.mark
  const mark = markStep
    ? { file: `${lc}-markprice-${markStep}-${window}.csv.gz`, step: markStep }
    : null
  const coarse = STEP_WORD[step]
  return {
    symbol,
    market,
    venue: market === 'perp' ? PERP : SPOT,
    last: `${lc}-${step}-${window}.csv.gz`,
    step,
    mark,
    funding: o.funding ? `${lc}-funding-${o.funding}.csv.gz` : null,
    notes: [
      ...(coarse
        ? [
            `Only ${coarse} candles were recorded for ${symbol} here: it moves in ${step} steps, each bar shown once complete; nothing finer is invented.`,
          ]
        : []),
      ...(market === 'spot' ? [SPOT_NOTE] : []),
      ...(mark && TIMEFRAME_MS[mark.step] > TIMEFRAME_MS[step] ? [coarseMarkNote(mark.step)] : []),
      ...(mark ? [] : [NO_MARK]),
      ...(o.funding ? [] : [NO_FUNDING]),
      ...(o.notes ?? []),
    ],
  }
}

/** SOL, DOGE, XRP and BNB perps at 15m (only XRP has a recorded mark); `funded` = symbols with a funding file. */
function alts15(window: string, month: string, funded: string[]): BundleSymbolSpec[] {
  return ['SOLUSDT', 'DOGEUSDT', 'XRPUSDT', 'BNBUSDT'].map((symbol) =>
    sym(symbol, '15m', window, {
      mark: symbol === 'XRPUSDT' ? '1h' : null,
      funding: funded.includes(symbol) ? month : null,
    }),
  )
}

const ALL_FUNDED = ['SOLUSDT', 'DOGEUSDT', 'XRPUSDT', 'BNBUSDT']

export const DEFAULT_ID = 'ftx-2022-11'

export const BUNDLE: BundleSpec[] = [
  {
    id: 'ftx-2022-11',
    title: 'FTX collapse — Nov 2022',
    event: 'FTX collapse, 8–9 Nov 2022 (window 7–10 Nov)',
    start: '2022-11-07',
    end: '2022-11-11',
    notes: [
      'SOLUSDT funding is recorded as it settled: Binance shortened its interval from 8 h to 4 h and then 2 h during the collapse; each settlement is applied at its recorded time.',
    ],
    symbols: [
      sym('BTCUSDT', '1m', '2022-11-07_2022-11-11', { funding: '2022-11' }),
      sym('ETHUSDT', '1m', '2022-11-07_2022-11-11', { funding: '2022-11' }),
      ...alts15('2022-11-07_2022-11-11', '2022-11', ALL_FUNDED),
    ],
  },
  {
    id: 'black-thursday-2020-03',
    title: 'Black Thursday — Mar 2020 (ETH by the minute, BTC and XRP hourly)',
    event: 'Black Thursday COVID crash, 12–13 Mar 2020',
    start: '2020-03-12',
    end: '2020-03-14',
    // the slide starts on the morning of the 12th: six hours of history before it
    replayFrom: '2020-03-12T06:00:00Z',
    notes: [
      'ETHUSDT was recorded by the minute for these two days; BTCUSDT and XRPUSDT only hourly. Each moves at its own recorded step: an hourly bar appears once its hour is over.',
    ],
    symbols: [
      sym('BTCUSDT', '1h', '2020-03-11_2020-03-14', { funding: '2020-03' }),
      {
        ...sym('ETHUSDT', '1m', '2020-03-12_2020-03-14', {
          funding: '2020-03',
          notes: [
            'The recorded ETH last-price high of 323.00 at 2020-03-13 02:39 is a real thin-book spike; the mark high that hour was 119.47, so mark-based liquidation never saw it.',
          ],
        }),
        mark: { file: 'ethusdt-markprice-1h-2020-03-11_2020-03-14.csv.gz', step: '1h' },
      },
      sym('XRPUSDT', '1h', '2020-03-11_2020-03-14', { funding: '2020-03' }),
    ],
  },
  {
    id: 'china-ban-2021-05',
    title: 'China crypto-ban crash — May 2021 (spot)',
    event: 'China crypto-ban crash, 19 May 2021 (window 17–20 May)',
    start: '2021-05-17',
    end: '2021-05-21',
    notes: [],
    symbols: [
      sym('BTCUSDT', '1m', '2021-05-17_2021-05-21', {
        market: 'spot',
        funding: '2021-05',
        notes: [
          'The source ends at 2021-05-20 20:40 UTC: the last 199 minutes of BTC are a recorded gap (not filled).',
        ],
      }),
      sym('ETHUSDT', '1m', '2021-05-17_2021-05-21', { market: 'spot', funding: '2021-05' }),
      sym('XRPUSDT', '1h', '2021-05-17_2021-05-21', { funding: '2021-05' }),
    ],
  },
  {
    id: 'celsius-2022-06',
    title: 'Celsius / 3AC — Jun 2022',
    event: 'Celsius freeze and 3AC sell-off, 13–14 Jun 2022 (window 12–14 Jun)',
    start: '2022-06-12',
    end: '2022-06-15',
    notes: [],
    symbols: [
      sym('BTCUSDT', '1m', '2022-06-12_2022-06-15', { funding: '2022-06' }),
      sym('ETHUSDT', '1m', '2022-06-12_2022-06-15', { funding: '2022-06' }),
      ...alts15('2022-06-12_2022-06-15', '2022-06', ['XRPUSDT']),
    ],
  },
  {
    id: 'terra-2022-05',
    title: 'Terra / LUNA collapse — May 2022 (15-minute, altcoins)',
    event:
      'Terra/LUNA collapse, 7–13 May 2022: TerraUSD (UST) lost its dollar peg and LUNA went to almost zero, dragging the altcoins down (LUNA itself was not found in the recorded data)',
    start: '2022-05-07',
    end: '2022-05-14',
    notes: [
      'Only 15-minute perp candles were recorded for this window: no finer data exists here and none is invented. Charts start at 15m.',
    ],
    symbols: [
      sym('SOLUSDT', '15m', '2022-05-07_2022-05-14', { mark: null, funding: null }),
      sym('DOGEUSDT', '15m', '2022-05-07_2022-05-14', { mark: null, funding: null }),
      sym('XRPUSDT', '15m', '2022-05-07_2022-05-14', { funding: '2022-05' }),
      sym('BNBUSDT', '15m', '2022-05-07_2022-05-14', { mark: null, funding: null }),
    ],
  },
  {
    id: 'yen-carry-2024-08',
    title: 'Yen carry unwind — Aug 2024 (spot)',
    event: 'Yen carry-trade unwind, 5 Aug 2024 (window 4–6 Aug)',
    start: '2024-08-04',
    end: '2024-08-07',
    notes: [],
    symbols: [
      sym('BTCUSDT', '1m', '2024-08-04_2024-08-07', { market: 'spot', funding: '2024-08' }),
      sym('ETHUSDT', '1m', '2024-08-04_2024-08-07', { market: 'spot', funding: '2024-08' }),
      ...alts15('2024-08-04_2024-08-07', '2024-08', ALL_FUNDED),
    ],
  },
  {
    id: 'liquidations-2025-10',
    title: '10/10 liquidations — Oct 2025',
    event: 'The 10 Oct 2025 liquidation cascade (window 9–11 Oct)',
    start: '2025-10-09',
    end: '2025-10-12',
    notes: [
      'A 1-minute COIN-M BTCUSD_PERP (inverse contract) mark file exists in the source data but is not used: it is a different contract, and the recorded USD-M BTCUSDT 5-minute mark is used instead.',
    ],
    symbols: [
      sym('BTCUSDT', '1m', '2025-10-09_2025-10-12', { mark: '5m', funding: '2025-10' }),
      sym('ETHUSDT', '1m', '2025-10-09_2025-10-12', { funding: '2025-10' }),
      sym('SOLUSDT', '5m', '2025-10-09_2025-10-12', { mark: null, funding: '2025-10' }),
      sym('DOGEUSDT', '5m', '2025-10-09_2025-10-12', { mark: null, funding: '2025-10' }),
      sym('XRPUSDT', '15m', '2025-10-09_2025-10-12', { funding: '2025-10' }),
    ],
  },
  {
    id: 'calm-2025-05',
    title: 'Calm practice week — May 2025',
    event: 'A quiet week for practice, 22–28 May 2025 (no crash)',
    start: '2025-05-22',
    end: '2025-05-29',
    notes: [],
    symbols: [
      sym('BTCUSDT', '1m', '2025-05-22_2025-05-29', { funding: '2025-05' }),
      sym('ETHUSDT', '1m', '2025-05-22_2025-05-29', { funding: '2025-05' }),
    ],
  },
]
