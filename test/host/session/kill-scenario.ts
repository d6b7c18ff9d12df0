/** The synthetic scenario the kill test's child and parent both build (same seed, same bars). */
import type { SynthOptions } from './support'

export const KILL_SCENARIO: SynthOptions = { bars: 2000, seed: 11 }
