/** Times gunzip + parse of one bundled 1-minute CSV (the raw cost the candle cache avoids). */
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'

export async function runFoundationBench(): Promise<string[]> {
  const root = path.resolve(__dirname, '..', '..', 'resources', 'scenarios')
  const dir = readdirSync(root).find((d) => d.startsWith('ftx'))
  if (!dir) return ['no bundled FTX scenario found']
  const file = readdirSync(path.join(root, dir)).find((f) => f.startsWith('btcusdt-1m'))
  if (!file) return ['no BTCUSDT 1m file in the FTX scenario']
  const t0 = performance.now()
  const text = gunzipSync(readFileSync(path.join(root, dir, file))).toString('utf8')
  let rows = 0
  for (const line of text.split('\n')) if (line && !line.startsWith('open_time')) rows++
  const ms = performance.now() - t0
  return [`${file}: ${rows} rows gunzipped and split in ${ms.toFixed(1)} ms`]
}
