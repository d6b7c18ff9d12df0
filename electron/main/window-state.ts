/**
 * Remembers the main window's size, position and maximised state between launches, in
 * `<dataDir>/window-state.json`. A missing or malformed file falls back to defaults.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import * as v from 'valibot'

const schema = v.object({
  x: v.optional(v.number()),
  y: v.optional(v.number()),
  width: v.pipe(v.number(), v.minValue(800), v.maxValue(10_000)),
  height: v.pipe(v.number(), v.minValue(600), v.maxValue(10_000)),
  maximized: v.boolean(),
})
export type WindowState = v.InferOutput<typeof schema>

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1440, height: 900, maximized: false }

export function loadWindowState(dataDir: string): WindowState {
  try {
    const raw: unknown = JSON.parse(readFileSync(path.join(dataDir, 'window-state.json'), 'utf8'))
    const parsed = v.safeParse(schema, raw)
    return parsed.success ? parsed.output : DEFAULT_WINDOW_STATE
  } catch {
    return DEFAULT_WINDOW_STATE
  }
}

export function saveWindowState(dataDir: string, state: WindowState) {
  writeFileSync(path.join(dataDir, 'window-state.json'), JSON.stringify(state))
}
