/**
 * How many CSV bytes an import will read, so the progress bar has a denominator: plain CSV
 * = its size, `.gz` = the gzip trailer's ISIZE (mod 2^32, good for files under 4 GB), `.zip`
 * = the entries' uncompressed sizes from the central directory. Best effort: an unreadable
 * file counts as its size (the import itself reports what is wrong with it).
 */
import { open, stat } from 'node:fs/promises'
import { listZip } from '../data/sources'

export async function estimateCsvBytes(paths: string[]): Promise<number> {
  let total = 0
  for (const p of paths) total += await estimateOne(p)
  return total
}

async function estimateOne(p: string): Promise<number> {
  const lower = p.toLowerCase()
  if (lower.endsWith('.checksum')) return 0
  let size = 0
  try {
    size = (await stat(p)).size
    if (lower.endsWith('.zip')) {
      const entries = await listZip(p)
      return entries.reduce((s, e) => s + e.uncompressedSize, 0)
    }
    if (lower.endsWith('.gz') && size >= 18) {
      const fh = await open(p, 'r')
      try {
        const buf = Buffer.alloc(4)
        await fh.read(buf, 0, 4, size - 4)
        return buf.readUInt32LE(0)
      } finally {
        await fh.close()
      }
    }
  } catch {
    /* the import will say what is wrong */
  }
  return size
}
