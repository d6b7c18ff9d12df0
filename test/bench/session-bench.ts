/**
 * Session bench (wired into `npm run bench` by the lead's test/bench/main.ts):
 * 1. journal append p95 with fdatasync per record (target ≤ 2 ms on this disk);
 * 2. resume of a session holding 5,000 commands over a 3-day, 2-symbol bundled scenario
 *    (celsius-2022-06, 2 × 4,320 1m bars) — target ≤ 300 ms, scenario already loaded;
 *    also shown with the scenario load from its binary cache, and re-folded from the start
 *    with no snapshot (issue 16 target ≤ 150 ms, median of RUNS);
 * 3. host throughput at max speed: bars per second that reach a real WebSocket client
 *    of the browser-mode server, in batched frames (and frames per second).
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import WebSocket from 'ws'
import { loadScenario, resolveResourcesDir } from '../../electron/host/data'
import { createHost } from '../../electron/host/host'
import { startWebServer } from '../../electron/host/server/ws-server'
import { JournalWriter } from '../../electron/host/session/journal'
import { SessionManager } from '../../electron/host/session/manager'
import { engines } from '../../electron/host/engine-binding'
import type { NewRecord } from '../../electron/host/session/records'
import type { ReplayFrame, SessionSnapshot } from '../../shared/contract'
import { traderCommand } from '../support/trading-fixtures'
import { DEFAULT_ENGINE_SETTINGS } from '../../shared/trading/settings'
import { cpuSince, load, mainThreadCpuMs, median, RUNS, verdict } from './stats'

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!
}

function resources(): string {
  return resolveResourcesDir([
    path.resolve('resources'),
    path.resolve(import.meta.dirname ?? '.', '../../resources'),
    path.resolve(import.meta.dirname ?? '.', '../../../resources'),
  ])
}

export async function runSessionBench(): Promise<string[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'perpdojo-session-bench-'))
  try {
    return [benchAppend(tmp), ...(await benchResume(tmp)), ...(await benchThroughput(tmp))]
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

function benchAppend(tmp: string): string {
  const header: NewRecord = {
    type: 'header',
    format: 'perpdojo-session',
    version: 1,
    scenarioId: 'bench',
    mode: 'practice',
    blind: false,
    settings: DEFAULT_ENGINE_SETTINGS,
    createdAt: new Date().toISOString(),
    name: 'bench',
    startCursor: 1,
  }
  const w = JournalWriter.create(path.join(tmp, 'append.log'), [header])
  const times: number[] = []
  for (let i = 0; i < 2000; i++) {
    const t0 = performance.now()
    w.append({
      type: 'cmd',
      cursor: 1 + i,
      t: 1_654_992_000_000 + i * 60_000,
      command: {
        kind: 'placeOrder',
        symbol: 'BTCUSDT',
        side: 'BUY',
        positionSide: 'BOTH',
        type: 'LIMIT',
        quantity: '0.010',
        price: '20000.0',
        timeInForce: 'GTC',
      },
    })
    times.push(performance.now() - t0)
  }
  w.close()
  return `journal append + fdatasync: p50 ${pct(times, 50).toFixed(3)} ms, p95 ${pct(times, 95).toFixed(3)} ms, max ${pct(times, 100).toFixed(2)} ms over ${times.length} records (target p95 ≤ 2 ms)`
}

/** A 5,000-command session over celsius-2022-06 in `dataDir`: its id, state hash and a manager maker. */
async function resumeFixture(dataDir: string) {
  const resourcesDir = resources()
  const scenario = await loadScenario('celsius-2022-06', {
    resourcesDir,
    userDir: dataDir,
    cacheDir: path.join(dataDir, 'cache'),
  })
  const mk = () =>
    new SessionManager({
      dataDir,
      loadScenario: async () => scenario,
      engines: engines,
      push: () => {},
    })
  const m = mk()
  const snap = await m.create({ scenarioId: 'celsius-2022-06' })
  const id = snap.summary.id
  const total = snap.status.total
  const N = 5000
  let ack0: { account: { openOrders: { orderId: string }[] } } | null = null
  let marks = snap.account.marks
  for (let i = 0; i < N; i++) {
    const s = m.sessionOf(id)
    const ack = await m.command(
      id,
      traderCommand(
        i,
        Number(marks.BTCUSDT),
        Number(marks.ETHUSDT),
        ack0?.account.openOrders[0]?.orderId,
      ),
    )
    ack0 = ack
    marks = ack.account.marks
    const due = Math.floor(((i + 1) * (total - snap.status.cursor - 5)) / N) + snap.status.cursor
    if (due > s.cursor()) await m.control(id, { type: 'step', bars: due - s.cursor() })
  }
  const s = m.sessionOf(id)
  const hash = s.stateHash()
  const events = s.events.length
  const cursor = s.cursor()
  await m.closeAll()
  return { id, hash, events, cursor, total, N, mk, resourcesDir }
}

