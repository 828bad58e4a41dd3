// Markdown (terminal), CSV (Excel, formula-escaped) and HTML (self-contained, phone-readable)
// renderings of a SyncReport.
import { toCsv } from './csv.js';
import { changeValueText, type SyncReport } from './sync-report.js';
import { htmlPage, escapeHtml } from './html.js';

const MAX_ROWS_MD = 50;
const MAX_UNMATCHED_MD = 20;

/** "MUG-STONE-350" or "MUG-STONE-350 (AMZ-MUG)" when the channel knows it by another sku. */
function skuText(x: { sku: string; channelSku: string }): string {
  return x.channelSku === x.sku ? x.sku : `${x.sku} (${x.channelSku})`;
}

/** "stock" or "stock @store" for a secondary location set to 0. */
function actionText(x: { action: string; location: string | null }): string {
  return x.location ? `${x.action} @${x.location}` : x.action;
}

const mdCell = (s: string) => s.replace(/\|/g, '\\|');

function guardHeading(status: string, dryRun: boolean): string {
  if (status === 'refused') return 'Refused by a guard';
  return dryRun ? 'A real run would be refused by a guard (unless --force)' : 'A guard objected; pushed anyway (--force)';
}

export function syncReportMarkdown(r: SyncReport): string {
  const out: string[] = [`# omni sync${r.dryRun ? ' (dry run: nothing was sent or saved)' : ''}`, ''];
  for (const c of r.channels) {
    out.push(`## ${c.channel}: ${c.status}${c.runId ? ` (run ${c.runId})` : ''}`);
    if (c.error) out.push('', `Error: ${c.error}`);
    const s = c.summary;
    if (s.listings !== undefined) {
      out.push('', `${s.listings} listings: ${s.unchanged ?? 0} unchanged, ${s.stock ?? 0} stock, ${s.price ?? 0} price, ${s.content ?? 0} content change(s).`);
    }
    const outcomes = ['applied', 'accepted', 'failed', 'stale', 'skipped'].filter((k) => s[k]).map((k) => `${s[k]} ${k}`);
    if (outcomes.length) out.push(`Outcomes: ${outcomes.join(', ')}.`);
    if (c.awaitingConfirmation) out.push(`${c.awaitingConfirmation} change(s) accepted by ${c.channel} and awaiting its confirmation: not failures; the next run checks that they landed.`);
    const settled = r.settled.filter((x) => x.channel === c.channel);
    const missed = settled.filter((x) => x.outcome !== 'applied');
    if (settled.length) out.push(`Earlier accepted changes: ${settled.length - missed.length} confirmed${missed.length ? `, ${missed.length} did not land` : ''}.`);
    if (missed.length) out.push('', '| run | sku | change | after | outcome |', '|---:|---|---|---:|---|', ...missed.slice(0, MAX_ROWS_MD).map((x) => `| ${x.runId} | ${x.sku} | ${x.action} | ${changeValueText(x.action, x.after)} | ${x.outcome}: ${x.message} |`));
    const a = c.applied;
    if (a.ordersPulled !== undefined) out.push(`Pulled ${a.ordersPulled} order(s) (${a.newOrders ?? 0} new): ${a.saleMovements ?? 0} sale, ${a.cancelMovements ?? 0} cancel, ${a.returnMovements ?? 0} return, ${a.countMovements ?? 0} count movement(s).`);
    if (c.guard && !c.guard.ok) out.push('', `**${guardHeading(c.status, r.dryRun)}:**`, ...c.guard.reasons.map((x) => `- ${x}`), ...(c.status === 'refused' ? ['', 'Nothing was sent. Check the master (a broken feed?), then run again with --force if this is right.'] : []));
    if (c.warnings.length) out.push('', 'Warnings:', ...c.warnings.slice(0, 20).map((w) => `- ${w}`), ...(c.warnings.length > 20 ? [`- … ${c.warnings.length - 20} more`] : []));
    if (c.unmatched.length) {
      out.push('', `Unmatched listings (not synced until mapped: \`omni listings map ${c.channel} CHANNEL_SKU MASTER_SKU\`):`,
        ...c.unmatched.slice(0, MAX_UNMATCHED_MD).map((u) => `- ${u.channelSku}${u.title ? ` "${u.title}"` : ''}${u.barcode ? ` (barcode ${u.barcode})` : ''}: ${u.why}`),
        ...(c.unmatched.length > MAX_UNMATCHED_MD ? [`- … ${c.unmatched.length - MAX_UNMATCHED_MD} more in the report files and \`omni listings unmatched\``] : []));
    }
    const rows = r.changes.filter((x) => x.channel === c.channel);
    if (rows.length) {
      out.push('', '| sku | change | before | after | outcome | why |', '|---|---|---:|---:|---|---|');
      for (const x of rows.slice(0, MAX_ROWS_MD)) out.push(`| ${mdCell(skuText(x))} | ${actionText(x)} | ${changeValueText(x.action, x.before)} | ${changeValueText(x.action, x.after)} | ${mdCell(`${x.outcome}${x.message ? `: ${x.message}` : ''}`)} | ${mdCell(x.why)} |`);
      if (rows.length > MAX_ROWS_MD) out.push(`| … ${rows.length - MAX_ROWS_MD} more in the report files | | | | | |`);
    }
    out.push('');
  }
  return out.join('\n');
}

