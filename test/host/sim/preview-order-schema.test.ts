/**
 * The CLI's `previewOrder` and the desk's `order:preview` validate the same fields the same
 * way (one field set in shared/contract/trading.ts): the CLI used to accept a size fraction
 * above 1 and several sizes at once, which the desk refuses.
 */
import { describe, expect, it } from 'vitest'
import { parseSimScript } from '../../../electron/host/sim'
import { parseRequest } from '../../../shared/contract'

const order = { symbol: 'BTCUSDT', side: 'BUY', positionSide: 'BOTH', type: 'MARKET' }
const cli = (extra: Record<string, unknown>) => () =>
  parseSimScript({ commands: [{ t: 0, command: { kind: 'previewOrder', ...order, ...extra } }] })
const desk = (extra: Record<string, unknown>) =>
  parseRequest('order:preview', { sessionId: 's1', ...order, ...extra }).ok

describe('previewOrder (CLI) = order:preview (desk) on bad values', () => {
  const bad: Record<string, unknown>[] = [
    { sizeFraction: '5' },
    { sizeFraction: '0' },
    { leverage: 151 },
    { leverage: 0 },
    { quantity: '-1' },
    { quantity: 'abc' },
    { quantity: '1', sizeFraction: '0.5' },
  ]
  for (const extra of bad)
    it(`refuses ${JSON.stringify(extra)} on both paths`, () => {
      expect(cli(extra)).toThrow(/invalid sim script/)
      expect(desk(extra)).toBe(false)
    })

  it('accepts the same good request on both paths', () => {
    const good = { quantity: '0.01', leverage: 20 }
    expect(cli(good)).not.toThrow()
    expect(desk(good)).toBe(true)
  })
})
