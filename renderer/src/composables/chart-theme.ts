/** Chart colours per theme (the exchange palette: green up, red down, amber for liquidation/funding). */
import type { Theme } from '../stores/ui'

export interface ChartPalette {
  bg: string
  text: string
  grid: string
  border: string
  up: string
  down: string
  upVol: string
  downVol: string
  mark: string
  amber: string
  order: string
  /** Price alert lines. */
  alert: string
  /** The trader's drawings (trend lines, rectangles…). */
  draw: string
  neutral: string
  ma: string
  ema: string
  bb: string
  atr: string
}

export const PALETTES: Record<Theme, ChartPalette> = {
  dark: {
    bg: '#0b0e11',
    text: '#848e9c',
    grid: '#1a1f26',
    border: '#2b3139',
    up: '#0ecb81',
    down: '#f6465d',
    upVol: 'rgba(14,203,129,0.28)',
    downVol: 'rgba(246,70,93,0.28)',
    mark: '#8ab4f8',
    amber: '#f0b90b',
    order: '#b48cf2',
    alert: '#f48fb1',
    draw: '#5b9cf6',
    neutral: '#c7ced9',
    ma: '#e040fb',
    ema: '#26c6da',
    bb: 'rgba(144,164,174,0.9)',
    atr: '#ffb74d',
  },
  light: {
    bg: '#ffffff',
    text: '#4a5261',
    grid: '#eef0f3',
    border: '#d8dce2',
    up: '#0ea371',
    down: '#e0403a',
    upVol: 'rgba(14,163,113,0.3)',
    downVol: 'rgba(224,64,58,0.3)',
    mark: '#1f6feb',
    amber: '#8c6600',
    order: '#7c4ddb',
    alert: '#c2185b',
    draw: '#1e53e5',
    neutral: '#3c4350',
    ma: '#aa00ff',
    ema: '#00838f',
    bb: 'rgba(96,125,139,0.9)',
    atr: '#ef6c00',
  },
}
