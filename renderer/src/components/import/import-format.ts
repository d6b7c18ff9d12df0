/** Small formatters for the import dialog. */
export function bytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(2)} GB`
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${n} B`
}

export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US')
}

/** `file:line:column`, whatever of it is known. */
export function where(i: { file: string; line?: number; column?: string }): string {
  return [i.file, i.line, i.column].filter((x) => x !== undefined && x !== '').join(':')
}

const KIND_LABEL: Record<string, string> = {
  last: 'klines',
  mark: 'mark price',
  index: 'index price',
  funding: 'funding',
  premiumIndex: 'premium index',
}
export const kindLabel = (k: string | null | undefined): string => (k ? (KIND_LABEL[k] ?? k) : '')
