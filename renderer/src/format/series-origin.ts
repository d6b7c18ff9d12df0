import type { SeriesInfo } from '../../../shared/market'

/** Plain words for a timeframe step in the library ('1h' → 'hourly'). */
const STEP_WORDS: Record<string, string> = {
  '1m': 'minute',
  '3m': '3-minute',
  '5m': '5-minute',
  '15m': '15-minute',
  '30m': '30-minute',
  '1h': 'hourly',
  '2h': '2-hour',
  '4h': '4-hour',
  '1d': 'daily',
}
const words = (step: string) => STEP_WORDS[step] ?? step

/**
 * What the mark series of one symbol really is (issue 13.8). Bundled marks are mostly
 * recorded hourly while last prices are 1m/5m/15m: the minute mark between two recorded
 * hours is derived (docs/data.md, mark alignment), so "recorded" alone would overstate it.
 * `exact` is true only when every mark the replay uses was recorded at its own step.
 */
export function markOriginLabel(s: Pick<SeriesInfo, 'mark' | 'markStep' | 'lastStep'>): {
  text: string
  exact: boolean
} {
  if (s.mark !== 'recorded') return { text: 'derived from last (no mark file)', exact: false }
  if (!s.markStep || s.markStep === s.lastStep) return { text: 'recorded', exact: true }
  return {
    text: `${words(s.markStep)} recorded, ${words(s.lastStep)} derived`,
    exact: false,
  }
}
