/**
 * Guardrail profiles. "Coach" is on by default for every new session; "Off" keeps the
 * settings but switches every rule off. Percentages are plain numbers (settings, not money).
 */
import type { GuardrailProfile } from '../../../shared/contract/coach'

export const COACH_PROFILE: GuardrailProfile = {
  name: 'Coach',
  enabled: true,
  stopRequired: { on: true, aboveLeverage: 5 },
  maxLeverage: { on: true, cap: 20 },
  bottomLine: { on: true, percent: 25, reference: 'start' },
  dailyLoss: { on: true, percent: 10, pause: true },
  coolDown: { on: true, hours: 4 },
  averagingDown: { on: true, block: false },
}

export function offProfile(base: GuardrailProfile = COACH_PROFILE): GuardrailProfile {
  return { ...structuredClone(base), name: 'Off', enabled: false }
}

/** A profile with every missing or malformed field taken from COACH_PROFILE (stored files may be old). */
export function normalizeProfile(
  p: Partial<GuardrailProfile> | null | undefined,
): GuardrailProfile {
  const d = structuredClone(COACH_PROFILE)
  if (!p) return d
  return {
    name: typeof p.name === 'string' && p.name ? p.name : d.name,
    enabled: typeof p.enabled === 'boolean' ? p.enabled : d.enabled,
    stopRequired: { ...d.stopRequired, ...p.stopRequired },
    maxLeverage: { ...d.maxLeverage, ...p.maxLeverage },
    bottomLine: { ...d.bottomLine, ...p.bottomLine },
    dailyLoss: { ...d.dailyLoss, ...p.dailyLoss },
    coolDown: { ...d.coolDown, ...p.coolDown },
    averagingDown: { ...d.averagingDown, ...p.averagingDown },
  }
}
