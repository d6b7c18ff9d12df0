/**
 * SOLUSDT, DOGEUSDT, XRPUSDT and BNBUSDT: Binance USDⓈ-M filters and dated bracket tables.
 *
 * Brackets: snapshots of Binance's leverage-bracket endpoint (GET /fapi/v1/leverageBracket) as
 * cached by freqtrade in freqtrade/exchange/binance_leverage_tiers.json, one snapshot per commit
 * date below (commit hash prefix given). Binance publishes no change dates, so a table applies
 * from the date of the first snapshot that shows it; replay times before the earliest snapshot
 * (2022-05-21: the 2020 and 2021 crashes) use that earliest one, the closest available offline.
 * The 2022-11-25 snapshot is the post-FTX cut (SOL to 12x, DOGE to 25x); the FTX window
 * (7–10 Nov 2022) therefore uses the 2022-09-27 table. docs/engine.md lists the tables.
 *
 * Filters (PRICE_FILTER tickSize, LOT_SIZE stepSize, MIN_NOTIONAL 5 USDT): from a public
 * exchangeInfo extract (melight402/trading-back constants/binancePrecision.js, 2024) except
 * where the recorded data needs a finer grid: SOLUSDT prices carry 3 decimals from Nov 2022
 * to Oct 2025 in the recorded klines, so its tick is 0.001 (the extract's 0.01 is later).
 * Ticks and steps are not dated here (one grid per symbol, the finest the data needs).
 */
export type Row = [floor: number, cap: number, mmr: string, maxLev: number, cum: number]
type Snapshot = [date: string, commit: string, rows: Row[]]

// Tables that stood for two symbols at once (the same rows under both symbols in freqtrade's
// snapshot) are written once; a later table is written as its change from the one before it.
/** SOLUSDT and DOGEUSDT at 2022-05-21 (50x up to 50,000 USDT). */
const MID_CAP_2022_05: Row[] = [
  [0, 50000, '0.01', 50, 0],
  [50000, 250000, '0.025', 20, 750],
  [250000, 1000000, '0.05', 10, 7000],
  [1000000, 2000000, '0.1', 5, 57000],
  [2000000, 5000000, '0.125', 4, 107000],
  [5000000, 10000000, '0.25', 2, 732000],
  [10000000, 50000000, '0.5', 1, 3232000],
]
/** SOLUSDT and DOGEUSDT at 2022-09-27: the last tier's cap cut from 50M to 20M. */
const MID_CAP_2022_09: Row[] = [
  ...MID_CAP_2022_05.slice(0, -1),
  [10000000, 20000000, '0.5', 1, 3232000],
]
/** XRPUSDT and BNBUSDT at 2022-05-21 (75x up to 10,000 USDT); unchanged at 2022-09-27. */
const LARGE_CAP_2022_05: Row[] = [
  [0, 10000, '0.0065', 75, 0],
  [10000, 50000, '0.01', 50, 35],
  [50000, 250000, '0.02', 25, 535],
  [250000, 1000000, '0.05', 10, 8035],
  [1000000, 2000000, '0.1', 5, 58035],
  [2000000, 5000000, '0.125', 4, 108035],
  [5000000, 10000000, '0.15', 3, 233035],
  [10000000, 20000000, '0.25', 2, 1233035],
  [20000000, 50000000, '0.5', 1, 6233035],
]
/** XRPUSDT and BNBUSDT at 2022-11-25: the first two tiers cut from 75x/50x to 50x/40x. */
const LARGE_CAP_2022_11: Row[] = [
  [0, 10000, '0.0065', 50, 0],
  [10000, 50000, '0.01', 40, 35],
  ...LARGE_CAP_2022_05.slice(2),
]

