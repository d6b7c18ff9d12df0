import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { engines } from '../../../electron/host/engine-binding'
import {
  createFileCoachStore,
  createMemoryCoachStore,
} from '../../../electron/host/coach/file-store'
import { initialTrack } from '../../../electron/host/coach/guardrails'
import { COACH_PROFILE, normalizeProfile } from '../../../electron/host/coach/profile'
import { createCoachRuntime } from '../../../electron/host/coach/runtime'
import type { Drawing, GuardrailHit } from '../../../shared/contract/coach'
import { Desk } from './helpers'

describe('coach file store', () => {
  it('flush() waits for saves fired without await, in every file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'coach-flush-'))
    const store = createFileCoachStore(dir)
    const hit: GuardrailHit = {
      type: 'guardrailHit',
      rule: 'coolDown',
      severity: 'action',
      message: 'm',
      t: 1,
    }
    // fire-and-forget, as the runtime does after a step
    for (let i = 1; i <= 5; i++) void store.saveHits(`s-${i}`, [{ ...hit, t: i }])
    void store.saveProfile({ ...COACH_PROFILE, name: 'Flushed' })
    await store.flush()
    for (let i = 1; i <= 5; i++) {
      const file = path.join(dir, 'coach', 'sessions', `s-${i}.json`)
      expect(JSON.parse(readFileSync(file, 'utf8')).hits[0].t).toBe(i)
    }
    expect(JSON.parse(readFileSync(path.join(dir, 'coach', 'profile.json'), 'utf8')).name).toBe(
      'Flushed',
    )
  })

  it('keeps the profile and each session file, atomically, and reads damage as empty', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'coach-store-'))
    const store = createFileCoachStore(dir)
    expect(await store.loadProfile()).toBeNull()
    await store.saveProfile({ ...COACH_PROFILE, name: 'Mine' })
    expect((await store.loadProfile())?.name).toBe('Mine')
    await Promise.all([
      store.saveJournal('s-1', [{ tradeId: 't', note: 'n', tags: ['FOMO'], updatedAt: '' }]),
      store.saveAlerts('s-1', [
        {
          spec: { id: 'a', kind: 'marginRatio', threshold: '80', scope: 'account', pause: true },
          armed: true,
        },
      ]),
      store.saveHits('s-1', [
        { type: 'guardrailHit', rule: 'coolDown', severity: 'action', message: 'm', t: 1 },
      ]),
    ])
    // concurrent patches of one file all land
    expect(await store.loadJournal('s-1')).toHaveLength(1)
    expect(await store.loadAlerts('s-1')).toHaveLength(1)
    expect(await store.loadHits('s-1')).toHaveLength(1)
    const file = path.join(dir, 'coach', 'sessions', 's-1.json')
    expect(JSON.parse(readFileSync(file, 'utf8')).journal[0].note).toBe('n')
    writeFileSync(file, '{ torn')
    expect(await store.loadJournal('s-1')).toEqual([])
    await expect(store.loadJournal('../etc/passwd')).rejects.toThrow(/bad session id/)
  })

  it('keeps chart drawings across a reopen; two symbols saved at once both land', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'coach-drawings-'))
    const store = createFileCoachStore(dir)
    const d = (id: string, symbol: string): Drawing => ({
      id,
      kind: 'hline',
      symbol,
      points: [{ t: 1, price: '100' }],
    })
    await store.saveJournal('s-1', [])
    await Promise.all([
      store.replaceDrawings('s-1', 'BTCUSDT', [d('a', 'BTCUSDT'), d('b', 'BTCUSDT')]),
      store.replaceDrawings('s-1', 'ETHUSDT', [d('c', 'ETHUSDT')]),
    ])
    await store.flush()
    const reopened = createFileCoachStore(dir)
    expect((await reopened.loadDrawings('s-1')).map((x) => x.id).sort()).toEqual(['a', 'b', 'c'])
    // the session's other coach data is kept beside them
    expect(await reopened.loadJournal('s-1')).toEqual([])
    await reopened.replaceDrawings('s-1', 'BTCUSDT', [])
    expect((await createFileCoachStore(dir).loadDrawings('s-1')).map((x) => x.id)).toEqual(['c'])
    const mem = createMemoryCoachStore()
    await mem.replaceDrawings('s-2', 'BTCUSDT', [d('a', 'BTCUSDT')])
    expect(await mem.loadDrawings('s-2')).toEqual([d('a', 'BTCUSDT')])
  })

  it('fills a stored profile from older versions with defaults', () => {
    const p = normalizeProfile({
      name: 'Old',
      enabled: true,
      maxLeverage: { on: false, cap: 10 },
    } as never)
    expect(p.maxLeverage).toEqual({ on: false, cap: 10 })
    expect(p.bottomLine).toEqual(COACH_PROFILE.bottomLine)
  })
})

describe('guardrail track across reopen and rewind', () => {
  it('resumes a lock after reopening, but not one from a rewound future', async () => {
    const store = createMemoryCoachStore()
    const d = new Desk()
    d.bars({ BTCUSDT: 20000, ETHUSDT: 1500 })
    const rt = await createCoachRuntime({ engine: engines, store })
    await rt.attach('s-1', d.view(), d.t)
    const hurt = { ...d.view(), marginBalance: '7000' }
    rt.afterStep('s-1', { t: d.t + 60_000, view: hurt, events: [], bars: [] })
    expect(rt.track('s-1')?.bottomLineAt).toBe(d.t + 60_000)
    rt.detach('s-1')
    // reopened later: the lock holds
    const rt2 = await createCoachRuntime({ engine: engines, store })
    await rt2.attach('s-1', d.view(), d.t + 120_000)
    expect(rt2.track('s-1')?.bottomLineAt).toBe(d.t + 60_000)
    rt2.detach('s-1')
    // rewound to before the hit: a fresh track
    const rt3 = await createCoachRuntime({ engine: engines, store })
    await rt3.attach('s-1', d.view(), d.t)
    expect(rt3.track('s-1')).toEqual(initialTrack(d.view(), d.t))
  })
})

describe('guardrail track and a practice rewind', () => {
  it('forgets locks when replay time goes back', async () => {
    const d = new Desk()
    d.bars({ BTCUSDT: 20000, ETHUSDT: 1500 })
    const rt = await createCoachRuntime({ engine: engines, store: createMemoryCoachStore() })
    await rt.attach('s-1', d.view(), d.t, '10000')
    const hurt = { ...d.view(), marginBalance: '7000' }
    rt.afterStep('s-1', { t: d.t + 3_600_000, view: hurt, events: [], bars: [] })
    expect(rt.track('s-1')?.bottomLineAt).toBeDefined()
    rt.afterStep('s-1', { t: d.t + 60_000, view: d.view(), events: [], bars: [] })
    expect(rt.track('s-1')?.bottomLineAt).toBeUndefined()
    expect(rt.track('s-1')?.startEquity).toBe('10000')
  })
})
