/**
 * The fuzzer's target: a browser-mode host in its own process (bundled by the fuzz test with
 * rolldown), so a crash shows as an exit rather than taking the test runner down. Prints one
 * line `READY {"port","origin","token"}` once it listens. argv: dataDir rendererDir
 */
import path from 'node:path'
import { createHost } from '../../../electron/host/host'
import { startWebServer } from '../../../electron/host/server/ws-server'

const [dataDir, rendererDir] = process.argv.slice(2)
const host = createHost({
  dataDir: dataDir!,
  resourcesDir: path.resolve('resources'),
  transport: 'websocket',
  version: 'fuzz',
})
void startWebServer({ host, rendererDir: rendererDir! }).then((s) => {
  process.stdout.write(
    `READY ${JSON.stringify({ port: s.port, origin: s.origin, token: s.token })}\n`,
  )
})
