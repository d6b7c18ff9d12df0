/** Thrown only when an engine invariant is broken (a bug), never for a business rejection. */
export class EngineInvariantError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'EngineInvariantError'
  }
}

export function invariant(cond: unknown, message: string): asserts cond {
  if (!cond) throw new EngineInvariantError(message)
}
