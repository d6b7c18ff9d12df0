import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_WINDOW_STATE,
  loadWindowState,
  saveWindowState,
} from '../../electron/main/window-state'

describe('window state', () => {
  it('remembers size, position and maximised state', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ws-'))
    saveWindowState(dir, { x: 10, y: 20, width: 1500, height: 950, maximized: true })
    expect(loadWindowState(dir)).toEqual({
      x: 10,
      y: 20,
      width: 1500,
      height: 950,
      maximized: true,
    })
  })

  it('falls back to defaults on a missing, malformed or absurd file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ws-'))
    expect(loadWindowState(dir)).toEqual(DEFAULT_WINDOW_STATE)
    writeFileSync(path.join(dir, 'window-state.json'), '{"width": 1')
    expect(loadWindowState(dir)).toEqual(DEFAULT_WINDOW_STATE)
    writeFileSync(
      path.join(dir, 'window-state.json'),
      '{"width": 5, "height": 5, "maximized": false}',
    )
    expect(loadWindowState(dir)).toEqual(DEFAULT_WINDOW_STATE)
  })
})
