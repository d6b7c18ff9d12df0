/**
 * First launch that teaches (issue 14 item 9): the scenario briefing on the first open of
 * each scenario (Start / don't show again), then once a short tour of the ticket, the
 * liquidation price and the replay bar (skippable). What was seen lives in localStorage.
 */
import { acceptHMRUpdate, defineStore } from 'pinia'
import { readonly, ref } from 'vue'

const SEEN_KEY = 'perpdojo.briefings.seen'
const OFF_KEY = 'perpdojo.briefings.off'
const TOUR_KEY = 'perpdojo.tour.done'

export const TOUR_STEPS = [
  {
    target: 'order-ticket',
    title: 'The order ticket',
    text: 'Pick margin mode and leverage, then size an order. The preview below shows its cost, margin and where it would be liquidated, from the engine, before you send it.',
  },
  {
    target: 'ticket-preview',
    title: 'Liquidation price',
    text: '"Est. Liq. Price" is where the exchange would close the position on the mark price. Keep a stop well before it; the chart draws it as the LIQ line.',
  },
  {
    target: 'replay-bar',
    title: 'The replay bar',
    text: 'Play, step a bar (→), jump to the next fill or liquidation (N), or pick a key moment. In practice you can rewind (Home).',
  },
] as const

function read(key: string): string | null {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}
function write(key: string, value: string) {
  try {
    localStorage.setItem(key, value)
  } catch {
    /* storage unavailable: remember for this run only */
  }
}

export const useOnboardingStore = defineStore('onboarding', () => {
  /** Scenario whose briefing is open, or null. */
  const briefing = ref<string | null>(null)
  const tourStep = ref<number | null>(null)

  function seen(): string[] {
    try {
      return JSON.parse(read(SEEN_KEY) ?? '[]') as string[]
    } catch {
      return []
    }
  }

  /** A scenario was opened on the desk: brief it the first time (unless switched off). */
  function opened(scenarioId: string) {
    if (read(OFF_KEY) === '1' || seen().includes(scenarioId)) return
    briefing.value = scenarioId
  }

  /** Start (or close): this scenario's briefing is not shown again; the tour runs once. */
  function start(dontShowAgain: boolean) {
    const id = briefing.value
    briefing.value = null
    if (id) write(SEEN_KEY, JSON.stringify([...new Set([...seen(), id])]))
    if (dontShowAgain) write(OFF_KEY, '1')
    if (read(TOUR_KEY) !== '1') tourStep.value = 0
  }

  function next() {
    if (tourStep.value === null) return
    if (tourStep.value + 1 >= TOUR_STEPS.length) skipTour()
    else tourStep.value++
  }
  function skipTour() {
    tourStep.value = null
    write(TOUR_KEY, '1')
  }

  return {
    briefing: readonly(briefing),
    tourStep: readonly(tourStep),
    opened,
    start,
    next,
    skipTour,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useOnboardingStore, import.meta.hot))
