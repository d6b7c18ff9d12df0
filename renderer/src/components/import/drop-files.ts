/**
 * Files from a drop or a picker, with the folder they sit in (so a dropped Binance download
 * tree keeps `markPriceKlines/…`, which names the series). Folders dropped in Chromium are
 * walked through `webkitGetAsEntry`; the folder picker gives `webkitRelativePath`.
 */
export interface DroppedFile {
  file: File
  folder: string
}

const MAX_FILES = 2000

function folderOf(fullPath: string): string {
  const p = fullPath.replace(/^\/+/, '')
  const k = p.lastIndexOf('/')
  return k < 0 ? '' : p.slice(0, k)
}

/** From an `<input type=file>` (multiple, or webkitdirectory). */
export function filesFromInput(list: FileList | null): DroppedFile[] {
  return [...(list ?? [])].map((file) => ({
    file,
    folder: folderOf(file.webkitRelativePath ?? ''),
  }))
}

function entryFile(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject))
}

async function readAll(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader()
  const out: FileSystemEntry[] = []
  // readEntries returns batches (100 in Chromium) until an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    )
    if (batch.length === 0) return out
    out.push(...batch)
  }
}

/** From a drop: loose files and whole folders (walked, hidden entries skipped). */
export async function filesFromDrop(dt: DataTransfer | null): Promise<DroppedFile[]> {
  if (!dt) return []
  const entries = [...(dt.items ?? [])]
    .filter((i) => i.kind === 'file')
    .map((i) => (typeof i.webkitGetAsEntry === 'function' ? i.webkitGetAsEntry() : null))
  if (entries.length === 0 || entries.some((e) => !e))
    return [...dt.files].map((file) => ({ file, folder: '' }))
  const out: DroppedFile[] = []
  const visit = async (entry: FileSystemEntry): Promise<void> => {
    if (out.length >= MAX_FILES || entry.name.startsWith('.')) return
    if (entry.isFile) {
      out.push({
        file: await entryFile(entry as FileSystemFileEntry),
        folder: folderOf(entry.fullPath),
      })
    } else if (entry.isDirectory) {
      const children = await readAll(entry as FileSystemDirectoryEntry)
      children.sort((a, b) => a.name.localeCompare(b.name))
      for (const c of children) await visit(c)
    }
  }
  for (const e of entries) await visit(e!)
  return out
}

/** Does this drag carry files (not text or a link)? */
export function dragHasFiles(ev: DragEvent): boolean {
  return [...(ev.dataTransfer?.types ?? [])].includes('Files')
}
