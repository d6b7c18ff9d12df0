/**
 * The engine's whole mutable state. Money is Decimal inside; snapshot() turns it into
 * plain JSON (Decimals as `{ "$d": "123.4" }`) and revive() turns it back, so a restored
 * engine continues byte-identically. Derived data (specs, fast-path thresholds) is not
 * stored: it is recomputed from settings and state.
 */
import type {
  AttachedTpSl,
  MarginType,
  OrderType,
  PositionSide,
  Side,
  TimeInForce,
  WorkingType,
} from '../../shared/trading/commands'
import type { EngineSettings } from '../../shared/trading/settings'
import type { OrderOrigin, OrderStatus } from '../../shared/trading/views'
import { D, type Dec } from './decimal'

export interface OrderState {
  id: string
  seqNo: number
  clientOrderId?: string
  symbol: string
  side: Side
  positionSide: PositionSide
  type: OrderType
  status: OrderStatus
  origin: OrderOrigin
  /** Null for closePosition orders (the size is read at trigger time). */
  qty: Dec | null
  executed: Dec
  /** Σ fill qty × price, for avgPrice. */
  filledNotional: Dec
  price: Dec | null
  stopPrice: Dec | null
  tif: TimeInForce
  reduceOnly: boolean
  closePosition: boolean
  workingType: WorkingType
  callbackRate: Dec | null
  activationPrice: Dec | null
  triggered: boolean
  /** Trailing stop: activated and the best price seen since. */
  trailActive: boolean
  trailExtreme: Dec | null
  /** An entry's TP/SL, waiting for its first fill (then put on the position and dropped). */
  attached?: AttachedTpSl
  createdAt: number
  updatedAt: number
}

export interface PositionState {
  symbol: string
  positionSide: PositionSide
  /** +1 long, −1 short. */
  dir: 1 | -1
  /** Absolute size in base units. */
  qty: Dec
  entry: Dec
  /** Isolated wallet of the position (0 for cross). */
  isolatedMargin: Dec
  /** Opening fees of the open size still carried (for the break-even price). */
  openFees: Dec
  /** Signed funding since open: positive received. */
  funding: Dec
  realizedPnl: Dec
  marginType: MarginType
  openedAt: number
  /** Funding settlements of this position (optional: older snapshots lack it). */
  fundingHistory?: { t: number; rate: Dec; mark: Dec; amount: Dec }[]
}

export interface SymbolState {
  symbol: string
  leverage: number
  marginType: MarginType
  /** Latest applied bars (numbers; Decimal only when something happens). */
  last: { o: number; h: number; l: number; c: number; v: number } | null
  mark: { o: number; h: number; l: number; c: number } | null
}

export interface Totals {
  fees: Dec
  funding: Dec
  realizedPnl: Dec
  /** Insurance fund paid into the trader's wallet (negative-balance protection). */
  insuranceCoverage: Dec
  /** Loss nobody covered (fund empty, nothing left to deleverage) while protection is on. */
  socializedLoss: Dec
}

export interface EngineState {
  t: number
  seq: number
  nextOrderNo: number
  settings: EngineSettings
  hedge: boolean
  /** Total wallet balance: cross wallet + every isolated wallet. */
  wallet: Dec
  insuranceFund: Dec
  totals: Totals
  symbols: SymbolState[]
  positions: PositionState[]
  orders: OrderState[]
  /** Highest margin-call threshold index reached per risk scope ('CROSS' or 'ISO:SYM:SIDE'). */
  marginCallLevel: Record<string, number>
}

export function initialState(symbols: string[], settings: EngineSettings): EngineState {
  const z = () => new D(0)
  return {
    t: 0,
    seq: 0,
    nextOrderNo: 1,
    settings,
    hedge: settings.hedgeMode,
    wallet: new D(settings.startingBalance),
    insuranceFund: new D(settings.insuranceFund),
    totals: {
      fees: z(),
      funding: z(),
      realizedPnl: z(),
      insuranceCoverage: z(),
      socializedLoss: z(),
    },
    symbols: symbols.map((symbol) => ({
      symbol,
      leverage: settings.defaultLeverage ?? 20,
      marginType: settings.defaultMarginType ?? 'CROSSED',
      last: null,
      mark: null,
    })),
    positions: [],
    orders: [],
    marginCallLevel: {},
  }
}

/** Plain-JSON form of a state value: Decimals tagged, everything else as is. */
export function freeze(v: unknown): unknown {
  if (v instanceof D) return { $d: (v as Dec).toFixed() }
  if (Array.isArray(v)) return v.map(freeze)
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = freeze(x)
    return o
  }
  return v
}

export function revive(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(revive)
  if (v !== null && typeof v === 'object') {
    const rec = v as Record<string, unknown>
    if (typeof rec.$d === 'string' && Object.keys(rec).length === 1) return new D(rec.$d)
    const o: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(rec)) o[k] = revive(x)
    return o
  }
  return v
}
