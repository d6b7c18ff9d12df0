/**
 * Shared bench helpers: medians over repeated runs, the machine's load average (the
 * machine is shared, so every figure is printed with it) and target verdicts.
 */
import { loadavg } from 'node:os'

/** Runs per measured figure (`BENCH_RUNS`, at least 5 unless lowered on purpose). */
export const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5) || 5)

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const n = s.length
  if (n === 0) return NaN
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN
}

/** "load 1.23 0.98 0.75" (1, 5 and 15 minute load averages). */
export function load(): string {
  return `load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`
}

export const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')

/**
 * A target verdict line: `TARGET <name>: <value> (≥|≤ <target>) met|NOT met`.
 * `higher` true means bigger is better.
 */
export function verdict(
  name: string,
  value: number,
  target: number,
  higher: boolean,
  unit: string,
): string {
  const ok = higher ? value >= target : value <= target
  const shown = unit === 'x' ? value.toFixed(1) : unit === 'µs' ? value.toFixed(2) : fmt(value)
  return `TARGET ${name}: ${shown} ${unit} (${higher ? '≥' : '≤'} ${fmt(target)} ${unit}) ${ok ? 'met' : 'NOT met'} [${load()}]`
}
