/**
 * Bundles a worker-thread entry of the host (an import or work thread) into one ESM file, as
 * electron-vite does for the app, so tests run the real worker on sources without a build.
 */
import path from 'node:path'
import { build } from 'rolldown'

export async function bundleWorker(entry: string, outFile: string): Promise<string> {
  await build({
    input: path.resolve(__dirname, '../..', entry),
    platform: 'node',
    logLevel: 'silent',
    output: { file: outFile, format: 'esm' },
  })
  return outFile
}
