/** Growable Float64 columns: candle files stream in with unknown row counts. */

export class Column {
  private buf: Float64Array
  length = 0

  constructor(capacity = 4096) {
    this.buf = new Float64Array(capacity)
  }

  push(x: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2)
      next.set(this.buf)
      this.buf = next
    }
    this.buf[this.length++] = x
  }

  at(i: number): number {
    return this.buf[i]!
  }

  /** A right-sized copy (the builder's spare capacity is dropped). */
  toArray(): Float64Array {
    return this.buf.slice(0, this.length)
  }
}

/** The five or six price columns of one kline file, plus the source line of every row. */
export interface KlineColumns {
  time: Float64Array
  open: Float64Array
  high: Float64Array
  low: Float64Array
  close: Float64Array
  /** All zeros for mark / index files (they carry no volume). */
  volume: Float64Array
  /** 1-based CSV line of each row, for messages about rows found later (overlaps, gaps). */
  line: Float64Array
}

export function emptyKlines(): KlineColumns {
  const z = () => new Float64Array(0)
  return { time: z(), open: z(), high: z(), low: z(), close: z(), volume: z(), line: z() }
}

export function rowCount(k: KlineColumns): number {
  return k.time.length
}
