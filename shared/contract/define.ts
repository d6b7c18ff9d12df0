/**
 * How a contract method is declared: a valibot schema for the request (checked at
 * runtime in the host, whatever transport delivered it) and a phantom type for the
 * response. Pushed events are phantom-typed only: the host produces them.
 */
import type * as v from 'valibot'

export interface MethodSpec<S extends v.GenericSchema, R> {
  readonly req: S
  /** Phantom: never read at runtime. */
  readonly res?: R
}

/** `method<Response>()(requestSchema)` — curried so the response type can be named alone. */
export function method<R>() {
  return <S extends v.GenericSchema>(req: S): MethodSpec<S, R> => ({ req })
}

/** Phantom marker for a pushed event's payload type. */
export function pushed<P>(): P | undefined {
  return undefined
}
