/** `perpdojo import`: the data importer with the app's data folder as its home. */
import { defaultDataDir } from '../paths'
import { runImportCli } from './import'

export async function runImportCliMain(argv: string[]): Promise<number> {
  return runImportCli(argv, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    userDir: defaultDataDir(),
  })
}
