/**
 * Helpers for the risk-coach drills: a tape of everything the host said to the page (acks,
 * replay frames, coach pushes, answers by method), a second WebSocket to ask the host
 * directly, and the desk moves the drills share (open a fresh desk, leverage, market order).
 */
import type { Page } from '@playwright/test'
import type { CommandAck, ReplayFrame } from '../../../shared/contract'
import type { GuardrailHit } from '../../../shared/contract/coach'
import type { EngineEvent } from '../../../shared/trading/events'
import type { AccountView } from '../../../shared/trading/views'
import { expect } from './fixtures'

export interface Tape {
  sessionId: string | null
  events: EngineEvent[]
  accounts: AccountView[]
  frames: ReplayFrame[]
  /** Each session:command ack with the command it answered. */
  acks: (CommandAck & { command: { kind: string } })[]
  hits: GuardrailHit[]
  /** Every successful answer the page received, by the method it asked. */
  answers: { method: string; value: unknown }[]
}

/** Records what the host sends to this page, in arrival order. */
export function record(page: Page): Tape {
  const tape: Tape = {
    sessionId: null,
    events: [],
    accounts: [],
    frames: [],
    acks: [],
    hits: [],
    answers: [],
  }
  page.on('websocket', (ws) => {
    const asked = new Map<number, { method: string; params: unknown }>()
    ws.on('framesent', (f) => {
      const m = JSON.parse(String(f.payload)) as { id?: number; method?: string; params?: unknown }
      if (typeof m.id === 'number' && m.method)
        asked.set(m.id, { method: m.method, params: m.params })
    })
    ws.on('framereceived', (f) => {
      const msg = JSON.parse(String(f.payload)) as {
        id?: number
        push?: string
        payload?: unknown
        result?: { ok: boolean; value?: unknown }
      }
      if (msg.push === 'replay:frame') {
        const fr = msg.payload as ReplayFrame
        tape.frames.push(fr)
        take(fr.account, fr.events)
        return
      }
      if (msg.push === 'coach:hit') {
        tape.hits.push((msg.payload as { hit: GuardrailHit }).hit)
        return
      }
      if (msg.id === undefined || !msg.result?.ok) return
      const req = asked.get(msg.id)
      const method = req?.method ?? '?'
      const value = msg.result.value
      tape.answers.push({ method, value })
      if (method === 'session:command') {
        const { command } = req!.params as { command: { kind: string } }
        tape.acks.push({ ...(value as CommandAck), command })
      }
      if (method === 'session:create' || method === 'session:open') {
        const snap = value as { summary: { id: string }; account: AccountView }
        tape.sessionId = snap.summary.id
      }
      // A preview (session:preview) answers with the account the command WOULD leave: it is
      // not the engine's state, and its events' seqs would shadow the real ones that follow.
      if (method.endsWith(':preview')) return
      if (value && typeof value === 'object' && 'account' in value) {
        const v = value as { account: AccountView; events?: EngineEvent[] }
        take(v.account, v.events ?? [])
      }
    })
  })
  function take(account: AccountView | undefined, events: EngineEvent[]) {
    if (account) tape.accounts.push(account)
    for (const e of events) if (!tape.events.some((x) => x.seq === e.seq)) tape.events.push(e)
  }
  return tape
}

/** The latest answer the page got for a method. */
export function lastAnswer<T>(tape: Tape, method: string): T | undefined {
  return tape.answers.filter((a) => a.method === method).at(-1)?.value as T | undefined
}

/** Ask the host directly over a second loopback WebSocket (its own answer, not the page's). */
export async function hostCall<T>(
  page: Page,
  token: string,
  method: string,
  params: unknown,
): Promise<T> {
  const r = await page.evaluate(
    async ({ token, method, params }) => {
      const ws = new WebSocket(`ws://${location.host}/ws`, ['perpdojo', `token.${token}`])
      await new Promise((resolve, reject) => {
        ws.onopen = resolve
        ws.onerror = reject
      })
      const id = 900_000 + Math.floor(Math.random() * 1000)
      const answer = new Promise<{ ok: boolean; value?: unknown; error?: unknown }>((resolve) => {
        ws.onmessage = (ev) => {
          const m = JSON.parse(String(ev.data)) as {
            id?: number
            result?: { ok: boolean; value?: unknown; error?: unknown }
          }
          if (m.id === id && m.result) resolve(m.result)
        }
      })
      ws.send(JSON.stringify({ id, method, params }))
      const res = await answer
      ws.close()
      return res
    },
    { token, method, params },
  )
  if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`)
  return r.value as T
}

export async function openDesk(page: Page, url: string) {
  await page.goto(url.replace('/#', '/?fresh#'))
  await expect(page.getByTestId('last-price')).not.toHaveText('—', { timeout: 20_000 })
}

export async function setIsolated(page: Page) {
  await page.getByTestId('margin-mode-button').click()
  await page.getByTestId('margin-mode-isolated').click()
  await page.getByTestId('margin-mode-confirm').click()
  await expect(page.getByTestId('margin-mode-button')).toHaveText('Isolated')
}

export async function setLeverage(page: Page, lev: number) {
  await page.getByTestId('leverage-button').click()
  // The dialog re-renders when its engine preview arrives, which can put back the value
  // shown before a typed one was committed (slow host after a seek): type again if so.
  await expect(async () => {
    await page.getByTestId('leverage-input').fill(`${lev}x`)
    await page.getByTestId('leverage-input').press('Enter')
    await page.waitForTimeout(300)
    await expect(page.getByTestId('leverage-input')).toHaveValue(`${lev}x`, { timeout: 500 })
  }).toPass({ timeout: 15_000 })
  await page.getByTestId('leverage-confirm').click()
  await expect(page.getByTestId('leverage-dialog')).toBeHidden() // closes on the engine's ack
  await expect(page.getByTestId('leverage-button')).toHaveText(`${lev}x`)
}

/** A market order from the ticket, no TP/SL; resolves with the host's ack. */
export async function market(
  page: Page,
  tape: Tape,
  side: 'buy' | 'sell',
  qty: string,
): Promise<CommandAck> {
  const before = tape.acks.length
  const placed = () => tape.acks.slice(before).find((a) => a.command.kind === 'placeOrder')
  await page.getByTestId('ticket-tab-MARKET').click()
  const tpsl = page.getByTestId('ticket-tpsl')
  if ((await tpsl.count()) && (await tpsl.isChecked())) await tpsl.uncheck()
  await page.getByTestId('ticket-size').fill(qty)
  await page.getByTestId(`ticket-${side}`).click()
  await expect.poll(placed, { timeout: 15_000 }).toBeTruthy()
  return placed()!
}

/** Open positions (size ≠ 0) of an account view. */
export function openPositions(a: AccountView | undefined) {
  return (a?.positions ?? []).filter((p) => !/^-?0(\.0*)?$/.test(p.size))
}

/** Step the replay by 10 bars and wait for its frame. */
export async function step10(page: Page, tape: Tape) {
  const before = tape.frames.length
  await page.getByTestId('replay-step10').click()
  await expect.poll(() => tape.frames.length, { timeout: 20_000 }).toBeGreaterThan(before)
}

/** Open a coach sub-tab in the "Risk Coach" bottom tab. */
export async function coachTab(
  page: Page,
  tab: 'sizer' | 'whatIf' | 'stress' | 'report' | 'alerts' | 'guardrails',
) {
  await page.getByTestId('tab-coach').click()
  await expect(page.getByTestId('coach-dock')).toBeVisible()
  await page.getByTestId(`coach-tab-${tab}`).click()
}
