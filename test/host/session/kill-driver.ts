/**
 * Child process of the kill test (bundled by the test with rolldown, run with node).
 * Plays a session on a synthetic scenario and gives it commands, printing one line per
 * acknowledged command *after* the host acknowledged it (i.e. after the fsync):
 *
 *     ID <sessionId>
 *     ACK <index> <cursor> <command JSON>
 *
 * It runs until the parent kills it with SIGKILL (or it reaches the end: DONE).
 * Like every host, it first takes the data folder's lock; when another live host holds it,
 * it prints `REFUSED <message>` and exits 4 without touching the folder.
 * argv: dataDir seed [sessionId to open instead of creating one]
 */
import { writeSync } from 'node:fs'
import { acquireDataLock, DataFolderLocked } from '../../../electron/host/data-lock'
import { SessionManager } from '../../../electron/host/session/manager'
import { engines } from '../../../electron/host/engine-binding'
import type { TradeCommand } from '../../../shared/trading/commands'
import { synthScenario } from './support'
import { KILL_SCENARIO } from './kill-scenario'

const [dataDir, seedText, openId] = process.argv.slice(2)
let seed = Number(seedText) || 1
const rand = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff
  return seed / 0x7fffffff
}
const out = (line: string) => writeSync(1, line + '\n') // synchronous: nothing buffered

const scenario = synthScenario(KILL_SCENARIO)

function command(price: number): TradeCommand {
  const r = rand()
  const symbol = rand() < 0.6 ? 'BTCUSDT' : 'ETHUSDT'
  const p = symbol === 'BTCUSDT' ? price : price / 13
  const tick = symbol === 'BTCUSDT' ? 1 : 100
  if (r < 0.4)
    return {
      kind: 'placeOrder',
      symbol,
      side: rand() < 0.5 ? 'BUY' : 'SELL',
      positionSide: 'BOTH',
      type: 'MARKET',
      quantity: (0.01 + Math.floor(rand() * 5) / 100).toFixed(3),
    }
  if (r < 0.75)
    return {
      kind: 'placeOrder',
      symbol,
      side: rand() < 0.5 ? 'BUY' : 'SELL',
      positionSide: 'BOTH',
      type: 'LIMIT',
      quantity: '0.050',
      price: (Math.round(p * (1 + (rand() - 0.5) * 0.02) * tick) / tick).toFixed(
        symbol === 'BTCUSDT' ? 0 : 2,
      ),
      timeInForce: 'GTC',
    }
  if (r < 0.85) return { kind: 'setLeverage', symbol, leverage: 1 + Math.floor(rand() * 20) }
  if (r < 0.95) return { kind: 'closePosition', symbol, positionSide: 'BOTH', fraction: '0.5' }
  return { kind: 'cancelOrder', orderId: String(1 + Math.floor(rand() * 20)) }
}

async function main() {
  try {
    acquireDataLock(dataDir!, 'kill-test host')
  } catch (err) {
    if (!(err instanceof DataFolderLocked)) throw err
    out(`REFUSED ${err.message}`)
    process.exit(4)
  }
  const m = new SessionManager({
    dataDir: dataDir!,
    loadScenario: async () => scenario,
    engines: engines,
    push: () => {},
    snapshotEveryBars: 40,
    snapshotEveryCommands: 4,
  })
  const snap = openId ? await m.openSession(openId) : await m.create({ scenarioId: 'synthetic' })
  const id = snap.summary.id
  out(`ID ${id}`)
  let n = 0
  await m.control(id, { type: 'speed', speed: 2000 })
  for (;;) {
    const s = m.sessionOf(id)
    if (s.atEnd()) break
    const r = rand()
    if (r < 0.5) {
      const price = Number(s.engine.view().marks.BTCUSDT ?? 20000)
      const cmd = command(price)
      await m.command(id, cmd)
      out(`ACK ${n++} ${s.log.commands.at(-1)!.cursor} ${JSON.stringify(cmd)}`)
    } else if (r < 0.8) {
      await m.control(id, { type: 'step', bars: 1 + Math.floor(rand() * 6) })
    } else {
      await m.control(id, { type: 'play' })
      await new Promise((res) => setTimeout(res, 1 + rand() * 6))
      await m.control(id, { type: 'pause' })
    }
  }
  out('DONE')
  await m.closeAll()
}

main().catch((err) => {
  out(`ERROR ${(err as Error).stack}`)
  process.exit(3)
})
