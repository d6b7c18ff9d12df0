/** Tiny pure digest for determinism checks: FNV-1a (32-bit, two lanes) over canonical JSON. */

/** JSON with object keys sorted, so equal values always give equal text. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return '[' + v.map(canonicalJson).join(',') + ']'
  if (v !== null && typeof v === 'object') {
    const rec = v as Record<string, unknown>
    const keys = Object.keys(rec)
      .filter((k) => rec[k] !== undefined)
      .sort()
    return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson(rec[k])).join(',') + '}'
  }
  return JSON.stringify(v) ?? 'null'
}

/** 64-bit FNV-1a style digest (two independent 32-bit lanes) as 16 hex digits. */
export function fnv1a64(text: string): string {
  let h1 = 0x811c9dc5
  let h2 = 0xcbf29ce4
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0
    h2 = Math.imul(h2 ^ c ^ (i & 0xff), 0x01000193) >>> 0
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0')
}
