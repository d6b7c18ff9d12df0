/**
 * Rule 5 of issue 12 at the window's edge: a recorded settlement at the close of the last bar
 * is settled like every other one at a bar's close (bars, then funding: docs/sessions.md
 * "Input order"). The timeline used to keep only funding strictly before the window's end, so a
 * hand-made folder of 01:00–01:10 bars with funding at 01:05 and 01:10 settled only the first,
 * and FTX's 11 Nov 00:00 SOL settlement was never paid.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { at, removeFolder, sim, writeFolder, type Row } from './csv-folder'

const folders: string[] = []
afterAll(() => folders.forEach(removeFolder))
const flat = (p: number): Row => [p, p, p, p]

describe('funding at the window’s last close', () => {
  it('is settled after the last bar, in the CLI as at every other close', async () => {
    const dir = writeFolder({
      BTCUSDT: {
        last: Array.from({ length: 10 }, () => flat(40000)),
        funding: [
          [5, '0.001'],
          [10, '0.002'], // 01:10, the close of the last bar (01:09–01:10)
        ],
      },
    })
    folders.push(dir)
    const buy = { kind: 'placeOrder', symbol: 'BTCUSDT', side: 'BUY', positionSide: 'BOTH' }
    const r = await sim(dir, {
      settings: { slippage: false },
      commands: [{ t: at(1), command: { ...buy, type: 'MARKET', quantity: '0.01' } }],
    })
    expect(r.err).toEqual([])
    const funding = r.lines.filter((l) => l.type === 'fundingSettled')
    expect(funding.map((f) => [f.t, f.amount])).toEqual([
      [Date.parse(at(5)), '-0.4'],
      [Date.parse(at(10)), '-0.8'],
    ])
    // a command after the last bar acts after that settlement
    const late = await sim(dir, {
      settings: { slippage: false },
      commands: [
        { t: at(1), command: { ...buy, type: 'MARKET', quantity: '0.01' } },
        {
          t: at(30),
          command: {
            kind: 'closePosition',
            symbol: 'BTCUSDT',
            positionSide: 'BOTH',
            fraction: '1',
          },
        },
      ],
    })
    const types = late.lines.map((l) => l.type ?? l.kind)
    expect(types.lastIndexOf('fundingSettled')).toBeLessThan(types.lastIndexOf('orderFilled'))
  }, 60_000)
})
