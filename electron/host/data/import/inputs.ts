/**
 * What the user pointed at → a flat list of CSV inputs: single files (.csv, .csv.gz), Binance
 * .zip archives (each CSV entry), or folders (walked, sorted, hidden files skipped). Binance
 * `.CHECKSUM` files next to a zip are verified (sha256) rather than imported.
 *
 * Inside a folder, symbolic links and anything that is not a regular file or a folder (a
 * device, a FIFO, a socket) are skipped with a warning: two links to `.` would recurse
 * forever and a `.csv` link to /dev/zero would be read forever. The paths the user named
 * themselves are followed once. Files, zip ratios and sizes are bounded (limits.ts).
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { lstat, readFile, readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import type { CsvSource } from '../csv-read'
import { DataError, fsError } from '../errors'
import { fileSource, listZip } from '../sources'
import type { IssueLog } from './issues'
import { IMPORT_LIMITS } from './limits'

export interface ImportInput {
  source: CsvSource
  /** Path used for kind detection (folder names like markPriceKlines count). */
  hintPath: string
}

const CSV = /\.csv(\.gz)?$/i

export async function expandInputs(
  paths: string[],
  log: IssueLog,
): Promise<{ inputs: ImportInput[]; totalBytes: number }> {
  const inputs: ImportInput[] = []
  let totalBytes = 0
  let tooMany = false
  const countFile = (p: string): boolean => {
    if (inputs.length < IMPORT_LIMITS.maxFiles) return true
    if (!tooMany)
      log.error(
        'LIMIT',
        `more than ${IMPORT_LIMITS.maxFiles} files in one import: import the folder in parts`,
        p,
      )
    tooMany = true
    return false
  }
  const visit = async (p: string, explicit: boolean): Promise<void> => {
    if (tooMany) return
    let st
    try {
      // Named paths are followed; inside folders a link is not (lstat).
      st = explicit ? await stat(p) : await lstat(p)
    } catch (err) {
      return log.add(fsError(err, p), 'error')
    }
    if (st.isSymbolicLink())
      return log.warn('FILE_SKIPPED', 'skipped: a symbolic link inside the folder', p)
    if (!st.isDirectory() && !st.isFile())
      return explicit
        ? log.error('UNSUPPORTED_FILE', 'not a regular file', p)
        : log.warn('FILE_SKIPPED', 'skipped: not a regular file', p)
    if (st.isDirectory()) {
      const names = (await readdir(p)).filter((n) => !n.startsWith('.')).sort()
      for (const n of names) await visit(path.join(p, n), false)
      return
    }
    const lower = p.toLowerCase()
    if (lower.endsWith('.checksum')) return
    if (lower.endsWith('.zip')) {
      try {
        await verifyChecksum(p)
        const entries = await listZip(p)
        const csvs = entries.filter((e) => CSV.test(e.entryName))
        for (const e of entries)
          if (!CSV.test(e.entryName))
            log.error('UNSUPPORTED_FILE', `zip entry "${e.entryName}" is not a CSV`, p)
        if (entries.length === 0) log.error('EMPTY_FILE', 'zip archive has no files', p)
        for (const e of csvs) {
          const problem = zipEntryProblem(e.uncompressedSize, e.compressedSize)
          if (problem) {
            log.error('LIMIT', problem, `${p}!${e.entryName}`)
            continue
          }
          if (!countFile(p)) return
          inputs.push({ source: e.source, hintPath: `${p}/${e.entryName}` })
          totalBytes += e.uncompressedSize
        }
      } catch (err) {
        if (err instanceof DataError) log.add(err, 'error')
        else throw err
      }
      return
    }
    if (CSV.test(lower)) {
      if (!countFile(p)) return
      inputs.push({ source: { ...fileSource(p), sizeHint: st.size }, hintPath: p })
      totalBytes += st.size
      return
    }
    // Explicitly named odd files are an error; stray files in a folder are only noted.
    if (explicit) log.error('UNSUPPORTED_FILE', 'not a .csv, .csv.gz or .zip file', p)
    else log.warn('FILE_SKIPPED', 'skipped: not a .csv, .csv.gz or .zip file', p)
  }
  for (const p of paths) await visit(path.resolve(p), true)
  if (totalBytes > IMPORT_LIMITS.maxImportBytes)
    log.error(
      'LIMIT',
      `${gb(totalBytes)} of CSV text (uncompressed) in one import; the limit is ${gb(IMPORT_LIMITS.maxImportBytes)}: import in parts`,
      paths.join(', '),
    )
  return { inputs, totalBytes }
}

const gb = (b: number) => `${(b / 1024 ** 3).toFixed(1)} GB`

/** Why a zip entry is refused from its header alone (a bomb), or null. */
function zipEntryProblem(uncompressed: number, compressed: number): string | null {
  if (uncompressed > IMPORT_LIMITS.maxFileBytes)
    return `unpacks to ${gb(uncompressed)}; one file may be at most ${gb(IMPORT_LIMITS.maxFileBytes)}`
  if (uncompressed > 1024 * 1024 && uncompressed > compressed * IMPORT_LIMITS.maxZipRatio)
    return `unpacks ${Math.round(uncompressed / Math.max(compressed, 1))}× (a zip bomb?); market-data zips unpack about 10×`
  return null
}

/** Binance publishes `<file>.zip.CHECKSUM` ("<sha256>  <name>"); verify it when present. */
async function verifyChecksum(zipPath: string): Promise<void> {
  let text: string
  try {
    text = await readFile(zipPath + '.CHECKSUM', 'utf8')
  } catch {
    return
  }
  const want = text.trim().split(/\s+/)[0]?.toLowerCase()
  if (!want || !/^[0-9a-f]{64}$/.test(want)) return
  const h = createHash('sha256')
  await new Promise<void>((resolve, reject) =>
    createReadStream(zipPath)
      .on('data', (c) => h.update(c))
      .on('end', () => resolve())
      .on('error', reject),
  )
  if (h.digest('hex') !== want)
    throw new DataError(
      'CHECKSUM_MISMATCH',
      'sha256 differs from the .CHECKSUM file (damaged download?)',
      { file: zipPath },
    )
}
