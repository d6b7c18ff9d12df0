/**
 * Importing files the host cannot see by path: a browser's File objects (drag-and-drop, file
 * or folder picker) are uploaded in chunks into the host's data folder, then imported from
 * there. Works over both transports (Electron IPC and the loopback WebSocket,
 * whose frames are capped at 60 MB: a chunk is ≤ 4 MB decoded, ≈ 5.6 MB as base64).
 *
 * Flow: `import:begin` (declare names, sizes, kinds) → `import:chunk`… (each file's bytes in
 * order, the last one `final`) → `import:commit` (import, then the upload is deleted whatever
 * happened) — or `import:cancel` at any point. `import:progress` (market) reports rows and
 * rows/s while importing; `import:stage` says which phase an upload is in.
 */
import * as v from 'valibot'
import { method, pushed } from './define'
import { importMapping, importTitle, type ImportIssue, type ImportReport } from './market'

/** Largest decoded chunk. */
export const UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024
/** Largest upload (all files together). */
export const UPLOAD_MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
export const UPLOAD_MAX_FILES = 500
/** Extensions the host accepts (case-insensitive). `.CHECKSUM` files verify a `.zip` beside them. */
export const UPLOAD_EXTENSIONS = ['.csv', '.gz', '.zip', '.checksum'] as const

/**
 * A plain file name: no folder part, no NUL or control characters, no characters Windows
 * forbids, not hidden, no trailing dot or space, one of the accepted extensions.
 */
export function uploadNameProblem(name: string): string | null {
  if (name.length === 0 || name.length > 200) return 'file name must be 1–200 characters'
  if (/[/\\]/.test(name)) return 'file name must not contain a folder part'
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'file name contains a control character'
  if (/[<>:"|?*]/.test(name)) return 'file name contains a character that is not allowed'
  if (name.startsWith('.')) return 'hidden file names are not accepted'
  if (/[. ]$/.test(name)) return 'file name must not end with a dot or a space'
  const lower = name.toLowerCase()
  if (!UPLOAD_EXTENSIONS.some((ext) => lower.endsWith(ext)))
    return 'only .csv, .csv.gz, .zip and .CHECKSUM files can be imported'
  return null
}

/** The series a file holds, when only its folder says so (Binance folders: markPriceKlines/…). */
export type UploadKind = 'last' | 'mark' | 'index' | 'funding' | 'premiumIndex'

export interface UploadBegun {
  uploadId: string
  /** Largest decoded chunk the host accepts. */
  chunkBytes: number
}

export interface UploadChunkAck {
  /** Bytes of this file received so far (the next chunk's offset). */
  received: number
  /** True once the final chunk of this file arrived. */
  complete: boolean
}

/** An issue of the report, with the data layer's stable code (e.g. OHLC_VIOLATION). */
export interface UploadIssue extends ImportIssue {
  code: string
}

/** The import report plus complete counts and per-file rows. */
export interface UploadImportReport extends ImportReport {
  errors: UploadIssue[]
  warnings: UploadIssue[]
  /** Complete counts (the lists keep the first 200). */
  errorCount: number
  warningCount: number
  title?: string
  durationMs: number
  files: { file: string; kind: string | null; symbol: string | null; rows: number }[]
}

export interface ImportStage {
  uploadId: string
  stage: 'importing' | 'done' | 'failed' | 'cancelled'
  /** Estimated CSV bytes the import will read (zip and gzip contents uncompressed). */
  totalBytes?: number
}

const uploadId = v.pipe(v.string(), v.regex(/^[0-9a-f]{24}$/, 'not an upload id'))
const fileName = v.pipe(
  v.string(),
  v.check((s) => uploadNameProblem(s) === null, 'not an acceptable file name'),
)
const size = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(UPLOAD_MAX_TOTAL_BYTES))
const BASE64_MAX = Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4
/**
 * Largest WebSocket frame the browser-mode host accepts: the largest legitimate message is
 * an `import:chunk` (a full base64 chunk plus its JSON envelope: ids, name, offset).
 */
export const MAX_FRAME_BYTES = BASE64_MAX + 64 * 1024
/** Standard base64 with padding (a plain character-class loop: safe on 5.6 MB strings). */
function isBase64(s: string): boolean {
  return s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s)
}

export const uploadMethods = {
  /** Declare the files; names and sizes are checked before any byte is sent. */
  'import:begin': method<UploadBegun>()(
    v.strictObject({
      files: v.pipe(
        v.array(
          v.strictObject({
            name: fileName,
            size,
            kind: v.optional(v.picklist(['last', 'mark', 'index', 'funding', 'premiumIndex'])),
          }),
        ),
        v.minLength(1),
        v.maxLength(UPLOAD_MAX_FILES),
      ),
    }),
  ),
  /** The next bytes of one file: `offset` must equal the bytes already received. */
  'import:chunk': method<UploadChunkAck>()(
    v.strictObject({
      uploadId,
      fileIndex: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(UPLOAD_MAX_FILES - 1)),
      name: fileName,
      offset: size,
      dataBase64: v.pipe(v.string(), v.maxLength(BASE64_MAX), v.check(isBase64, 'not base64')),
      final: v.optional(v.boolean()),
    }),
  ),
  /** Import the complete upload as a new user scenario; the upload is deleted afterwards. */
  'import:commit': method<UploadImportReport>()(
    v.strictObject({ uploadId, title: importTitle, mapping: importMapping }),
  ),
  /** Stop an upload (or its running import) and delete it. Unknown ids are fine. */
  'import:cancel': method<{ cancelled: boolean }>()(v.strictObject({ uploadId })),
}

export const uploadPushes = {
  'import:stage': pushed<ImportStage>(),
}
