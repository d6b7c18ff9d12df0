/** Issue 11 item 11: the fuses PerpDojo flips in its Electron binary (flipFuses mocked). */
import { FuseV1Options } from '@electron/fuses'
import { describe, expect, it, vi } from 'vitest'
// @ts-expect-error -- a plain .mjs script without types
import { applyFuses } from '../../scripts/fuses.mjs'

type Apply = (b: string, o: { packaged: boolean }, flip: unknown) => Promise<void>

describe('Electron fuses', () => {
  it('turns off Node mode, NODE_OPTIONS and --inspect; turns on cookie encryption', async () => {
    const flip = vi.fn(async () => undefined)
    await (applyFuses as Apply)('/app/electron', { packaged: false }, flip)
    expect(flip).toHaveBeenCalledWith(
      '/app/electron',
      expect.objectContaining({
        [FuseV1Options.RunAsNode]: false,
        [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
        [FuseV1Options.EnableNodeCliInspectArguments]: false,
        [FuseV1Options.EnableCookieEncryption]: true,
        [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
        [FuseV1Options.OnlyLoadAppFromAsar]: false,
      }),
    )
  })

  it('a packaged (asar) build also loads only from the asar and checks its integrity', async () => {
    const flip = vi.fn(async () => undefined)
    await (applyFuses as Apply)('/app/electron', { packaged: true }, flip)
    expect(flip).toHaveBeenCalledWith(
      '/app/electron',
      expect.objectContaining({
        [FuseV1Options.OnlyLoadAppFromAsar]: true,
        [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      }),
    )
    await expect((applyFuses as Apply)('', { packaged: true }, flip)).rejects.toThrow(/usage/)
  })
})
