/** Headless simulation: script format + runner (see docs/cli.md). */
export { parseSimScript, simScriptSchema, SimScriptError, toMs, type SimScript } from './script'
export {
  runScript,
  runScriptLines,
  scriptTimeline,
  summarize,
  type SimLine,
  type SimSummary,
} from './run-script'
export { parseSimArgs, runSim, SIM_USAGE, type SimCliIo } from './sim-cli'
