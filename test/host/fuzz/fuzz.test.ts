/**
 * The fuzz test of issue 11 (fixed seed, a few seconds): ≥ 2,000 malformed messages and
 * ≥ 200 malformed HTTP requests and ≥ 200 malformed frames go to a live browser-mode host
 * in its own process; after every batch it must still answer app:ping, and it never exits.
 * `npm run fuzz` runs the same with ≥ 20,000 inputs and prints the counts.
 */
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runFuzz } from './fuzz'
import { startLiveHost, type LiveHost } from './harness'

let live: LiveHost

beforeAll(async () => {
  live = await startLiveHost(path.resolve(__dirname, '../../..'))
}, 60_000)
afterAll(async () => {
  await live?.stop()
})

describe('browser-mode fuzz', () => {
  it('survives 2,000 messages, 200 requests and 200 frames, answering after each batch', async () => {
    const batches: boolean[] = []
    const counts = await runFuzz(live.target, {
      seed: 11,
      messages: 2000,
      requests: 200,
      frames: 200,
      batch: 100,
      onBatch: (alive) => batches.push(alive && live.alive()),
    })
    expect(counts.sent).toBe(2400)
    expect(batches.length).toBe(24)
    expect(batches.every(Boolean)).toBe(true)
    expect(counts.failedPings).toBe(0)
    expect(live.alive()).toBe(true)
    // Every input was refused in a coded way; none went unanswered.
    expect(counts.outcomes.none ?? 0).toBe(0)
    expect(counts.outcomes['http:0'] ?? 0).toBe(0)
    expect(counts.outcomes['close:none'] ?? 0).toBe(0)
    expect(counts.outcomes['close:1002']).toBeGreaterThan(0)
    expect(counts.outcomes['close:1007']).toBeGreaterThan(0)
    expect(counts.outcomes['close:1009']).toBeGreaterThan(0)
    expect(counts.outcomes['http:400']).toBeGreaterThan(0)
  }, 120_000)
})
