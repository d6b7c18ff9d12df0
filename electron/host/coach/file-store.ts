/**
 * The coach's files under the app's data folder:
 *   coach/profile.json              the guardrail profile
 *   coach/sessions/<id>.json        { journal, alerts, hits, track, drawings } of one session
 * Written atomically (temp file + rename); a missing or unreadable file reads as empty. Every
 * write and the removal of a session's file go through one queue per file, in call order.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Drawing, GuardrailProfile } from '../../../shared/contract/coach'
import type { CoachStore } from './ports'
import { emptyCoachData, type CoachSessionData as SessionFile } from './session-data'

const SAFE_ID = /^[a-z0-9-]{1,64}$/

export function createFileCoachStore(dataDir: string): CoachStore {
  const root = path.join(dataDir, 'coach')
  const sessionPath = (id: string) => {
    if (!SAFE_ID.test(id)) throw new Error(`bad session id ${id.slice(0, 70)}`)
    return path.join(root, 'sessions', `${id}.json`)
  }
  // one write at a time per file, in call order
  const queues = new Map<string, Promise<void>>()

  async function readJson<T>(file: string): Promise<T | null> {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as T
    } catch {
      return null
    }
  }
  /** Run `op` after every earlier operation on the same file (read-modify-write stays whole). */
  function serial(file: string, op: () => Promise<void>): Promise<void> {
    const next = (queues.get(file) ?? Promise.resolve()).then(op)
    queues.set(
      file,
      next.catch(() => {}),
    )
    return next
  }
  async function writeRaw(file: string, data: unknown): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true })
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
    await writeFile(tmp, JSON.stringify(data, null, 1))
    await rename(tmp, file)
  }
  function writeJson(file: string, data: unknown): Promise<void> {
    return serial(file, () => writeRaw(file, data))
  }
  async function loadSession(id: string): Promise<SessionFile> {
    const f = await readJson<Partial<SessionFile>>(sessionPath(id))
    return {
      journal: Array.isArray(f?.journal) ? f.journal : [],
      alerts: Array.isArray(f?.alerts) ? f.alerts : [],
      hits: Array.isArray(f?.hits) ? f.hits : [],
      track: f?.track && typeof f.track.t === 'number' && f.track.track ? f.track : null,
      drawings: Array.isArray(f?.drawings) ? f.drawings : [],
    }
  }
  function patchSession(id: string, patch: Partial<SessionFile>): Promise<void> {
    const file = sessionPath(id)
    return serial(file, async () => writeRaw(file, { ...(await loadSession(id)), ...patch }))
  }

  return {
    async loadProfile() {
      return readJson<GuardrailProfile>(path.join(root, 'profile.json'))
    },
    saveProfile(p) {
      return writeJson(path.join(root, 'profile.json'), p)
    },
    async loadJournal(id) {
      return (await loadSession(id)).journal
    },
    saveJournal(id, journal) {
      return patchSession(id, { journal })
    },
    async loadAlerts(id) {
      return (await loadSession(id)).alerts
    },
    saveAlerts(id, alerts) {
      return patchSession(id, { alerts })
    },
    async loadHits(id) {
      return (await loadSession(id)).hits
    },
    saveHits(id, hits) {
      return patchSession(id, { hits })
    },
    async loadTrack(id) {
      return (await loadSession(id)).track
    },
    saveTrack(id, track) {
      return patchSession(id, { track })
    },
    async loadDrawings(id) {
      return (await loadSession(id)).drawings
    },
    loadSession,
    saveSession(id, data) {
      return patchSession(id, data)
    },
    removeSession(id) {
      const file = sessionPath(id)
      return serial(file, () => rm(file, { force: true }))
    },
    async sessionIds() {
      const names = await readdir(path.join(root, 'sessions')).catch(() => [] as string[])
      return names
        .filter((n) => n.endsWith('.json'))
        .map((n) => n.slice(0, -5))
        .filter((id) => SAFE_ID.test(id))
    },
    async replaceDrawings(id, symbol, drawings) {
      const file = sessionPath(id)
      let all: Drawing[] = []
      await serial(file, async () => {
        const f = await loadSession(id)
        all = f.drawings.filter((d) => d.symbol !== symbol).concat(drawings)
        await writeRaw(file, { ...f, drawings: all })
      })
      return all
    },
    async flush() {
      // a save may queue another behind it while we wait: wait until the queues are quiet
      let pending = [...queues.values()]
      while (pending.length) {
        await Promise.all(pending)
        const now = [...queues.values()]
        pending = now.filter((p) => !pending.includes(p))
      }
    },
  }
}

/** An in-memory store (tests, browser-mode demos). */
export function createMemoryCoachStore(): CoachStore {
  let profile: GuardrailProfile | null = null
  const sessions = new Map<string, SessionFile>()
  const get = (id: string) => {
    let s = sessions.get(id)
    if (!s) sessions.set(id, (s = emptyCoachData()))
    return s
  }
  const copy = <T>(x: T): T => structuredClone(x)
  return {
    loadProfile: async () => (profile ? copy(profile) : null),
    saveProfile: async (p) => void (profile = copy(p)),
    loadJournal: async (id) => copy(get(id).journal),
    saveJournal: async (id, j) => void (get(id).journal = copy(j)),
    loadAlerts: async (id) => copy(get(id).alerts),
    saveAlerts: async (id, a) => void (get(id).alerts = copy(a)),
    loadHits: async (id) => copy(get(id).hits),
    saveHits: async (id, h) => void (get(id).hits = copy(h)),
    loadTrack: async (id) => copy(get(id).track),
    saveTrack: async (id, t) => void (get(id).track = copy(t)),
    loadDrawings: async (id) => copy(get(id).drawings),
    loadSession: async (id) => copy(get(id)),
    saveSession: async (id, data) => void sessions.set(id, copy(data)),
    removeSession: async (id) => void sessions.delete(id),
    sessionIds: async () => [...sessions.keys()],
    replaceDrawings: async (id, symbol, d) => {
      const s = get(id)
      s.drawings = s.drawings.filter((x) => x.symbol !== symbol).concat(copy(d))
      return copy(s.drawings)
    },
    flush: async () => {},
  }
}
