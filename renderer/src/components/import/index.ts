/** The desk's import dialog: mount `ImportHost` once (it shows `ImportDialog` when asked). */
export { default as ImportHost } from './ImportHost.vue'
export { default as ImportDialog } from './ImportDialog.vue'
