import { markdownTable } from 'markdown-table';
import { DRIFT_METHODS } from '@mlops-actions/stats';
import type { ColumnDrift, DriftFinding, DriftReport, PredictionDrift } from '@mlops-actions/stats';
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
  /** Prediction drift, when a model was given: reported on its own, not in the drifted share. */
  predictions?: PredictionDriftRendering;
  /** The size to stay under (a PR body or comment); the chart and then table rows are dropped to fit. */
  limit?: number;
}

/** Prediction drift as the report shows it: what was compared, and the test or why there was none. */
export interface PredictionDriftRendering {
  /** The model whose predictions were checked, e.g. "churn@v3" or "model.onnx". */
  modelLabel: string;
  /** Where the reference predictions came from, e.g. "churn@v3/evaluation.json". */
  referenceLabel?: string;
  referenceRows?: number;
  currentRows?: number;
  /** The test; absent when nothing was tested. */
  drift?: PredictionDrift;
  /** Why nothing was tested (no reference predictions, another model). */
  notice?: string;
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
  const head = [heading(input), predictionSection(input.predictions), findings(report.findings)]
    .filter(Boolean)
    .join('\n\n');
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

/**
 * The prediction drift paragraph: its verdict, the table of the `prediction` column (and of each class's
 * probability), and its findings — or the notice saying why it was not checked.
 */
function predictionSection(predictions: PredictionDriftRendering | undefined): string {
  if (!predictions) return '';
  const model = escapeMarkdown(predictions.modelLabel);
  const drift = predictions.drift;
  if (!drift?.column) {
    const why = predictions.notice ?? drift?.findings[0]?.message ?? 'nothing to compare';
    return `**Prediction drift not checked** for ${model}: ${escapeMarkdown(why)}`;
  }
  const what = describePredictions(drift);
  const reference = predictions.referenceLabel
    ? `, compared with ${escapeMarkdown(predictions.referenceLabel)}${predictions.referenceRows === undefined ? '' : ` (${formatNumber(predictions.referenceRows)} rows)`}`
    : '';
  const current =
    predictions.currentRows === undefined ? '' : ` on ${formatNumber(predictions.currentRows)} current rows`;
  const verdict = `${drift.drifted ? '**Prediction drift**' : '**No prediction drift**'} in ${what} of ${model}${current}${reference}.`;
  const parts = [
    verdict,
    columnTable([drift.column, ...(drift.probabilities ?? [])]),
    '_Reported on its own: prediction drift does not count toward the drifted share of the data._',
  ];
  if (drift.findings.length > 0) parts.push(findings(drift.findings));
  return parts.join('\n\n');
}

function describePredictions(drift: PredictionDrift): string {
  if (drift.output === 'score')
    return `the scores (probability of "${escapeMarkdown(drift.positiveClass ?? '1')}")`;
  if (drift.output === 'class')
    return drift.probabilities
      ? "the predicted classes and each class's probability"
      : 'the predicted classes';
  return 'the predicted values';
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

function findings(all: readonly DriftFinding[]): string {
  if (all.length === 0) return '';
  // Bounded, so a schema change of thousands of columns cannot crowd out the table.
  const shown = all.slice(0, MAX_FINDINGS);
  const items = shown.map((finding) => `- **${finding.kind}**: ${escapeMarkdown(finding.message)}`);
  const more = all.length - shown.length;
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
