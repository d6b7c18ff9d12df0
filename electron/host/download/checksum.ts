/** `.CHECKSUM` files of the archive ("<sha256 hex>  <file name>") and the sha256 of a file. */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { DownloadError } from './http-get'

export function parseChecksum(text: string, name: string): string {
  const m = /^([0-9a-fA-F]{64})\s+\*?(\S+)\s*$/.exec(text.trim())
  if (!m)
    throw new DownloadError('BAD_CHECKSUM_FILE', 'the .CHECKSUM file is not "<sha256>  <name>"')
  if (m[2] !== name)
    throw new DownloadError('BAD_CHECKSUM_FILE', `the .CHECKSUM file names ${m[2]}, not ${name}`)
  return m[1]!.toLowerCase()
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256')
    createReadStream(file)
      .on('data', (c) => h.update(c))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject)
  })
}
