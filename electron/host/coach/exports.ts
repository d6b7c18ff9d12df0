/**
 * Exports of the session report: trades and journal as CSV (RFC 4180 quoting, formula-safe),
 * the whole report as JSON, and a self-contained printable HTML page (inline SVG charts, no
 * scripts, no external resources) that Electron's printToPDF turns into the PDF.
 */
import {
  GUARDRAIL_RULE_TITLES,
  type BottomLineClose,
  type CoachExport,
  type SessionReport,
} from '../../../shared/contract/coach'
import type { SymbolId } from '../../../shared/market'
import { c, ROUND_HALF_UP } from './dec'

/** Decimals a symbol's prices are shown with (its tick's), from the session's instruments. */
export type PriceDecimals = (symbol: SymbolId) => number

const iso = (t: number | undefined) => (t === undefined ? '' : new Date(t).toISOString())

/** Quote a CSV cell; a leading = + - @ on text is neutralised (spreadsheet formula injection). */
export function csvCell(v: string | number | boolean | undefined): string {
  if (v === undefined) return ''
  let s = String(v)
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function tradesCsv(r: SessionReport): string {
  const head = [
    'trade_id',
    'symbol',
    'direction',
    'opened_at',
    'closed_at',
    'max_quantity',
    'entry_price',
    'exit_price',
    'realized_pnl',
    'fees',
    'funding',
    'covered',
    'net_pnl',
    'stop_at_entry',
    'r_multiple',
    'liquidated',
    'tags',
    'note',
  ]
  const lines = [head.join(',')]
  for (const t of r.trades) {
    lines.push(
      [
        t.id,
        t.symbol,
        t.direction,
        iso(t.openedAt),
        iso(t.closedAt),
        t.maxQuantity,
        t.entryPrice,
        t.exitPrice,
        t.realizedPnl,
        t.fees,
        t.funding,
        t.covered ?? '0',
        t.netPnl,
        t.stopAtEntry,
        t.rMultiple,
        t.liquidated,
        t.journal?.tags.join('; '),
        t.journal?.note,
      ]
        .map(csvCell)
        .join(','),
    )
  }
  return lines.join('\r\n') + '\r\n'
}

export function exportReport(
  r: SessionReport,
  format: 'tradesCsv' | 'json' | 'html',
  priceDp: PriceDecimals,
): CoachExport {
  const base = `perpdojo-${r.sessionId}`
  if (format === 'tradesCsv')
    return { fileName: `${base}-trades.csv`, mime: 'text/csv', content: tradesCsv(r) }
  if (format === 'json')
    return {
      fileName: `${base}-report.json`,
      mime: 'application/json',
      content: JSON.stringify({ format: 'perpdojo-report', version: 1, report: r }, null, 2),
    }
  return { fileName: `${base}-report.html`, mime: 'text/html', content: reportHtml(r, priceDp) }
}

/**
 * A figure of the printed page, rounded half-up on its decimal digits and grouped: money and
 * percents at 2 decimals, prices at the symbol's tick (the CSV and JSON keep exact values).
 */
function num(s: string | undefined, dp = 2, suffix = ''): string {
  if (s === undefined || s.trim() === '') return '—'
  const [int, frac] = c(s).toDecimalPlaces(dp, ROUND_HALF_UP).toFixed(dp).split('.')
  return `${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''}${suffix}`
}

function esc(s: string | number | undefined): string {
  return String(s ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
}

/** A polyline of [t, value] points scaled into a w×h box (display only). */
function svgLine(
  points: [number, string][],
  w: number,
  h: number,
  color: string,
  fill = false,
): string {
  if (points.length === 0)
    return `<svg width="${w}" height="${h}" xmlns="http://www.w3.org/2000/svg"></svg>`
  const xs = points.map((p) => p[0])
  const ys = points.map((p) => Number(p[1]))
  const x0 = Math.min(...xs)
  const x1 = Math.max(...xs)
  let y0 = Math.min(...ys)
  let y1 = Math.max(...ys)
  if (y0 === y1) {
    y0 -= 1
    y1 += 1
  }
  const px = (x: number) => (x1 === x0 ? 0 : ((x - x0) / (x1 - x0)) * w)
  const py = (y: number) => h - ((y - y0) / (y1 - y0)) * h
  const pts = points.map((p, i) => `${px(p[0]).toFixed(1)},${py(ys[i]!).toFixed(1)}`).join(' ')
  const area = fill
    ? `<polygon points="0,${py(Math.max(y0, Math.min(0, y1))).toFixed(1)} ${pts} ${w},${py(Math.max(y0, Math.min(0, y1))).toFixed(1)}" fill="${color}" fill-opacity="0.15" stroke="none"/>`
    : ''
  return `<svg width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" xmlns="http://www.w3.org/2000/svg" role="img">${area}<polyline points="${pts}" fill="none" stroke="${color}" stroke-width="1.5"/></svg>`
}

/** A signed amount for reading: −1,234.50 / +12.00. */
function signed(s: string): string {
  const x = c(s)
  return `${x.isNegative() ? '−' : '+'}${num(x.abs().toFixed())}`
}

/**
 * The bottom line's close-all in words (issue 13.8): the margin balance after it and why it
 * differs from the equity at the line, every figure the report's own.
 */
function closeSentence(x: BottomLineClose, priceDp: PriceDecimals): string {
  const fills = x.fills
    .map(
      (f) =>
        `${f.side === 'SELL' ? 'sold' : 'bought'} ${f.quantity} ${f.symbol} at ${num(f.price, priceDp(f.symbol))}`,
    )
    .join(', ')
  return esc(
    `Margin balance after the close-all: ${num(x.balanceAfter)} USDT (${signed(x.change)} against the equity at the line: slippage −${num(x.slippage)}, fees −${num(x.fees)}, last price vs mark ${signed(x.lastVsMark)}). The line is judged on equity at mark prices; the close ${fills} at the market, off the last price.`,
  )
}

export function reportHtml(r: SessionReport, priceDp: PriceDecimals): string {
  const stat = (k: string, v: string | number) =>
    `<div class="stat"><div class="k">${esc(k)}</div><div class="v">${esc(v)}</div></div>`
  const rows = r.trades
    .map(
      (t) =>
        `<tr><td>${esc(t.symbol)}</td><td>${esc(t.direction)}</td><td>${esc(iso(t.openedAt).slice(0, 16).replace('T', ' '))}</td><td>${esc(t.closedAt ? iso(t.closedAt).slice(0, 16).replace('T', ' ') : 'open')}</td><td class="n">${esc(num(t.entryPrice, priceDp(t.symbol)))}</td><td class="n">${esc(num(t.exitPrice, priceDp(t.symbol)))}</td><td class="n ${Number(t.netPnl) < 0 ? 'dn' : 'up'}">${esc(num(t.netPnl))}${t.covered ? `<div class="k">fund covered +${esc(num(t.covered))}</div>` : ''}</td><td class="n">${esc(num(t.rMultiple))}</td><td>${t.liquidated ? 'liquidated' : ''}</td><td>${esc(t.journal?.tags.join(', ') ?? '')}</td><td>${esc(t.journal?.note ?? '')}</td></tr>`,
    )
    .join('')
  const hits = r.guardrailHits
    .map(
      (h) =>
        `<li><b>${esc(GUARDRAIL_RULE_TITLES[h.rule])}</b> (${esc(h.severity)}, ${esc(iso(h.t).slice(0, 16).replace('T', ' '))}): ${esc(h.message)}</li>`,
    )
    .join('')
  const tags = r.tags
    .map(
      (t) =>
        `<tr><td>${esc(t.tag)}</td><td class="n">${t.trades}</td><td class="n">${esc(num(t.netPnl))}</td><td class="n">${esc(num(t.winRate, 2, '%'))}</td></tr>`,
    )
    .join('')
  const bl = r.bottomLine
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>PerpDojo session report — ${esc(r.sessionId)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<style>
body{font:12px -apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1e2329;margin:24px}
h1{font-size:18px;margin:0 0 4px}h2{font-size:14px;margin:18px 0 6px}
.stats{display:flex;flex-wrap:wrap;gap:8px}.stat{border:1px solid #e2e5e9;border-radius:4px;padding:6px 10px;min-width:110px}
.k{color:#707a8a;font-size:11px}.v{font-size:14px;font-variant-numeric:tabular-nums}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e2e5e9;padding:3px 6px;text-align:left}
.n{text-align:right;font-variant-numeric:tabular-nums}.up{color:#0ea371}.dn{color:#e0403a}
@media print{body{margin:0}h2{break-after:avoid}tr{break-inside:avoid}}
</style></head><body>
<h1>Session report</h1><div class="k">${esc(r.scenarioId)} · ${esc(r.sessionId)} · replay time ${esc(iso(r.generatedAt))}</div>
<h2>Summary</h2><div class="stats">
${stat('Start equity', num(r.startEquity))}${stat('Final equity', num(r.finalEquity))}${stat('Return', num(r.returnPercent, 2, '%'))}${stat('Max drawdown', num(r.maxDrawdownPercent, 2, '%'))}
${stat('Trades', r.trades.length)}${stat('Win rate', num(r.winRate, 2, '%'))}${stat('Profit factor', num(r.profitFactor))}${stat('Average R', num(r.averageR))}
${stat('Fees', num(r.fees))}${stat('Funding paid', num(r.fundingPaid))}${stat('Funding received', num(r.fundingReceived))}${stat('Liquidations', r.liquidations)}
${stat('Largest loss', num(r.largestLoss?.netPnl))}${stat('Guardrail hits', r.guardrailHits.length)}
</div>
<h2>Equity</h2>${svgLine(r.equity, 700, 160, '#1f6feb')}
<h2>Drawdown (%)</h2>${svgLine(r.drawdown, 700, 90, '#e0403a', true)}
<h2>Bottom line (${bl.percent}% below ${esc(bl.reference)})</h2>
<p>${bl.acted ? `The bottom line acted: everything was closed at the line${bl.crossedAt ? ` at ${esc(iso(bl.crossedAt))} (equity ${esc(num(bl.equityAtLine))})` : ''}.${bl.close ? ` ${closeSentence(bl.close, priceDp)}` : ''}` : bl.crossedAt ? `Equity crossed the line at ${esc(iso(bl.crossedAt))} (${esc(num(bl.equityAtLine))}). Closing everything there would have saved ${esc(num(bl.wouldHaveSaved))} USDT.` : 'Equity never reached the bottom line.'}</p>
<h2>Trades</h2><table><thead><tr><th>Symbol</th><th>Side</th><th>Opened</th><th>Closed</th><th class="n">Entry</th><th class="n">Exit</th><th class="n">Net PnL</th><th class="n">R</th><th></th><th>Tags</th><th>Note</th></tr></thead><tbody>${rows || '<tr><td colspan="11">No trades.</td></tr>'}</tbody></table>
${tags ? `<h2>Journal tags</h2><table><thead><tr><th>Tag</th><th class="n">Trades</th><th class="n">Net PnL</th><th class="n">Win rate</th></tr></thead><tbody>${tags}</tbody></table>` : ''}
<h2>Guardrail hits</h2>${hits ? `<ul>${hits}</ul>` : '<p>None.</p>'}
</body></html>
`
}
