/**
 * One check for every typed field of the desk (issue 13.6): what is wrong with the text, said
 * next to the field while typing, '' when nothing. Nothing is clamped or dropped silently: the
 * button that would send it stays disabled with this reason. The grammar of a number is the
 * contract's own `decimalString` (what the host accepts: at most 20 integer digits and 18
 * decimals, no exponent), so the renderer and the host agree; ranges come from the contract or
 * the engine's published limits the caller names (leverage brackets, callback 0.1–10 %).
 */
import * as v from 'valibot'
import { GUARDRAIL_LIMITS } from '../../../shared/contract/coach'
import { SETTINGS_LIMITS, settingsSchema } from '../../../shared/contract/session'
import { decimalString } from '../../../shared/trading/schemas'
import { decimalsOf } from './decimal-format'

export interface FieldRule {
  /** How the field is named in the message: "Price", "Leverage". */
  label: string
  /** Empty is an error (else empty means "not given", which is fine). */
  required?: boolean
  /** Whole numbers only (leverage). */
  integer?: boolean
  /** Lowest accepted value; above it strictly when `minExclusive` (prices, sizes: above 0). */
  min?: number
  minExclusive?: boolean
  max?: number
  /** Tick or lot step: no more decimals than it has (the engine refuses off-grid values). */
  step?: string
  /** Unit after a number in the message: " USDT", "x", " %". */
  unit?: string
  /** A contract schema the value must also pass; its message is shown as is. */
  schema?: v.GenericSchema<string, unknown>
}

const SIGNED = /^\s*[-+]?\d*\.?\d+\s*$/

export function checkField(text: string, rule: FieldRule): string {
  const s = text.trim()
  const { label, unit = '' } = rule
  if (s === '') return rule.required ? `Enter ${label.toLowerCase()}` : ''
  if (!SIGNED.test(s)) return `${label} must be a number, e.g. ${rule.integer ? '10' : '12.5'}`
  if (s.startsWith('-') && (rule.min ?? 0) >= 0 && rule.max === undefined)
    return `${label} cannot be negative`
  if (!v.is(decimalString, s.replace(/^\+/, '').replace(/^(-?)\./, '$10.')))
    return `${label} has too many digits (at most 20 before the point and 18 after)`
  const x = Number(s)
  if (rule.integer && !Number.isInteger(x)) return `${label} must be a whole number`
  if (rule.step) {
    const dp = decimalsOf(rule.step)
    const frac = /\.(\d*?)0*$/.exec(s)?.[1] ?? ''
    if (frac.length > dp) return `${label} goes in steps of ${rule.step}`
  }
  const below = rule.min !== undefined && (rule.minExclusive ? !(x > rule.min) : !(x >= rule.min))
  const above = rule.max !== undefined && x > rule.max
  if (below || above) {
    const n = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 8 })
    const lo = `${n(rule.min ?? 0)}${unit}`
    if (rule.max === undefined)
      return `${label} must be ${rule.minExclusive ? 'above' : 'at least'} ${lo}`
    const hi = `${n(rule.max)}${unit}`
    return rule.minExclusive
      ? `${label} must be above ${lo} and at most ${hi}`
      : `${label} must be from ${lo} to ${hi}`
  }
  if (rule.schema) {
    const r = v.safeParse(rule.schema, s)
    if (!r.success) return r.issues[0].message
  }
  return ''
}

/** The first problem among several fields ('' when all are fine): the reason a button is off. */
export function firstProblem(problems: Record<string, string>): string {
  return Object.values(problems).find((p) => p !== '') ?? ''
}

/** A new session's starting balance: the contract's own range and schema (1 – 100,000,000 USDT). */
export const STARTING_BALANCE: FieldRule = {
  label: 'Starting balance',
  required: true,
  min: SETTINGS_LIMITS.startingBalance.min,
  max: SETTINGS_LIMITS.startingBalance.max,
  unit: ' USDT',
  schema: settingsSchema.entries.startingBalance.wrapped,
}

/** A price on a symbol's tick: required, above 0, no more decimals than the tick has. */
export function priceRule(label: string, tickSize: string): FieldRule {
  return { label, required: true, min: 0, minExclusive: true, step: tickSize }
}

/** A quantity on a symbol's lot step: required, above 0, no more decimals than the step has. */
export function quantityRule(label: string, stepSize: string, base: string): FieldRule {
  return { label, required: true, min: 0, minExclusive: true, step: stepSize, unit: ` ${base}` }
}

/** A guardrail figure: the contract's own range and step (GUARDRAIL_LIMITS), required. */
export function guardrailRule(
  label: string,
  limit: keyof typeof GUARDRAIL_LIMITS,
  unit: string,
): FieldRule {
  const l = GUARDRAIL_LIMITS[limit]
  return {
    label,
    required: true,
    min: l.min,
    max: l.max,
    step: l.step,
    integer: l.step === '1',
    unit,
  }
}
