/**
 * Money crosses every boundary (IPC, files, golden logs) as a decimal string,
 * never as a JS number. Arithmetic on it happens only in the engine, with decimal.js.
 */
export type DecimalString = string

/** Replay time: Unix epoch milliseconds of the market data, never the wall clock. */
export type ReplayTime = number
