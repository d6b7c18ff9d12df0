/**
 * Trading commands from the desk: every order, amendment, leverage/margin change and close
 * goes through `send`, and the engine's ack (events + account) is applied to the account
 * store. Previews (cost, margin, liquidation price, max size) come from the host as well.
 */
import { acceptHMRUpdate, defineStore } from 'pinia'
import { readonly, ref, shallowRef } from 'vue'
import type {
  CommandAck,
  CommandPreview,
  OrderPreview,
  OrderPreviewRequest,
} from '../../../shared/contract'
import type { SymbolId } from '../../../shared/market'
import type {
  MarginType,
  PlaceOrderCommand,
  PositionSide,
  TradeCommand,
  WorkingType,
} from '../../../shared/trading/commands'
import type { Rejection } from '../../../shared/trading/rejections'
import { hostClient, HostCallError } from '../services/client'
import { useSessionStore } from './session'
import { useUiStore } from './ui'

export type { OrderPreview, OrderPreviewRequest }
export type PreviewState = { ok: true; value: OrderPreview } | { ok: false; reason: string }

export const useOrdersStore = defineStore('orders', () => {
  const pending = ref(false)
  const lastRejection = shallowRef<Rejection | null>(null)
  const previewAvailable = ref(true)

  /** Send one command; an entry's TP/SL travels inside it (`attached`), judged with it. */
  async function send(command: TradeCommand): Promise<CommandAck | null> {
    const session = useSessionStore()
    const ui = useUiStore()
    if (!session.sessionId) {
      ui.toast('error', 'No session', 'Open or create a session first')
      return null
    }
    const sessionId = session.sessionId
    pending.value = true
    try {
      const ack = await hostClient.call('session:command', {
        sessionId,
        command,
      })
      // The ack's events include commandRejected when rejected; the toast comes from there.
      // It goes through the desk's one write path, behind frames pushed before it.
      session.deliverAck(ack, sessionId)
      lastRejection.value = ack.accepted ? null : (ack.rejection ?? null)
      if (!ack.accepted && ack.rejection && !ack.events.some((e) => e.type === 'commandRejected'))
        ui.toast('error', `Rejected (${ack.rejection.code})`, ack.rejection.message)
      return ack
    } catch (e) {
      ui.toast('error', 'Command failed', (e as Error).message)
      return null
    } finally {
      pending.value = false
    }
  }

  async function preview(req: Omit<OrderPreviewRequest, 'sessionId'>): Promise<PreviewState> {
    const session = useSessionStore()
    if (!session.sessionId) return { ok: false, reason: 'no session' }
    if (!previewAvailable.value) return { ok: false, reason: 'preview not available from host' }
    try {
      const value = await hostClient.call('order:preview', {
        sessionId: session.sessionId,
        ...req,
      })
      return { ok: true, value }
    } catch (e) {
      if (e instanceof HostCallError && e.payload.code === 'UNKNOWN_METHOD')
        previewAvailable.value = false
      return { ok: false, reason: (e as Error).message }
    }
  }

  /** What a command would do now (engine copy on the host): the dialogs' figures. */
  async function previewCommand(command: TradeCommand): Promise<CommandPreview | null> {
    const session = useSessionStore()
    if (!session.sessionId) return null
    try {
      return await hostClient.call('session:preview', { sessionId: session.sessionId, command })
    } catch {
      return null
    }
  }

  const place = (cmd: Omit<PlaceOrderCommand, 'kind'>) => send({ kind: 'placeOrder', ...cmd })
  const cancel = (orderId: string) => send({ kind: 'cancelOrder', orderId })
  const amend = (
    orderId: string,
    change: { price?: string; stopPrice?: string; quantity?: string },
  ) => send({ kind: 'amendOrder', orderId, ...change })
  const setLeverage = (symbol: SymbolId, leverage: number) =>
    send({ kind: 'setLeverage', symbol, leverage })
  const setMarginType = (symbol: SymbolId, marginType: MarginType) =>
    send({ kind: 'setMarginType', symbol, marginType })
  const setPositionMode = (hedge: boolean) => send({ kind: 'setPositionMode', hedge })
  const adjustMargin = (
    symbol: SymbolId,
    positionSide: PositionSide,
    action: 'ADD' | 'REMOVE',
    amount: string,
  ) => send({ kind: 'adjustMargin', symbol, positionSide, action, amount })
  const closePosition = (
    symbol: SymbolId,
    positionSide: PositionSide,
    fraction: string,
    price?: string,
  ) => send({ kind: 'closePosition', symbol, positionSide, fraction, ...(price ? { price } : {}) })
  const setTpSl = (
    symbol: SymbolId,
    positionSide: PositionSide,
    tp: { stopPrice: string; workingType: WorkingType } | null | undefined,
    sl: { stopPrice: string; workingType: WorkingType } | null | undefined,
  ) =>
    send({
      kind: 'setPositionTpSl',
      symbol,
      positionSide,
      ...(tp !== undefined ? { takeProfit: tp } : {}),
      ...(sl !== undefined ? { stopLoss: sl } : {}),
    })

  return {
    pending: readonly(pending),
    lastRejection,
    previewAvailable: readonly(previewAvailable),
    send,
    preview,
    previewCommand,
    place,
    cancel,
    amend,
    setLeverage,
    setMarginType,
    setPositionMode,
    adjustMargin,
    closePosition,
    setTpSl,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useOrdersStore, import.meta.hot))
