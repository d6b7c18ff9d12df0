/** Thrown only when an engine invariant is broken (a bug), never for a business rejection. */
export class EngineInvariantError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'EngineInvariantError'
  }
}
