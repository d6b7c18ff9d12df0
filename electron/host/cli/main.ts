export {}

/**
 * `perpdojo <command>`: the headless entry (npm run sim / npm run import). Plain Node,
 * no Electron: it drives the same engine and data code as the app.
 */
const USAGE = `usage:
  perpdojo sim --scenario <bundled id | folder of Binance CSVs> --script <file.json>
  perpdojo import <files or folders...>
  perpdojo fetch-data <SYMBOL[,SYMBOL…]> <first day> <last day>   (uses the network)
  perpdojo <command> --help   (docs/cli.md has the script format and examples)`

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  switch (command) {
    case 'sim': {
      const { runSimCli } = await import('./sim')
      return runSimCli(rest)
    }
    case 'import': {
      const { runImportCliMain } = await import('./import-main')
      return runImportCliMain(rest)
    }
    case 'fetch-data': {
      const { runFetchCli } = await import('./fetch-data')
      const { defaultDataDir } = await import('../paths')
      const abort = new AbortController()
      process.once('SIGINT', () => abort.abort())
      return runFetchCli(rest, {
        out: (line) => process.stdout.write(`${line}\n`),
        err: (line) => process.stderr.write(`${line}\n`),
        userDir: defaultDataDir(),
        today: new Date().toISOString().slice(0, 10),
        signal: abort.signal,
      })
    }
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(`${USAGE}\n`)
      return 0
    default:
      process.stderr.write(`${USAGE}\n`)
      return command ? 2 : 0
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
