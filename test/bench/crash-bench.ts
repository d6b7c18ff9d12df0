/**
 * Real crash replay bench (issue 16 item 2b): the recorded FTX (Nov 2022, 1m) and 10/10
 * (Oct 2025, 5m) crashes with their 2 symbols, fed through the engine exactly as a session
 * folds them (the host timeline's stepInputs: funding and bars in feed order), with a book
 * that makes the crash do work: hedge mode, a BTC long at 20x isolated (liquidated in both
 * crashes), a cross hedge on ETH (long and short), a stop-loss and a take-profit on it, and
 * 20 resting limit orders 0.5–2.5 % around the price. Steps/s and symbol-bars/s, fast and
 * full path, medians of the same number of runs; the portfolio is placed outside the timing.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { TradeCommand } from '../../shared/trading/commands'
import { DEFAULT_ENGINE_SETTINGS } from '../../shared/trading/settings'
import { createEngine, engineStats } from '../../electron/engine'
import { bundledResourcesDir } from '../../electron/host/paths'
import { loadScenario } from '../../electron/host/data/load'
import type { LoadedScenario } from '../../electron/host/data/types'
import {
  buildTimeline,
  commandTime,
  stepInputs,
  type Timeline,
} from '../../electron/host/replay/timeline'
import { cpuSince, fmt, load, median, RUNS, verdict } from './stats'

const CRASHES = ['ftx-2022-11', 'liquidations-2025-10']

function book(btc: number, eth: number): TradeCommand[] {
  const q = (x: number) => x.toFixed(3)
  const px = (x: number, dp: number) => x.toFixed(dp)
  const mk = (
    symbol: string,
    side: 'BUY' | 'SELL',
    positionSide: 'LONG' | 'SHORT',
    quantity: string,
  ): TradeCommand => ({ kind: 'placeOrder', symbol, side, positionSide, type: 'MARKET', quantity })
  const out: TradeCommand[] = [
    { kind: 'setPositionMode', hedge: true },
    { kind: 'setMarginType', symbol: 'BTCUSDT', marginType: 'ISOLATED' },
    { kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 20 },
    { kind: 'setLeverage', symbol: 'ETHUSDT', leverage: 10 },
    mk('BTCUSDT', 'BUY', 'LONG', q(40_000 / btc)),
    mk('ETHUSDT', 'BUY', 'LONG', q(30_000 / eth)),
    mk('ETHUSDT', 'SELL', 'SHORT', q(18_000 / eth)),
    {
      kind: 'setPositionTpSl',
      symbol: 'ETHUSDT',
      positionSide: 'LONG',
      stopLoss: { stopPrice: px(eth * 0.85, 2), workingType: 'MARK_PRICE' },
    },
    {
      kind: 'setPositionTpSl',
      symbol: 'ETHUSDT',
      positionSide: 'SHORT',
      takeProfit: { stopPrice: px(eth * 0.88, 2), workingType: 'CONTRACT_PRICE' },
    },
  ]
  for (let i = 0; i < 5; i++) {
    const d = 0.005 + 0.005 * i
    for (const [symbol, p, dp, qty] of [
      ['BTCUSDT', btc, 1, q(400 / btc)],
      ['ETHUSDT', eth, 2, q(400 / eth)],
    ] as const) {
      const limit = (side: 'BUY' | 'SELL', price: number): TradeCommand => ({
        kind: 'placeOrder',
        symbol,
        side,
        positionSide: side === 'BUY' ? 'LONG' : 'SHORT',
        type: 'LIMIT',
        quantity: qty,
        price: px(price, dp),
        timeInForce: 'GTC',
      })
      out.push(limit('BUY', p * (1 - d)), limit('SELL', p * (1 + d)))
    }
  }
  return out
}

interface Run {
  ms: number
  cpuMs: number
  steps: number
  symbolBars: number
  events: number
  fills: number
  liquidations: number
  rejected: number
  slowSteps: number
}

function foldOnce(tl: Timeline, fastPath: boolean, digest?: (e: unknown) => void): Run {
  const eng = createEngine({
    symbols: tl.symbols,
    settings: { ...DEFAULT_ENGINE_SETTINGS, startingBalance: '50000' },
    fastPath,
  })
  for (const input of stepInputs(tl, 0)) eng.apply(input)
  const btc = tl.series[tl.symbols.indexOf('BTCUSDT')]!.close[0]!
  const eth = tl.series[tl.symbols.indexOf('ETHUSDT')]!.close[0]!
  const run: Run = {
    ms: 0,
    cpuMs: 0,
    steps: 0,
    symbolBars: 0,
    events: 0,
    fills: 0,
    liquidations: 0,
    rejected: 0,
    slowSteps: 0,
  }
  for (const command of book(btc, eth))
    for (const e of eng.apply({ kind: 'command', t: commandTime(tl, 1), command }))
      if (e.type === 'commandRejected') run.rejected++
  // Inputs are built outside the timing (the host builds them as it reads the timeline).
  const inputs = []
  for (let k = 1; k < tl.total; k++) inputs.push(...stepInputs(tl, k))
  for (const x of inputs) if (x.kind === 'bars') run.symbolBars += x.bars.length
  const slow0 = engineStats(eng).slowBarInputs
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  for (const x of inputs) {
    const ev = eng.apply(x)
    if (ev.length === 0) continue
    run.events += ev.length
    if (digest) for (const e of ev) digest(e)
    for (const e of ev)
      if (e.type === 'orderFilled') run.fills++
      else if (e.type === 'liquidation') run.liquidations++
  }
  run.ms = performance.now() - t0
  run.cpuMs = cpuSince(cpu0) * 1000
  run.slowSteps = engineStats(eng).slowBarInputs - slow0
  run.steps = tl.total - 1
  return run
}

/** Event-log digests of the crash replays, fast and full path (see engine-bench digestWorkloads). */
export async function digestCrashes(): Promise<string[]> {
  const resourcesDir = bundledResourcesDir(__dirname)
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'crash-digest-'))
  try {
    const out: string[] = []
    for (const id of CRASHES) {
      const tl = buildTimeline(
        await loadScenario(id, { resourcesDir, userDir: cacheDir, cacheDir }),
      )
      for (const fastPath of [true, false]) {
        const h = createHash('sha256')
        const r = foldOnce(tl, fastPath, (e) => h.update(JSON.stringify(e)))
        out.push(
          `${id} ${fastPath ? 'fast' : 'full'}: ${r.events} events ${h.digest('hex').slice(0, 16)}`,
        )
      }
    }
    return out
  } finally {
    rmSync(cacheDir, { recursive: true, force: true })
  }
}

