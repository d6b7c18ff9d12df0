/** `perpdojo import`: wired to the data importer (electron/host/cli/import.ts) once it exists. */
export async function runImportCliMain(_argv: string[]): Promise<number> {
  process.stderr.write('perpdojo import: the importer is not wired yet\n')
  return 2
}
