/**
 * Snapshot prefixes on disk must keep matching across versions: a snapshot is used only when
 * its stored prefix equals the chain digest of the session's first commands, so a changed
 * digest would silently send every resume back to a fold from the start. The values below
 * were produced by the chained-update code (sha1 of prev | cursor | command JSON) that the
 * one-shot hash replaced.
 */
import { describe, expect, it } from 'vitest'
import { chainDigest, prefixChain } from '../../../electron/host/session/snapshots'
import type { CommandEntry } from '../../../electron/host/session/session-log'
import { traderCommand } from '../../support/trading-fixtures'

// a BTC limit buy of 0.010 at 20000.5 (traderCommand's first kind)
const entry: CommandEntry = {
  cursor: 1441,
  t: 0,
  branch: 0,
  command: traderCommand(0, 25000.625, 1, undefined),
}

describe('snapshot prefix chain', () => {
  it('digests as snapshots written by earlier versions do', () => {
    expect(chainDigest('start', entry)).toBe('7797bcf175915adc1a598aac1d5b05f6a1d29488')
    expect(prefixChain([entry, entry])).toEqual([
      'start',
      '7797bcf175915adc1a598aac1d5b05f6a1d29488',
      '6730314c4b5fe24b338dc3516689c52055dc0061',
    ])
  })
})
