/**
 * `npm run fuzz`: the long fuzz run (≥ 20,000 inputs, seed from FUZZ_SEED or 11) against a
 * live browser-mode host in its own process. Prints what was sent, how each input was
 * refused, the crash count and the host's RSS before and after; exits 1 on any crash.
 */
import path from 'node:path'
import { runFuzz } from './fuzz'
import { startLiveHost } from './harness'

async function main() {
  const seed = Number(process.env.FUZZ_SEED ?? 11)
  const live = await startLiveHost(path.resolve(process.argv[2] ?? '.'))
  const before = live.rss()
  let crashes = 0
  const started = Date.now()
  try {
    const counts = await runFuzz(live.target, {
      seed,
      messages: 20_000,
      requests: 2_000,
      frames: 2_000,
      batch: 250,
      onBatch: (alive) => {
        if (!alive || !live.alive()) crashes++
      },
    })
    const after = live.rss()
    const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`
    console.log(`fuzz seed ${seed}: ${counts.sent} inputs in ${Date.now() - started} ms`)
    console.log('rejected by code:')
    for (const [k, n] of Object.entries(counts.outcomes).sort())
      console.log(`  ${k.padEnd(28)} ${n}`)
    console.log(`crashes = ${crashes} (host process alive: ${live.alive()})`)
    console.log(`host RSS before ${mb(before)}, after ${mb(after)}`)
  } finally {
    await live.stop()
  }
  if (crashes > 0) process.exit(1)
}

void main()
