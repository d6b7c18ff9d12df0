/**
 * `npm run web`: the browser mode. Runs the same host as the Electron app in plain Node,
 * serves the built renderer and the contract over a loopback WebSocket, and prints the
 * URL (with its one-time token) to open in a browser.
 */
import path from 'node:path'
import pkg from '../../package.json'
import { acquireDataLock, DataFolderLocked } from './data-lock'
import { createHost } from './host'
import { bundledResourcesDir, defaultDataDir } from './paths'
import { startWebServer } from './server/ws-server'

async function main() {
  const portArg = process.argv.find((a) => a.startsWith('--port='))
  const port = portArg
    ? Number(portArg.slice('--port='.length))
    : Number(process.env.PERPDOJO_PORT ?? 0)
  const dataDir = defaultDataDir()
  let lock
  try {
    lock = acquireDataLock(dataDir, 'browser mode')
  } catch (err) {
    if (!(err instanceof DataFolderLocked)) throw err
    console.error(err.message)
    process.exit(1)
  }
  const host = createHost({
    dataDir,
    resourcesDir: bundledResourcesDir(__dirname),
    transport: 'websocket',
    version: pkg.version,
    importWorker: path.join(__dirname, 'import-worker.js'),
    workWorker: path.join(__dirname, 'work-worker.js'),
  })
  const server = await startWebServer({
    host,
    rendererDir: path.resolve(__dirname, '..', 'renderer'),
    port,
    token: process.env.PERPDOJO_TOKEN,
  })
  console.log(`PerpDojo (browser mode) is running. Open:\n  ${server.url}`)
  const stop = async () => {
    await server.close()
    await host.close()
    lock.release()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

void main()
