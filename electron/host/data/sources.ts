/**
 * Byte sources for CSV text: plain files, gzip files and entries of zip archives (yauzl,
 * streamed entry by entry — an archive is never read into memory).
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createGunzip } from 'node:zlib'
import yauzl from 'yauzl'
import type { CsvSource } from './csv-read'
import { DataError, fsError } from './errors'

export function fileSource(file: string, name = file): CsvSource {
  const gz = file.toLowerCase().endsWith('.gz')
  return {
    name,
    async open() {
      try {
        await stat(file)
      } catch (err) {
        throw fsError(err, name)
      }
      const raw = createReadStream(file, { highWaterMark: 1 << 20 })
      if (!gz) return raw
      const gunzip = createGunzip()
      raw.on('error', (e) => gunzip.destroy(e))
      return raw.pipe(gunzip)
    },
  }
}

export interface ZipEntryInfo {
  /** Path inside the archive. */
  entryName: string
  uncompressedSize: number
  /** As the archive's header says (a lying header is caught by the streamed byte limit). */
  compressedSize: number
  source: CsvSource
}

/**
 * List an archive's file entries (directories skipped). Each entry's source reopens the archive
 * when read, so listing holds no file handles and entries can be read one at a time.
 */
export async function listZip(zipPath: string): Promise<ZipEntryInfo[]> {
  let zip: yauzl.ZipFile
  try {
    zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: true })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code) throw fsError(err, zipPath)
    throw new DataError(
      'UNSUPPORTED_FILE',
      'not a readable zip archive: ' + (err as Error).message,
      { file: zipPath },
    )
  }
  const entries: ZipEntryInfo[] = []
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!entry.fileName.endsWith('/')) {
        const entryName = entry.fileName
        entries.push({
          entryName,
          uncompressedSize: entry.uncompressedSize,
          compressedSize: entry.compressedSize,
          source: {
            name: `${zipPath}!${entryName}`,
            sizeHint: entry.uncompressedSize,
            open: () => openZipEntry(zipPath, entryName),
          },
        })
      }
      zip.readEntry()
    })
    zip.on('end', () => resolve())
    zip.on('error', (err: Error) =>
      reject(
        new DataError('UNSUPPORTED_FILE', 'broken zip archive: ' + err.message, { file: zipPath }),
      ),
    )
    zip.readEntry()
  })
  return entries
}

async function openZipEntry(zipPath: string, entryName: string) {
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: true })
  return new Promise<import('node:stream').Readable>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName !== entryName) return zip.readEntry()
      zip.openReadStream(entry, (err, stream) => {
        if (err)
          return reject(
            new DataError('UNSUPPORTED_FILE', err.message, { file: `${zipPath}!${entryName}` }),
          )
        resolve(stream)
      })
    })
    zip.on('end', () =>
      reject(
        new DataError('NOT_FOUND', 'entry vanished from archive', {
          file: `${zipPath}!${entryName}`,
        }),
      ),
    )
    zip.on('error', (err: Error) =>
      reject(new DataError('UNSUPPORTED_FILE', err.message, { file: zipPath })),
    )
    zip.readEntry()
  })
}
