/**
 * Business rejections are data, not exceptions. Codes mirror Binance USDⓈ-M error
 * codes where one exists (see ../../docs/engine.md and exchange-rules.md §1.12), so a user who
 * meets "-2019 Margin is insufficient" here meets the same words on the exchange.
 */
export const REJECTION_CODES = {
  MARGIN_INSUFFICIENT: -2019,
  REDUCE_ONLY_REJECTED: -2022,
  POST_ONLY_WOULD_TAKE: -5022,
  FOK_NOT_FILLED: -5021,
  PRICE_OFF_TICK: -4014,
  PRICE_OUT_OF_BAND: -4016,
  QTY_OFF_LOT: -4003,
  MIN_NOTIONAL: -4164,
  LEVERAGE_TOO_HIGH: -2027,
  LEVERAGE_INVALID: -4028,
  NO_POSITION: -2023,
  ORDER_WOULD_TRIGGER_IMMEDIATELY: -2021,
  TPSL_WOULD_TRIGGER_IMMEDIATELY: -4142,
  UNKNOWN_ORDER: -2011,
  POSITION_SIDE_MISMATCH: -4061,
  MODE_CHANGE_WITH_POSITION: -4068,
  MODE_CHANGE_WITH_ORDERS: -4067,
  MARGIN_TYPE_CHANGE_WITH_ORDERS: -4047,
  LEVERAGE_REDUCTION_ISOLATED: -4161,
  /** Cross leverage reduction without the margin for it (Binance −2028). */
  LEVERAGE_REDUCTION_MARGIN: -2028,
  MARGIN_TYPE_CHANGE_WITH_POSITION: -4048,
  ISOLATED_MARGIN_REMOVE_TOO_MUCH: -4051,
  /** Adjusting isolated margin of a position that is not open (Binance −4054, exchange-rules §1.11). */
  MARGIN_NO_POSITION: -4054,
  /** An isolated margin adjustment of zero or less (Binance −4055). */
  MARGIN_AMOUNT_NOT_POSITIVE: -4055,
  NOT_ISOLATED: -4046,
  INVALID_PARAMETER: -1102,
  UNKNOWN_SYMBOL: -1121,
  GUARDRAIL: -9001,
  NO_MARKET_DATA: -9002,
} as const

export type RejectionName = keyof typeof REJECTION_CODES

export interface Rejection {
  name: RejectionName
  code: (typeof REJECTION_CODES)[RejectionName]
  message: string
}
