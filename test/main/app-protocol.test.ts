/**
 * Issue 11 item 11: the renderer is served from a privileged app:// scheme confined to the
 * built renderer folder (electron mocked: the handler itself runs for real).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { makeElectronMock } from './electron-mock'
import { tempDir } from '../host/session/support'

const electron = makeElectronMock()
vi.mock('electron', () => electron.module)
const { appResponse, registerAppScheme, serveRenderer, APP_RENDERER_URL } =
  await import('../../electron/main/app-protocol')

const dir = tempDir('pd-app-protocol-')
const renderer = path.join(dir, 'renderer')
mkdirSync(path.join(renderer, 'assets'), { recursive: true })
writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>PerpDojo</title>')
writeFileSync(path.join(renderer, 'assets', 'index.js'), 'console.log(1)')
writeFileSync(path.join(dir, 'secret.txt'), 'not for the renderer')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('app:// renderer protocol', () => {
  it('registers app as a standard, secure scheme and handles it', async () => {
    registerAppScheme()
    expect(electron.module.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ])
    serveRenderer(renderer)
    const handler = electron.protocolHandlers.get('app')!
    const res = (await handler({ url: APP_RENDERER_URL })) as Response
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('PerpDojo')
  })

  it('serves the built files with their type and the strict CSP', async () => {
    const js = await appResponse(renderer, 'app://perpdojo/assets/index.js')
    expect(js.status).toBe(200)
    expect(js.headers.get('content-type')).toContain('text/javascript')
    expect(js.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect((await appResponse(renderer, 'app://perpdojo/')).status).toBe(200)
  })

  it('never serves anything outside the renderer folder', async () => {
    for (const url of [
      'app://perpdojo/%2e%2e/secret.txt',
      'app://perpdojo/..%2fsecret.txt',
      'app://perpdojo/../secret.txt',
    ]) {
      const res = await appResponse(renderer, url)
      expect([403, 404]).toContain(res.status)
      expect(await res.text()).not.toContain('not for the renderer')
    }
    expect((await appResponse(renderer, 'app://other/index.html')).status).toBe(404)
    expect((await appResponse(renderer, 'app://perpdojo/%zz')).status).toBe(400)
    expect((await appResponse(renderer, 'app://perpdojo/assets')).status).toBe(404)
    expect((await appResponse(renderer, 'file:///etc/passwd')).status).toBe(404)
  })
})
