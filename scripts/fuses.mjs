// Electron fuses for PerpDojo builds (issue 11 item 11; Electron security checklist
// "Use Electron fuses"). Fuses are flipped in the Electron binary itself, so they belong to
// packaging: `npm run fuses -- <path to the app's electron binary> [--packaged]`.
// --packaged (an app loading from app.asar) also turns on OnlyLoadAppFromAsar and ASAR
// integrity; without it the binary still runs the unpacked app (`npm start`).
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses'
import { pathToFileURL } from 'node:url'

/** The fuse wiring: no Node mode, no NODE_OPTIONS / --inspect, cookies encrypted. */
export function perpdojoFuses({ packaged }) {
  return {
    version: FuseVersion.V1,
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    // The renderer loads from app:// (electron/main/app-protocol.ts), never file://.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    [FuseV1Options.OnlyLoadAppFromAsar]: packaged,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: packaged,
  }
}

export async function applyFuses(binary, { packaged }, flip = flipFuses) {
  if (!binary) throw new Error('usage: npm run fuses -- <electron binary> [--packaged]')
  await flip(binary, perpdojoFuses({ packaged }))
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2)
  await applyFuses(
    args.find((a) => !a.startsWith('--')),
    { packaged: args.includes('--packaged') },
  )
  console.log('fuses set')
}