/**
 * Repeated fast-path folds of the crash replays for `node --cpu-prof out/main/bench.js
 * --profile-crash [runs]`: where the time of a real crash goes (issue 16 item 1).
 */
export async function profileCrash(runs = 20): Promise<string> {
  const resourcesDir = bundledResourcesDir(__dirname)
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'crash-profile-'))
  try {
    const tls: Timeline[] = []
    for (const id of CRASHES)
      tls.push(buildTimeline(await loadScenario(id, { resourcesDir, userDir: cacheDir, cacheDir })))
    let bars = 0
    let cpuMs = 0
    for (let r = 0; r < runs; r++)
      for (const tl of tls) {
        const x = foldOnce(tl, true)
        bars += x.symbolBars
        cpuMs += x.cpuMs
      }
    return `crash profile run: ${runs} × FTX + 10/10 folds, ${fmt(bars / (cpuMs / 1000))} symbol-bars/s of process CPU time`
  } finally {
    rmSync(cacheDir, { recursive: true, force: true })
  }
}

export async function runCrashBench(): Promise<string[]> {
  const resourcesDir = bundledResourcesDir(__dirname)
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'crash-bench-'))
  try {
    const scenarios: LoadedScenario[] = []
    for (const id of CRASHES)
      scenarios.push(await loadScenario(id, { resourcesDir, userDir: cacheDir, cacheDir }))
    const tls = scenarios.map((s) => buildTimeline(s))
    const lines: string[] = []
    let fastRate = 0
    let fastCpu = 0
    for (const fastPath of [true, false]) {
      const totals: { steps: number; bars: number; ms: number; cpuMs: number }[] = []
      let firsts: Run[] = []
      for (let r = 0; r < RUNS; r++) {
        const runs = tls.map((tl) => foldOnce(tl, fastPath))
        if (r === 0) firsts = runs
        totals.push({
          steps: runs.reduce((a, x) => a + x.steps, 0),
          bars: runs.reduce((a, x) => a + x.symbolBars, 0),
          ms: runs.reduce((a, x) => a + x.ms, 0),
          cpuMs: runs.reduce((a, x) => a + x.cpuMs, 0),
        })
      }
      const steps = median(totals.map((x) => x.steps / (x.ms / 1000)))
      const bars = median(totals.map((x) => x.bars / (x.ms / 1000)))
      const ms = median(totals.map((x) => x.ms))
      const cpuBars = median(totals.map((x) => x.bars / (x.cpuMs / 1000)))
      if (fastPath) {
        fastRate = bars
        fastCpu = cpuBars
      }
      lines.push(
        `${fastPath ? 'fast' : 'full'} path: median of ${RUNS}: ${ms.toFixed(1)} ms = ${fmt(steps)} steps/s = ${fmt(bars)} symbol-bars/s (${fmt(cpuBars)} on process CPU time); ` +
          firsts
            .map(
              (x, i) =>
                `${CRASHES[i]}: ${fmt(x.steps)} steps, ${fmt(x.symbolBars)} symbol-bars, ${x.slowSteps} on the Decimal path, ${x.fills} fills, ${x.liquidations} liquidations, ${x.events} events, ${x.rejected} setup rejections`,
            )
            .join('; ') +
          ` [${load()}]`,
      )
    }
    lines.push(
      verdict(
        'crash replay (FTX + 10/10), symbol-bars/s',
        fastRate,
        500_000,
        true,
        'bars/s',
        fastCpu,
      ),
    )
    return lines
  } finally {
    rmSync(cacheDir, { recursive: true, force: true })
  }
}
