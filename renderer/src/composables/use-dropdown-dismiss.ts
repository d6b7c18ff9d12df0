/**
 * A dropdown menu's dismissal, one way for every menu on the desk: Esc closes it (before
 * anything else hears the key, so a dialog under it stays open for the next Esc), and so
 * does a press anywhere outside the menu and its button (`inside`, a selector).
 */
import { onBeforeUnmount, onMounted, type Ref } from 'vue'

export function useDropdownDismiss(open: Ref<unknown>, inside: string): void {
  const close = () => void (open.value = null)
  function onKey(ev: KeyboardEvent) {
    if (ev.key !== 'Escape' || !open.value) return
    ev.stopPropagation()
    close()
  }
  function onPointer(ev: MouseEvent) {
    if (open.value && !(ev.target as HTMLElement | null)?.closest(inside)) close()
  }
  onMounted(() => {
    window.addEventListener('keydown', onKey, true)
    window.addEventListener('mousedown', onPointer, true)
  })
  onBeforeUnmount(() => {
    window.removeEventListener('keydown', onKey, true)
    window.removeEventListener('mousedown', onPointer, true)
  })
}
