/** `perpdojo import`: summary, exit codes, generic mapping, JSON report. */
import { existsSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runImportCli } from '../../../electron/host/cli/import'
import { binanceKlines, tempDir, writeFile } from './support/fixtures'

describe('perpdojo import (CLI)', () => {
  const io = (userDir: string) => {
    const out: string[] = []
    const err: string[] = []
    return {
      io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), userDir },
      out,
      err,
    }
  }

  it('imports files and prints a summary', async () => {
    const dir = tempDir('pd-cli-')
    const p = writeFile(dir, 'BTCUSDT-1m-2024-01-01.csv', binanceKlines(30).join('\n') + '\n')
    const { io: cio, out } = io(tempDir('pd-user-'))
    expect(await runImportCli([p, '--title', 'My day'], cio)).toBe(0)
    expect(out[0]).toMatch(/^imported: My day \(id btcusdt-1m-2024-01-01\)/)
    expect(out[1]).toContain('rows read 30')
  })

  it('exits 1 with file:line errors on bad data, 2 on bad usage', async () => {
    const dir = tempDir('pd-cli-')
    const rows = binanceKlines(5)
    rows[2] = rows[2]!.replace(/^(\d+),([^,]+),/, '$1,oops,')
    const p = writeFile(dir, 'BTCUSDT-1m-2024-01-01.csv', rows.join('\n') + '\n')
    const { io: cio, out } = io(tempDir('pd-user-'))
    expect(await runImportCli([p], cio)).toBe(1)
    expect(out.join('\n')).toMatch(/error NOT_A_NUMBER .*BTCUSDT-1m-2024-01-01\.csv:3 \[1\]/)
    const { io: u, err } = io(tempDir())
    expect(await runImportCli(['--kind', 'weird', p], u)).toBe(2)
    expect(err[0]).toContain('--kind')
    expect(await runImportCli(['--map', 'time=0,open=1', '--symbol', 'X1', p], u)).toBe(2)
  })

  it('--map imports a generic CSV, --json prints the report', async () => {
    const dir = tempDir('pd-cli-')
    const p = writeFile(
      dir,
      'x.csv',
      'ts,open,high,low,close\n' +
        binanceKlines(10)
          .map((r) => r.split(',').slice(0, 5).join(','))
          .join('\n') +
        '\n',
    )
    const { io: cio, out } = io(tempDir('pd-user-'))
    expect(
      await runImportCli(
        [p, '--map', 'time=0,open=1,high=2,low=3,close=4', '--symbol', 'xrpusdt', '--json'],
        cio,
      ),
    ).toBe(0)
    const rep = JSON.parse(out.join('\n'))
    expect(rep).toMatchObject({ ok: true, rowsRead: 10 })
  })
})

describe('perpdojo import: Ctrl-C (issue 11 item 7)', () => {
  it('stops mid-read, exits 130 and leaves nothing in the data folder', async () => {
    const dir = tempDir('pd-cli-')
    const p = writeFile(dir, 'BTCUSDT-1m-2024-01-01.csv', binanceKlines(20_000).join('\n') + '\n')
    const userDir = tempDir('pd-user-')
    const abort = new AbortController()
    const err: string[] = []
    const code = await runImportCli([p], {
      out: () => {},
      err: (l) => {
        err.push(l)
        if (l.startsWith('…')) abort.abort() // Ctrl-C at the first progress line
      },
      userDir,
      signal: abort.signal,
    })
    expect(code).toBe(130)
    expect(err.at(-1)).toBe('import cancelled; nothing was created')
    const left = existsSync(path.join(userDir, 'scenarios'))
      ? readdirSync(path.join(userDir, 'scenarios'))
      : []
    expect(left).toEqual([])
    rmSync(dir, { recursive: true, force: true })
    rmSync(userDir, { recursive: true, force: true })
  })
})