export function syncReportCsv(r: SyncReport): string {
  // Spreadsheet cells: prices as plain amounts with the currency in its own column.
  return toCsv(['channel', 'sku', 'channel_sku', 'location', 'change', 'before', 'after', 'currency', 'outcome', 'message', 'why'], r.changes.map((x) => [
    x.channel, x.sku, x.channelSku, x.location ?? '', x.action, changeValueText(x.action, x.before), changeValueText(x.action, x.after),
    x.action === 'price' ? r.currency : '', x.outcome, x.message, x.why]));
}

export function syncReportHtml(r: SyncReport): string {
  const sections = r.channels.map((c) => {
    const rows = r.changes.filter((x) => x.channel === c.channel);
    return `<section><h2>${escapeHtml(c.channel)} <span class="badge ${escapeHtml(c.status)}">${escapeHtml(c.status)}</span></h2>
${c.error ? `<p class="error">${escapeHtml(c.error)}</p>` : ''}
${c.guard && !c.guard.ok ? `<div class="guard"><strong>Guard:</strong><ul>${c.guard.reasons.map((g) => `<li>${escapeHtml(g)}</li>`).join('')}</ul></div>` : ''}
<p>${Object.entries(c.summary).map(([k, v]) => `<span class="stat"><b>${v}</b> ${escapeHtml(k)}</span>`).join(' ')}</p>
${c.awaitingConfirmation ? `<p>${c.awaitingConfirmation} change(s) accepted by ${escapeHtml(c.channel)} and awaiting its confirmation: not failures; the next run checks that they landed.</p>` : ''}
${settledHtml(r.settled.filter((x) => x.channel === c.channel))}
${c.warnings.length ? `<h3>${c.warnings.length} warning(s)</h3><ul class="warnings">${c.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>` : ''}
${c.unmatched.length ? `<h3>${c.unmatched.length} unmatched listing(s): not synced until mapped</h3>
<table class="unmatched"><thead><tr><th>channel sku</th><th>title</th><th>barcode</th><th>why</th></tr></thead><tbody>
${c.unmatched.map((u) => `<tr><td>${escapeHtml(u.channelSku)}</td><td>${escapeHtml(u.title ?? '')}</td><td>${escapeHtml(u.barcode ?? '')}</td><td>${escapeHtml(u.why)}</td></tr>`).join('\n')}
</tbody></table><p><small>Map each with <code>omni listings map ${escapeHtml(c.channel)} CHANNEL_SKU MASTER_SKU</code> or a CSV with <code>omni listings import FILE</code>.</small></p>` : ''}
${rows.length ? `<table><thead><tr><th>sku</th><th>change</th><th>before</th><th>after</th><th>outcome</th><th>why</th></tr></thead><tbody>
${rows.map((x) => `<tr class="${escapeHtml(x.outcome)}"><td>${escapeHtml(skuText(x))}</td><td>${escapeHtml(actionText(x))}</td><td class="n">${escapeHtml(changeValueText(x.action, x.before))}</td><td class="n">${escapeHtml(changeValueText(x.action, x.after))}</td><td>${escapeHtml(x.outcome)}${x.message ? `<br><small>${escapeHtml(x.message)}</small>` : ''}</td><td class="why">${escapeHtml(x.why)}</td></tr>`).join('\n')}
</tbody></table>` : '<p>No changes.</p>'}</section>`;
  }).join('\n');
  return htmlPage(`omni sync${r.dryRun ? ' — dry run' : ''}`, `<p class="meta">${escapeHtml(r.generatedAt)}${r.dryRun ? ' · dry run: nothing was sent or saved' : ''}</p>\n${sections}`);
}

/** Changes accepted in earlier runs that this run settled: the ones that did not land, listed. */
function settledHtml(rows: SyncReport['settled']): string {
  if (rows.length === 0) return '';
  const missed = rows.filter((x) => x.outcome !== 'applied');
  return `<p>Earlier accepted changes: ${rows.length - missed.length} confirmed${missed.length ? `, ${missed.length} did not land` : ''}.</p>`
    + (missed.length ? `<table><thead><tr><th>run</th><th>sku</th><th>change</th><th>after</th><th>outcome</th></tr></thead><tbody>
${missed.map((x) => `<tr class="failed"><td class="n">${x.runId}</td><td>${escapeHtml(x.sku)}</td><td>${escapeHtml(x.action)}</td><td class="n">${escapeHtml(changeValueText(x.action, x.after))}</td><td>${escapeHtml(x.outcome)}<br><small>${escapeHtml(x.message)}</small></td></tr>`).join('\n')}
</tbody></table>` : '');
}
