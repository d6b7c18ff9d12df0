/**
 * Figures before Confirm: whenever the command a dialog would send changes (typing an
 * amount, moving a slider), ask the host what it would do (`session:preview`, an engine copy)
 * after a short pause. Answers to older commands are dropped, so the figures always match
 * the input on screen. Also refreshed when the account moves (a new bar changes the mark).
 * Nothing is asked while a command is in flight: the host would answer on the state after it
 * (a Confirmed 50% close previewed again as 50% of the half left), and the dialog usually
 * closes on its ack; when it stays open (refused), the figures are asked again then.
 */
import { computed, onBeforeUnmount, shallowRef, watch, type ComputedRef } from 'vue'
import type { CommandPreview } from '../../../shared/contract'
import type { TradeCommand } from '../../../shared/trading/commands'
import { useAccountStore } from '../stores/account'
import { useOrdersStore } from '../stores/orders'

export function useCommandPreview(command: () => TradeCommand | null, delayMs = 120) {
  const orders = useOrdersStore()
  const account = useAccountStore()
  const result = shallowRef<CommandPreview | null>(null)
  let seq = 0
  let timer: ReturnType<typeof setTimeout> | null = null

  watch(
    () => [JSON.stringify(command()), account.account?.t, orders.pending] as const,
    () => {
      if (timer) clearTimeout(timer)
      const cmd = command()
      const mine = ++seq
      if (orders.pending) return
      if (!cmd) {
        result.value = null
        return
      }
      timer = setTimeout(async () => {
        const r = await orders.previewCommand(cmd)
        if (mine === seq) result.value = r
      }, delayMs)
    },
    { immediate: true },
  )
  onBeforeUnmount(() => {
    if (timer) clearTimeout(timer)
    seq++
  })
  return result
}

/**
 * Why a typed field's button stays off (issue 13.6): the field check's problem, else the
 * engine's refusal of the command the field would send (asked only once the text checks), in
 * the desk's words; '' when it may be sent. The host still judges what is sent.
 */
export function useFieldVerdict(
  problem: () => string,
  command: () => TradeCommand,
): ComputedRef<string> {
  const preview = useCommandPreview(() => (problem() ? null : command()))
  return computed(() => {
    const typed = problem()
    if (typed) return typed
    const p = preview.value
    return p && !p.accepted && p.rejection
      ? `The exchange would refuse this (${p.rejection.code}): ${p.rejection.message}`
      : ''
  })
}