/** Bracket snapshots per symbol (freqtrade binance_leverage_tiers.json at the given commit). */
export const ALT_BRACKET_SNAPSHOTS: Record<string, Snapshot[]> = {
  SOLUSDT: [
    ['2022-05-21', '963cc17c18', MID_CAP_2022_05],
    ['2022-09-27', 'bc007ce038', MID_CAP_2022_09],
    [
      '2022-11-25',
      'b8d1862ca8',
      [
        // post-FTX: the first tier up to 150,000 at 12x (MMR 2 %), 11x up to 250,000, last cap 11M
        [0, 150000, '0.02', 12, 0],
        [150000, 250000, '0.025', 11, 750],
        ...MID_CAP_2022_09.slice(2, -1),
        [10000000, 11000000, '0.5', 1, 3232000],
      ],
    ],
    [
      '2024-08-01',
      'af554fc3f7',
      [
        [0, 10000, '0.005', 100, 0],
        [10000, 50000, '0.0065', 75, 15],
        [50000, 200000, '0.01', 50, 190],
        [200000, 500000, '0.012', 40, 590],
        [500000, 1000000, '0.02', 25, 4590],
        [1000000, 2000000, '0.025', 20, 9590],
        [2000000, 5000000, '0.05', 10, 59590],
        [5000000, 15000000, '0.1', 5, 309590],
        [15000000, 20000000, '0.125', 4, 684590],
        [20000000, 50000000, '0.25', 2, 3184590],
        [50000000, 100000000, '0.5', 1, 15684590],
      ],
    ],
    [
      '2024-10-24',
      '3d9514d266',
      [
        [0, 20000, '0.005', 100, 0],
        [20000, 100000, '0.0065', 75, 30],
        [100000, 800000, '0.01', 50, 380],
        [800000, 4000000, '0.02', 25, 8380],
        [4000000, 8000000, '0.025', 20, 28380],
        [8000000, 40000000, '0.05', 10, 228380],
        [40000000, 80000000, '0.1', 5, 2228380],
        [80000000, 100000000, '0.125', 4, 4228380],
        [100000000, 200000000, '0.25', 2, 16728380],
        [200000000, 400000000, '0.5', 1, 66728380],
      ],
    ],
  ],
  DOGEUSDT: [
    ['2022-05-21', '963cc17c18', MID_CAP_2022_05],
    ['2022-09-27', 'bc007ce038', MID_CAP_2022_09],
    [
      '2022-11-25',
      'b8d1862ca8',
      [
        // post-FTX: the first tier cut from 50x to 25x
        [0, 50000, '0.01', 25, 0],
        ...MID_CAP_2022_09.slice(1),
      ],
    ],
    [
      '2024-08-01',
      'af554fc3f7',
      [
        [0, 5000, '0.005', 75, 0],
        [5000, 10000, '0.006', 50, 5],
        [10000, 50000, '0.007', 40, 15],
        [50000, 750000, '0.01', 25, 165],
        [750000, 1100000, '0.025', 20, 11415],
        [1100000, 2200000, '0.05', 10, 38915],
        [2200000, 5600000, '0.1', 5, 148915],
        [5600000, 7000000, '0.125', 4, 288915],
        [7000000, 18000000, '0.25', 2, 1163915],
        [18000000, 30000000, '0.5', 1, 5663915],
      ],
    ],
    [
      '2024-10-24',
      '3d9514d266',
      [
        [0, 10000, '0.005', 75, 0],
        [10000, 50000, '0.007', 50, 20],
        [50000, 750000, '0.01', 40, 170],
        [750000, 800000, '0.02', 25, 7670],
        [800000, 1600000, '0.025', 20, 11670],
        [1600000, 8000000, '0.05', 10, 51670],
        [8000000, 16000000, '0.1', 5, 451670],
        [16000000, 20000000, '0.125', 4, 851670],
        [20000000, 40000000, '0.25', 2, 3351670],
        [40000000, 80000000, '0.5', 1, 13351670],
      ],
    ],
  ],
  XRPUSDT: [
    ['2022-05-21', '963cc17c18', LARGE_CAP_2022_05],
    // 2022-09-27 (bc007ce038): unchanged
    ['2022-11-25', 'b8d1862ca8', LARGE_CAP_2022_11],
    [
      '2024-08-01',
      'af554fc3f7',
      [
        [0, 5000, '0.005', 75, 0],
        [5000, 10000, '0.006', 50, 5],
        [10000, 50000, '0.01', 40, 45],
        [50000, 750000, '0.02', 25, 545],
        [750000, 3000000, '0.05', 10, 23045],
        [3000000, 10000000, '0.1', 5, 173045],
        [10000000, 12000000, '0.125', 4, 423045],
        [12000000, 20000000, '0.15', 3, 723045],
        [20000000, 30000000, '0.25', 2, 2723045],
        [30000000, 50000000, '0.5', 1, 10223045],
      ],
    ],
    [
      '2024-10-24',
      '3d9514d266',
      [
        [0, 10000, '0.005', 75, 0],
        [10000, 20000, '0.0065', 50, 15],
        [20000, 160000, '0.01', 40, 85],
        [160000, 800000, '0.02', 25, 1685],
        [800000, 1600000, '0.025', 20, 5685],
        [1600000, 8000000, '0.05', 10, 45685],
        [8000000, 16000000, '0.1', 5, 445685],
        [16000000, 20000000, '0.125', 4, 845685],
        [20000000, 40000000, '0.25', 2, 3345685],
        [40000000, 80000000, '0.5', 1, 13345685],
      ],
    ],
  ],
  BNBUSDT: [
    ['2022-05-21', '963cc17c18', LARGE_CAP_2022_05],
    // 2022-09-27 (bc007ce038): unchanged
    ['2022-11-25', 'b8d1862ca8', LARGE_CAP_2022_11],
    [
      '2024-08-01',
      'af554fc3f7',
      [
        [0, 10000, '0.005', 75, 0],
        [10000, 50000, '0.006', 50, 10],
        [50000, 100000, '0.01', 40, 210],
        [100000, 500000, '0.02', 25, 1210],
        [500000, 2000000, '0.05', 10, 16210],
        [2000000, 6000000, '0.1', 5, 116210],
        [6000000, 10000000, '0.125', 4, 266210],
        [10000000, 20000000, '0.15', 3, 516210],
        [20000000, 30000000, '0.25', 2, 2516210],
        [30000000, 50000000, '0.5', 1, 10016210],
      ],
    ],
    [
      '2024-10-24',
      '3d9514d266',
      [
        [0, 10000, '0.005', 75, 0],
        [10000, 50000, '0.006', 50, 10],
        [50000, 200000, '0.01', 40, 210],
        [200000, 1500000, '0.02', 25, 2210],
        [1500000, 3000000, '0.025', 20, 9710],
        [3000000, 15000000, '0.05', 10, 84710],
        [15000000, 30000000, '0.1', 5, 834710],
        [30000000, 37500000, '0.125', 4, 1584710],
        [37500000, 75000000, '0.25', 2, 6272210],
        [75000000, 150000000, '0.5', 1, 25022210],
      ],
    ],
  ],
}

export const ALT_FILTERS: Record<
  string,
  { tickSize: string; stepSize: string; minNotional: string }
> = {
  SOLUSDT: { tickSize: '0.001', stepSize: '0.01', minNotional: '5' },
  DOGEUSDT: { tickSize: '0.00001', stepSize: '1', minNotional: '5' },
  XRPUSDT: { tickSize: '0.0001', stepSize: '0.1', minNotional: '5' },
  BNBUSDT: { tickSize: '0.01', stepSize: '0.01', minNotional: '5' },
}
