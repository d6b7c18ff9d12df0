/** `perpdojo sim`: wired to the headless script runner (electron/host/sim) once it exists. */
export async function runSimCli(_argv: string[]): Promise<number> {
  process.stderr.write('perpdojo sim: the script runner is not wired yet\n')
  return 2
}
