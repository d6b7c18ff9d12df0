/**
 * Bundles a worker-thread entry of the host (an import or work thread) into one ESM file, as
 * electron-vite does for the app, so tests run the real worker on sources without a build.
 */
import path from 'node:path'
import { build } from 'rolldown'
import type { LoadOptions } from '../../electron/host/data/load'
import { workerRunner, type WorkRunner } from '../../electron/host/work/runner'

export async function bundleWorker(entry: string, outFile: string): Promise<string> {
  await build({
    input: path.resolve(__dirname, '../..', entry),
    platform: 'node',
    logLevel: 'silent',
    output: { file: outFile, format: 'esm' },
  })
  return outFile
}

/**
 * The real work thread for a test: bundled into `dir`, loading scenarios with `dir/data` as
 * the user and cache folders. The caller closes the runner.
 */
export async function testWorkThread(dir: string): Promise<{
  script: string
  loadOpts: LoadOptions
  runner: WorkRunner
}> {
  const script = await bundleWorker('electron/host/work/work-worker.ts', path.join(dir, 'work.mjs'))
  const loadOpts: LoadOptions = {
    resourcesDir: path.resolve('resources'),
    userDir: path.join(dir, 'data'),
    cacheDir: path.join(dir, 'data', 'cache'),
  }
  return { script, loadOpts, runner: workerRunner(script, loadOpts) }
}
