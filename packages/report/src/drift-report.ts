import { markdownTable } from 'markdown-table';
import { DRIFT_METHODS } from '@mlops-actions/stats';
import type { ColumnDrift, DriftReport } from '@mlops-actions/stats';
import { escapeHtml, escapeMarkdown } from './escape';
import { formatNumber } from './format';
import { GITHUB_COMMENT_LIMIT } from './metrics-comment';

export interface DriftReportInput {
  modelName: string;
  report: DriftReport;
  /** What the current data was compared with, e.g. "churn@v3 (in production): its training profile". */
  referenceLabel: string;
  referenceRows: number;
  currentRows: number;
  /** Link to the run that checked, shown under the verdict. */
  runUrl?: string;
  /** The size to stay under (a PR body or comment); the chart and then table rows are dropped to fit. */
  limit?: number;
}

/** "Retrain churn: data drift in 4 of 6 columns": the retraining pull request's title. */
export function retrainTitle(modelName: string, report: DriftReport): string {
  return `Retrain ${modelName}: data drift in ${report.driftedColumns} of ${report.testedColumns} column${report.testedColumns === 1 ? '' : 's'}`;
}

/**
 * A column's drift score relative to its threshold, so p-value tests and distances share one axis:
 * distance ÷ threshold, or log(p) ÷ log(threshold) for p-values. Both are 1 at the threshold and
 * above 1 when the column drifted; p = 0 is capped at `cap` so a chart stays readable.
 */
export function relativeDriftScore(column: ColumnDrift, cap = 10): number {
  const isPValue = DRIFT_METHODS[column.method].statistic === 'p-value';
  const score = isPValue
    ? Math.log(Math.max(column.pValue ?? 1, Number.MIN_VALUE)) / Math.log(column.threshold)
    : column.statistic / column.threshold;
  return Math.min(Math.max(score, 0), cap);
}

/**
 * The drift report as GitHub-flavoured Markdown (job summary, retraining PR body, PR comment):
 * the verdict, a table per column, a chart of relative drift scores and the findings. Data-derived
 * strings (column names, the model name) are escaped; the chart's labels are reduced to safe characters.
 */
export function renderDriftReport(input: DriftReportInput): string {
  const { report } = input;
  const limit = input.limit ?? GITHUB_COMMENT_LIMIT;
  const head = [heading(input), findings(report)].filter(Boolean).join('\n\n');
  const table = columnTable(report.columns);
  const chart = scoreChart(report.columns);
  const full = [head, table, chart].filter(Boolean).join('\n\n');
  if (full.length <= limit) return `${full}\n`;
  // The table matters more than the chart; rows at the end (the least drifted) go first.
  const note = `\n\n_The report was trimmed to fit GitHub's limit; the full report is the drift-check output${input.runUrl ? ` of [the run](${input.runUrl})` : ''}._`;
  const room = limit - head.length - note.length - 2;
  return `${[head, truncateTable(table, room)].join('\n\n')}${note}\n`;
}

function heading(input: DriftReportInput): string {
  const { report } = input;
  const model = escapeMarkdown(input.modelName);
  const verdict = report.datasetDrift
    ? `**Data drift** in ${report.driftedColumns} of ${report.testedColumns} tested columns (${formatPercent(report.driftedShare)} ≥ the drift share ${formatPercent(report.driftShare)}).`
    : `**No data drift**: ${report.driftedColumns} of ${report.testedColumns} tested columns drifted (${formatPercent(report.driftedShare)} < the drift share ${formatPercent(report.driftShare)}).`;
  const lines = [
    `### Drift check of ${model}`,
    '',
    verdict,
    '',
    `Reference: ${escapeMarkdown(input.referenceLabel)}, ${formatNumber(input.referenceRows)} rows. Current data: ${formatNumber(input.currentRows)} rows.`,
  ];
  if (input.runUrl) lines.push('', `Checked by [this run](${input.runUrl}).`);
  return lines.join('\n');
}

function columnTable(columns: readonly ColumnDrift[]): string {
  if (columns.length === 0) return '_No column could be tested._';
  // Most drifted first: that is what a reviewer reads, and what survives trimming.
  const ordered = [...columns].sort(
    (a, b) => Number(b.drifted) - Number(a.drifted) || relativeDriftScore(b) - relativeDriftScore(a),
  );
  const rows = ordered.map((column) => [
    escapeMarkdown(column.column),
    column.kind,
    column.details.chosenBy === 'override' ? `${column.method} (set)` : column.method,
    statisticCell(column),
    `${DRIFT_METHODS[column.method].statistic === 'p-value' ? 'p <' : '≥'} ${formatNumber(column.threshold)}`,
    column.drifted ? '✗ drifted' : '✓',
  ]);
  return markdownTable([['column', 'kind', 'method', 'statistic', 'drift when', 'result'], ...rows], {
    align: ['l', 'l', 'l', 'r', 'r', 'l'],
  });
}

function statisticCell(column: ColumnDrift): string {
  const statistic = formatNumber(column.statistic);
  const value = column.pValue === undefined ? statistic : `${statistic} (p = ${formatPValue(column.pValue)})`;
  // A sketch-based statistic is approximate; the JSON report says by how much.
  return column.details.basis === 'sketch' ? `≈ ${value}` : value;
}

/** A mermaid bar chart of the relative scores with the threshold as a line at 1. */
function scoreChart(columns: readonly ColumnDrift[]): string {
  if (columns.length === 0) return '';
  // Mermaid labels are quoted strings: keep characters that cannot end the string, the chart or the fence.
  const label = (text: string) =>
    `"${text
      .replace(/[^\p{L}\p{N} _.%()-]/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 30)}"`;
  const scores = columns.map((column) => Number(relativeDriftScore(column).toPrecision(3)));
  return [
    `<details><summary>Chart of the drift scores</summary>\n`,
    '```mermaid',
    'xychart-beta',
    '  title "Drift score per column (1 = threshold)"',
    `  x-axis [${columns.map((column) => label(column.column)).join(', ')}]`,
    `  y-axis "score / threshold" 0 --> ${Math.max(2, Math.ceil(Math.max(...scores)))}`,
    `  bar [${scores.join(', ')}]`,
    `  line [${columns.map(() => 1).join(', ')}]`,
    '```',
    '',
    escapeHtml(
      'Distances are divided by their threshold; p-values are shown as log(p) / log(threshold). Above the line: drifted (capped at 10).',
    ),
    '</details>',
  ].join('\n');
}

const MAX_FINDINGS = 50;

function findings(report: DriftReport): string {
  if (report.findings.length === 0) return '';
  // Bounded, so a schema change of thousands of columns cannot crowd out the table.
  const shown = report.findings.slice(0, MAX_FINDINGS);
  const items = shown.map((finding) => `- **${finding.kind}**: ${escapeMarkdown(finding.message)}`);
  const more = report.findings.length - shown.length;
  if (more > 0) items.push(`- … and ${more} more (see the JSON report)`);
  return `**Findings**\n\n${items.join('\n')}`;
}

function formatPercent(share: number): string {
  return `${formatNumber(share * 100)}%`;
}

function formatPValue(p: number): string {
  return p !== 0 && p < 1e-4 ? p.toExponential(1) : formatNumber(p);
}

/** Drops the table's last rows until it fits, keeping the header and separator rows. */
function truncateTable(markdown: string, room: number): string {
  const lines = markdown.split('\n');
  let length = markdown.length;
  while (length > room && lines.length > 2) length -= lines.pop()!.length + 1;
  return lines.join('\n');
}
