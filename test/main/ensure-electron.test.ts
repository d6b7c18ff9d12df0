/**
 * Issue 11 item 13: `npm start` without a network on the first run. The one-time Electron
 * download fails inside @electron/get with a raw stack trace; the wrapper prints one
 * paragraph (what, how big, once, ELECTRON_MIRROR / proxy, `npm run web`) and exits 1.
 */
import { describe, expect, it } from 'vitest'
// @ts-expect-error -- a plain .mjs script without types
import { ensureElectron } from '../../scripts/ensure-electron.mjs'

const offline = `node:internal/deps/undici/undici:13502
      Error.captureStackTrace(err);
            ^
TypeError: fetch failed
    at node:internal/deps/undici/undici:13502:13
    at async getResponse (/x/node_modules/@electron/get/dist/cjs/GotDownloader.js:10:5) {
  [cause]: Error: getaddrinfo ENOTFOUND github.com
}`

type Ensure = (o: {
  command: string
  args: string[]
  version: string
  print: (t: string) => void
}) => Promise<number>

async function run(script: string) {
  const printed: string[] = []
  const code = await (ensureElectron as Ensure)({
    command: process.execPath,
    args: ['-e', script],
    version: '45.4.1',
    print: (t) => printed.push(t),
  })
  return { code, text: printed.join('\n') }
}

describe('npm start: the one-time Electron download', () => {
  it('offline: one paragraph, exit 1, no stack trace', async () => {
    const { code, text } = await run(
      `process.stderr.write(${JSON.stringify(offline)}); process.exit(1)`,
    )
    expect(code).toBe(1)
    expect(text).toContain('Electron 45.4.1')
    expect(text).toContain('about 100 MB')
    expect(text).toContain('once')
    expect(text).toContain('ELECTRON_MIRROR')
    expect(text).toContain('HTTPS_PROXY')
    expect(text).toContain('npm run web')
    expect(text).toContain('(TypeError: fetch failed)')
    expect(text).not.toMatch(/^\s+at /m)
    expect(text).not.toContain('undici')
  })

  it('installed (or downloaded): exit 0 and nothing printed', async () => {
    expect(await run('process.exit(0)')).toEqual({ code: 0, text: '' })
  })
})
