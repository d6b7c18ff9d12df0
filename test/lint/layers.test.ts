/**
 * The layer boundaries are enforced by ESLint, not by review: these cases lint real code
 * snippets as if they lived at the given paths, with the project's own config.
 */
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result!.messages.map((m) => m.ruleId ?? m.message)
}

describe('layer boundaries (lint)', () => {
  it.each([
    [
      'renderer/src/components/Bad.ts',
      "import { ipcRenderer } from 'electron'\nexport const x = ipcRenderer",
    ],
    ['renderer/src/stores/bad.ts', "import fs from 'node:fs'\nexport const x = fs"],
    ['renderer/src/stores/bad2.ts', 'export const x = window.perpdojo'],
    [
      'electron/engine/bad.ts',
      "import { createHost } from '../host/host'\nexport const x = createHost",
    ],
    ['electron/engine/bad2.ts', 'export const now = () => Date.now()'],
    ['electron/engine/bad3.ts', 'export const r = () => Math.random()'],
    ['electron/engine/bad4.ts', 'export const t = () => setTimeout(() => {}, 1)'],
    ['electron/engine/bad5.ts', "import { readFileSync } from 'fs'\nexport const x = readFileSync"],
    ['electron/host/bad.ts', "import { app } from 'electron'\nexport const x = app"],
    [
      'electron/host/handlers/bad.ts',
      "import { previewSizedOrder } from '../../engine/order-sizing'\nexport const x = previewSizedOrder",
    ],
    [
      'electron/host/coach/bad.ts',
      "import { resolveSpec } from '../../engine/instruments'\nexport const x = resolveSpec",
    ],
    ['shared/bad.ts', "import path from 'node:path'\nexport const x = path"],
  ])('%s is rejected', async (filePath, code) => {
    const ids = await ruleIds(code, filePath)
    expect(ids.some((id) => id === 'no-restricted-imports' || id === 'no-restricted-syntax')).toBe(
      true,
    )
  })

  it('accepts clean engine code that imports the shared contract', async () => {
    const code =
      "import type { Bar } from '../../shared/market'\nexport const close = (b: Bar) => b.c\n"
    expect(await ruleIds(code, 'electron/engine/ok.ts')).toEqual([])
  })

  it('accepts host code that goes through the engine index', async () => {
    const code = "import { createEngine } from '../../engine'\nexport const x = createEngine\n"
    expect(await ruleIds(code, 'electron/host/session/ok.ts')).toEqual([])
  })

  it('accepts a store that goes through the client service', async () => {
    const code =
      "import { hostClient } from '../services/client'\nexport const ping = () => hostClient.call('app:ping', { echo: 'x' })\n"
    expect(await ruleIds(code, 'renderer/src/stores/ok.ts')).toEqual([])
  })
})
