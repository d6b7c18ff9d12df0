/**
 * Shared bench helpers: medians over repeated runs, the machine's load average (the
 * machine is shared, so every figure is printed with it) and target verdicts.
 */
import { readFileSync } from 'node:fs'
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
 * A target verdict line: `TARGET <name>: <value> (≥|≤ <target>) met|NOT met`, judged on wall
 * time. `cpu` (the same figure on the process's CPU time, all threads) is printed beside it:
 * on a shared machine under load, wall time includes the time other processes held the cores.
 * `higher` true means bigger is better.
 */
export function verdict(
  name: string,
  value: number,
  target: number,
  higher: boolean,
  unit: string,
  cpu?: number,
): string {
  const ok = (v: number) => (higher ? v >= target : v <= target)
  const show = (v: number) => (unit === 'x' ? v.toFixed(1) : unit === 'µs' ? v.toFixed(2) : fmt(v))
  const onCpu =
    cpu === undefined ? '' : `; on CPU time ${show(cpu)} ${unit} ${ok(cpu) ? 'met' : 'NOT met'}`
  return `TARGET ${name}: ${show(value)} ${unit} (${higher ? '≥' : '≤'} ${fmt(target)} ${unit}) ${ok(value) ? 'met' : 'NOT met'}${onCpu} [${load()}]`
}

/** CPU seconds of this process (user + system, all threads) since `from`. */
export function cpuSince(from: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(from)
  return (u.user + u.system) / 1e6
}

/**
 * CPU milliseconds the process's main thread has run (Linux: /proc/self/task/<pid>/schedstat,
 * nanoseconds; NaN elsewhere). Unlike process CPU time it leaves out V8's compiler and GC helper threads,
 * which on an idle machine run beside this one, and unlike wall time it leaves out the turns
 * other processes take on a shared machine: it is what the wall time would be on an idle
 * machine, short only of waits (disk, page faults).
 */
export function mainThreadCpuMs(): number {
  try {
    return (
      Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6
    )
  } catch {
    return NaN
  }
}
