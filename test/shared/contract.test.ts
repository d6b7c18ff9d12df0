import { describe, expect, expectTypeOf, it } from 'vitest'
import { METHOD_NAMES, parseRequest, type Request, type Response } from '../../shared/contract'
import type { AppInfo } from '../../shared/contract'

describe('shared contract', () => {
  it('declares a request schema for every method', () => {
    expect(METHOD_NAMES.length).toBeGreaterThan(10)
    for (const name of METHOD_NAMES) expect(parseRequest(name, Symbol('x') as never).ok).toBe(false)
  })

  it('rejects extra keys, wrong types and oversized strings with readable issues', () => {
    const extra = parseRequest('app:ping', { echo: 'a', admin: true })
    expect(extra.ok).toBe(false)
    const wrong = parseRequest('session:command', {
      sessionId: 's1',
      command: {
        kind: 'placeOrder',
        symbol: 'BTCUSDT',
        side: 'BUY',
        positionSide: 'BOTH',
        type: 'MARKET',
        quantity: 1,
      },
    })
    expect(wrong.ok).toBe(false)
    if (!wrong.ok) expect(wrong.error.details?.join(' ')).toMatch(/quantity/)
    expect(parseRequest('app:ping', { echo: 'x'.repeat(10_000) }).ok).toBe(false)
  })

  it('accepts a well-formed trade command with money as strings', () => {
    const ok = parseRequest('session:command', {
      sessionId: 's1',
      command: {
        kind: 'placeOrder',
        symbol: 'BTCUSDT',
        side: 'BUY',
        positionSide: 'BOTH',
        type: 'LIMIT',
        quantity: '0.010',
        price: '20000.5',
        timeInForce: 'GTC',
      },
    })
    expect(ok.ok).toBe(true)
  })

  it('types requests and responses from the one contract', () => {
    expectTypeOf<Response<'app:info'>>().toEqualTypeOf<AppInfo>()
    expectTypeOf<Request<'app:ping'>>().toEqualTypeOf<{
      echo: string
      notify?: boolean | undefined
    }>()
    // @ts-expect-error an unknown method is a compile error
    type _Unknown = Request<'app:nope'>
  })
})
