/**
 * The coach's files under the app's data folder:
 *   coach/profile.json              the guardrail profile
 *   coach/sessions/<id>.json        { journal, alerts, hits } of one session
 * Written atomically (temp file + rename); a missing or unreadable file reads as empty.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type {
  AlertState,
  GuardrailHit,
  GuardrailProfile,
  JournalEntry,
} from '../../../shared/contract/coach'
import type { CoachStore } from './ports'

interface SessionFile {
  journal: JournalEntry[]
  alerts: AlertState[]
  hits: GuardrailHit[]
}

export type FileCoachStore = CoachStore

const SAFE_ID = /^[a-z0-9-]{1,64}$/

export function createFileCoachStore(dataDir: string): FileCoachStore {
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
  function writeJson(file: string, data: unknown): Promise<void> {
    const prev = queues.get(file) ?? Promise.resolve()
    const next = prev.then(async () => {
      await mkdir(path.dirname(file), { recursive: true })
      const tmp = `${file}.${process.pid}.tmp`
      await writeFile(tmp, JSON.stringify(data, null, 1))
      await rename(tmp, file)
    })
    queues.set(
      file,
      next.catch(() => {}),
    )
    return next
  }
  async function loadSession(id: string): Promise<SessionFile> {
    const f = await readJson<Partial<SessionFile>>(sessionPath(id))
    return {
      journal: Array.isArray(f?.journal) ? f.journal : [],
      alerts: Array.isArray(f?.alerts) ? f.alerts : [],
      hits: Array.isArray(f?.hits) ? f.hits : [],
    }
  }
  async function patchSession(id: string, patch: Partial<SessionFile>): Promise<void> {
    const file = sessionPath(id)
    await (queues.get(file) ?? Promise.resolve())
    const cur = await loadSession(id)
    await writeJson(file, { ...cur, ...patch })
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
  }
}

/** An in-memory store (tests, browser-mode demos). */
export function createMemoryCoachStore(): FileCoachStore {
  let profile: GuardrailProfile | null = null
  const sessions = new Map<string, SessionFile>()
  const get = (id: string) => {
    let s = sessions.get(id)
    if (!s) sessions.set(id, (s = { journal: [], alerts: [], hits: [] }))
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
  }
}
