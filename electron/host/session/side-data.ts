/**
 * What another part of the host keeps per session beside its journal: the risk coach's notes,
 * tags, alerts, guardrail record and chart drawings (electron/host/coach-binding.ts implements
 * it). The session manager carries it in the session's export file, restores it under the new
 * id on import, copies it on duplicate and fork, and removes it with the session (issue 13
 * item 9). The manager never looks inside: the part is the implementer's own JSON.
 */
export interface SessionSideData {
  /** The session's part for its export file (plain JSON). */
  export(sessionId: string): Promise<unknown>
  /**
   * Check a file's part field by field, before anything is written. `symbols`: the session's
   * symbols when its scenario is in the library, else null (the form is checked only).
   */
  check(
    part: unknown,
    symbols: readonly string[] | null,
  ): { ok: true; value: unknown } | { ok: false; problem: string }
  /** Write a checked part (`check`'s value) for a newly imported session. */
  write(sessionId: string, value: unknown): Promise<void>
  /** A duplicate or a what-if fork of `from` was made as `to`: give it what it keeps. */
  copy(from: string, to: string, kind: 'duplicate' | 'fork'): Promise<void>
  /** The session was deleted: remove its part (nothing is left in the data folder). */
  remove(sessionId: string): Promise<void>
  /**
   * Remove the parts of sessions that no longer exist (`isSession` says which do): what a
   * delete left behind before deletes removed them. Run once when the manager starts.
   */
  sweep(isSession: (sessionId: string) => boolean): Promise<void>
}
