/** `perpdojo import`: the data importer with the app's data folder as its home. */
import { defaultDataDir } from '../paths'
import { EXIT_CANCELLED, runImportCli } from './import'

export async function runImportCliMain(argv: string[]): Promise<number> {
  // Ctrl-C: stop the import and let it remove its temp folder; a second Ctrl-C quits at once
  // (the next import sweeps an interrupted temp folder).
  const abort = new AbortController()
  const onSigint = () => {
    if (abort.signal.aborted) process.exit(EXIT_CANCELLED)
    process.stderr.write('cancelling… (Ctrl-C again to quit at once)\n')
    abort.abort()
  }
  process.on('SIGINT', onSigint)
  try {
    return await runImportCli(argv, {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
      userDir: defaultDataDir(),
      signal: abort.signal,
    })
  } finally {
    process.off('SIGINT', onSigint)
  }
}
