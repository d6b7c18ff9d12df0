/** Growable Float64 columns: candle files stream in with unknown row counts. */
import type { OhlcvColumns } from './types'

const CHUNK = 1 << 16 // rows per chunk: growth never copies, and never over-allocates by 2×

export class Column {
  private chunks: Float64Array[] = []
  private cur: Float64Array
  private used = 0
  length = 0

  constructor(capacity = CHUNK) {
    this.cur = new Float64Array(Math.min(Math.max(capacity, 16), CHUNK))
  }

  push(x: number): void {
    if (this.used === this.cur.length) {
      this.chunks.push(this.cur)
      this.cur = new Float64Array(CHUNK)
      this.used = 0
    }
    this.cur[this.used++] = x
    this.length++
  }

  at(i: number): number {
    const first = this.chunks.length > 0 ? this.chunks[0]!.length : this.cur.length
    if (i < first) return (this.chunks[0] ?? this.cur)[i]!
    const k = Math.floor((i - first) / CHUNK) + 1
    const off = (i - first) % CHUNK
    return (k < this.chunks.length ? this.chunks[k]! : this.cur)[off]!
  }

  /** One right-sized array; the chunks are released. */
  toArray(): Float64Array {
    const out = new Float64Array(this.length)
    let o = 0
    for (const c of this.chunks) {
      out.set(c, o)
      o += c.length
    }
    out.set(this.cur.subarray(0, this.used), o)
    this.chunks = []
    this.cur = new Float64Array(0)
    this.used = 0
    return out
  }
}

/**
 * The five or six price columns of one kline file, plus the source line of every row.
 * `volume` is all zeros for mark / index files (they carry no volume).
 */
export interface KlineColumns extends OhlcvColumns {
  /** 1-based CSV line of each row, for messages about rows found later (overlaps, gaps). */
  line: Float64Array
}

export function emptyKlines(): KlineColumns {
  const z = () => new Float64Array(0)
  return { time: z(), open: z(), high: z(), low: z(), close: z(), volume: z(), line: z() }
}
