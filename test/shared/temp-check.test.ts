/** Issue 11 item 12: the end-of-run check fails when a run leaves project temp folders behind. */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const script = path.resolve(__dirname, '../../scripts/temp-check.mjs')

describe('temp-check', () => {
  it('passes for a clean run and fails naming what a run left behind', () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'pd-tempcheck-'))
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'pd-tempcheck-cwd-'))
    mkdirSync(path.join(cwd, 'node_modules', '.cache'), { recursive: true })
    const run = (mode: string) =>
      spawnSync(process.execPath, [script, mode], {
        cwd,
        env: { ...process.env, TMPDIR: tmp },
        encoding: 'utf8',
      })
    mkdirSync(path.join(tmp, 'pd-sess-before')) // there before the run: not counted
    expect(run('snapshot').status).toBe(0)
    mkdirSync(path.join(tmp, 'unrelated-thing')) // not a project prefix
    expect(run('check').status).toBe(0)
    mkdirSync(path.join(tmp, 'pd-sess-leak'))
    mkdirSync(path.join(tmp, 'coach-store-leak'))
    const bad = run('check')
    expect(bad.status).toBe(1)
    expect(bad.stderr).toContain('left 2 entries')
    expect(bad.stderr).toContain('pd-sess-leak')
    expect(bad.stderr).toContain('coach-store-leak')
    expect(bad.stderr).not.toContain('pd-sess-before')
    rmSync(tmp, { recursive: true, force: true })
    rmSync(cwd, { recursive: true, force: true })
  })
})
