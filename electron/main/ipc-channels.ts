/** The two IPC channels the preload and main share; the contract rides inside them. */
export const INVOKE_CHANNEL = 'perpdojo:invoke'
export const PUSH_CHANNEL = 'perpdojo:push'
