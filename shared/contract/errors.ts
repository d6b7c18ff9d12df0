/**
 * Transport-level error codes. Business rejections from the engine are not errors:
 * they come back as data in the response (see shared/trading/rejections.ts).
 */
export const HOST_ERROR_CODES = [
  'INVALID_REQUEST', // payload failed the method's schema
  'UNKNOWN_METHOD',
  'NOT_FOUND', // session / scenario id unknown
  'CONFLICT', // e.g. a name already in use, an import already running
  'CORRUPT_FILE', // a session or data file failed its checksum / validation
  'IMPORT_FAILED',
  'INTERNAL', // a bug: logged in the host, never shown as the user's fault
] as const
export type HostErrorCode = (typeof HOST_ERROR_CODES)[number]

export interface HostErrorPayload {
  code: HostErrorCode
  message: string
  /** Validation issues or file/line details, human-readable. */
  details?: string[]
}

/** Thrown inside the host for an expected failure; the dispatcher turns it into a payload. */
export class HostError extends Error {
  constructor(
    readonly code: HostErrorCode,
    message: string,
    readonly details?: string[],
  ) {
    super(message)
    this.name = 'HostError'
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: HostErrorPayload }
