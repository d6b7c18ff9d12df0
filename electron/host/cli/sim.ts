/** `perpdojo sim`: the headless script runner (electron/host/sim) with the app's folders. */
import { bundledResourcesDir, defaultDataDir } from '../paths'
import { runSim } from '../sim'

export async function runSimCli(argv: string[]): Promise<number> {
  return runSim(argv, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    userDir: defaultDataDir(),
    resourcesDir: bundledResourcesDir(__dirname),
  })
}
