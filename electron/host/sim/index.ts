/** Headless simulation: script format + runner (see docs/cli.md). */
export { parseSimScript, SimScriptError, type SimScript } from './script'
export { runScript, runScriptLines, type SimLine, type SimSummary } from './run-script'
export { runSim, type SimCliIo } from './sim-cli'