/**
 * Profiling mode (node --cpu-prof out/main/bench.js --profile-resume [runs]): re-fold the
 * 5,000-command session from the start `runs` times (no snapshots), printing CPU time per run.
 */
export async function profileResume(runs = 5): Promise<string[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'perpdojo-resume-prof-'))
  try {
    const dataDir = path.join(tmp, 'resume')
    const { id, hash, mk } = await resumeFixture(dataDir)
    const out: string[] = []
    for (let k = 0; k < runs; k++) {
      fs.rmSync(path.join(dataDir, 'sessions', id, 'snapshots'), { recursive: true, force: true })
      const m = mk()
      const c = process.cpuUsage()
      const th = mainThreadCpuMs()
      const t = performance.now()
      await m.openSession(id)
      out.push(
        `re-fold ${k + 1}: ${(performance.now() - t).toFixed(1)} ms, ${(cpuSince(c) * 1000).toFixed(1)} ms of CPU time, ` +
          `${(mainThreadCpuMs() - th).toFixed(1)} ms on the main thread`,
      )
      if (m.sessionOf(id).stateHash() !== hash) throw new Error('refold gave a different state')
      await m.closeAll()
    }
    return out
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

async function benchResume(tmp: string): Promise<string[]> {
  const dataDir = path.join(tmp, 'resume')
  const { id, hash, events, cursor, total, N, mk, resourcesDir } = await resumeFixture(dataDir)
  const snapBytes = fs
    .readdirSync(path.join(dataDir, 'sessions', id, 'snapshots'))
    .reduce((n, f) => n + fs.statSync(path.join(dataDir, 'sessions', id, 'snapshots', f)).size, 0)

  const times: number[] = []
  for (let k = 0; k < RUNS; k++) {
    const m2 = mk()
    const t0 = performance.now()
    await m2.openSession(id)
    times.push(performance.now() - t0)
    if (m2.sessionOf(id).stateHash() !== hash) throw new Error('resume gave a different state')
    await m2.closeAll()
  }
  const t0 = performance.now()
  const m3 = new SessionManager({
    dataDir,
    loadScenario: (sid) =>
      loadScenario(sid, { resourcesDir, userDir: dataDir, cacheDir: path.join(dataDir, 'cache') }),
    engines: engines,
    push: () => {},
  })
  await m3.openSession(id)
  const withLoad = performance.now() - t0
  await m3.closeAll()
  // and from the start, without snapshots: the whole re-fold of the 5,000 commands
  const refold: number[] = []
  const refoldCpu: number[] = []
  const refoldThread: number[] = []
  for (let k = 0; k < RUNS; k++) {
    fs.rmSync(path.join(dataDir, 'sessions', id, 'snapshots'), { recursive: true, force: true })
    const m4 = mk()
    const t1 = performance.now()
    const c1 = process.cpuUsage()
    const th1 = mainThreadCpuMs()
    await m4.openSession(id)
    refold.push(performance.now() - t1)
    refoldCpu.push(cpuSince(c1) * 1000)
    refoldThread.push(mainThreadCpuMs() - th1)
    if (m4.sessionOf(id).stateHash() !== hash) throw new Error('refold gave a different state')
    await m4.closeAll()
  }
  const cold = median(refold)
  const coldCpu = median(refoldCpu)
  return [
    `resume a ${N}-command session (celsius-2022-06, 2 × ${total} 1m bars, cursor ${cursor}, ${events} events): median of ${times.length} ${pct(times, 50).toFixed(1)} ms, worst ${pct(times, 100).toFixed(1)} ms from the latest snapshot (target ≤ 300 ms); ${withLoad.toFixed(1)} ms including the scenario load from cache; snapshots on disk ${(snapBytes / 1e6).toFixed(1)} MB [${load()}]`,
    `resume re-folding from the start (no snapshot: every bar and all ${N} commands through the engine): median of ${RUNS} ${cold.toFixed(1)} ms, worst ${Math.max(...refold).toFixed(1)} ms; ${coldCpu.toFixed(1)} ms of process CPU time, ${median(refoldThread).toFixed(1)} ms on the main thread [${load()}]`,
    verdict('resume with re-fold', cold, 150, false, 'ms', coldCpu),
  ]
}

async function benchThroughput(tmp: string): Promise<string[]> {
  const dataDir = path.join(tmp, 'throughput')
  const rendererDir = path.join(tmp, 'renderer')
  fs.mkdirSync(rendererDir, { recursive: true })
  const host = createHost({
    dataDir,
    resourcesDir: resources(),
    transport: 'websocket',
    version: 'bench',
  })
  const server = await startWebServer({ host, rendererDir })
  const ws = new WebSocket(
    `ws://127.0.0.1:${server.port}/ws`,
    ['perpdojo', `token.${server.token}`],
    {
      headers: { origin: server.origin },
    },
  )
  await new Promise<void>((res, rej) => {
    ws.once('open', () => res())
    ws.once('error', rej)
  })
  let nextId = 1
  const pending = new Map<number, (v: unknown) => void>()
  let bars = 0
  let frames = 0
  let bytes = 0
  let atEnd: (() => void) | null = null
  ws.on('message', (data: Buffer) => {
    bytes += data.length
    const msg = JSON.parse(data.toString())
    if ('push' in msg) {
      if (msg.push !== 'replay:frame') return
      const f = msg.payload as ReplayFrame
      frames++
      bars += f.advanced
      if (f.status.atEnd) atEnd?.()
    } else pending.get(msg.id)?.(msg.result)
  })
  const call = (method: string, params: unknown) =>
    new Promise<{ ok: boolean; value?: unknown; error?: unknown }>((res) => {
      const id = nextId++
      pending.set(id, res as (v: unknown) => void)
      ws.send(JSON.stringify({ id, method, params }))
    })
  const lines: string[] = []
  try {
    const created = await call('session:create', { scenarioId: 'calm-2025-05' })
    if (!created.ok) throw new Error(JSON.stringify(created.error))
    const snap = created.value as SessionSnapshot
    const id = snap.summary.id
    // a live book so bars are not all quiet: a position and resting orders on both symbols
    await call('session:command', {
      sessionId: id,
      command: {
        kind: 'placeOrder',
        symbol: 'BTCUSDT',
        side: 'BUY',
        positionSide: 'BOTH',
        type: 'MARKET',
        quantity: '0.100',
      },
    })
    await call('session:command', {
      sessionId: id,
      command: {
        kind: 'placeOrder',
        symbol: 'ETHUSDT',
        side: 'SELL',
        positionSide: 'BOTH',
        type: 'MARKET',
        quantity: '1.000',
      },
    })
    await call('session:watch', {
      sessionId: id,
      watch: [
        { symbol: 'BTCUSDT', timeframe: '1m' },
        { symbol: 'ETHUSDT', timeframe: '15m' },
      ],
    })
    await call('replay:control', { sessionId: id, action: { type: 'speed', speed: 'max' } })
    const done = new Promise<void>((res) => (atEnd = res))
    const t0 = performance.now()
    await call('replay:control', { sessionId: id, action: { type: 'play' } })
    await done
    const sec = (performance.now() - t0) / 1000
    lines.push(
      `host at 'max' play over WebSocket (calm-2025-05, 2 symbols, ${bars} steps = ${bars * 2} bars, 1m + 15m candle updates per frame): ${Math.round((bars * 2) / sec).toLocaleString('en-US')} bars/s delivered (${Math.round(bars / sec).toLocaleString('en-US')} steps/s) in ${frames} frames = ${Math.round(frames / sec)} frames/s, ${(bytes / 1e6).toFixed(1)} MB received (capped at 300 steps per frame by design)`,
    )
    // the uncapped fold: a jump from the start to the end (every bar through the engine)
    const again = await call('session:create', { scenarioId: 'calm-2025-05' })
    const id2 = (again.value as SessionSnapshot).summary.id
    const total = (again.value as SessionSnapshot).status.total
    const from = (again.value as SessionSnapshot).status.cursor
    const t1 = performance.now()
    const st = await call('replay:control', {
      sessionId: id2,
      action: { type: 'seek', t: 4_000_000_000_000 },
    })
    const sec2 = (performance.now() - t1) / 1000
    if (!st.ok) throw new Error(JSON.stringify(st.error))
    lines.push(
      `host jump to the end (seek, uncapped, same scenario): ${Math.round(((total - from) * 2) / sec2).toLocaleString('en-US')} bars/s (${total - from} steps in ${(sec2 * 1000).toFixed(0)} ms)`,
    )
  } finally {
    ws.close()
    await server.close()
    await host.close()
  }
  return lines
}
