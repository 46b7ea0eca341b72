import { markdownTable } from 'markdown-table';
import { escapeMarkdown } from './escape';

/** One metric as the comment shows it: the candidate's value and, when known, the baseline's. */
export interface MetricRow {
  name: string;
  candidate: number;
  baseline?: number;
  /** True when a larger value is better (accuracy); false for losses and errors. */
  higherIsBetter?: boolean;
}

export interface MetricsCommentInput {
  modelName: string;
  commitSha: string;
  passed?: boolean;
  metrics: MetricRow[];
  runUrl?: string;
}

/** The hidden marker that identifies our comment for one model on a pull request. */
export function commentMarker(modelName: string): string {
  // The model name goes into an HTML comment: keep it to characters that cannot close the comment.
  return `<!-- mlops-actions:metrics-comment model=${modelName.replace(/[^A-Za-z0-9._@/-]/g, '_')} -->`;
}

/** Renders the metric-diff comment (Markdown) for one model. */
export function renderMetricsComment(input: MetricsCommentInput): string {
  const status = input.passed === undefined ? '' : input.passed ? ' — ✅ passed' : ' — ❌ failed';
  const lines = [
    commentMarker(input.modelName),
    `### Model \`${input.modelName.replace(/`/g, "'")}\`${status}`,
    '',
    `Commit \`${input.commitSha.slice(0, 7)}\``,
    '',
    markdownTable([
      ['metric', 'baseline', 'candidate', 'change'],
      ...input.metrics.map((metric) => [
        escapeMarkdown(metric.name),
        metric.baseline === undefined ? '—' : formatNumber(metric.baseline),
        formatNumber(metric.candidate),
        formatChange(metric),
      ]),
    ]),
  ];
  if (input.runUrl) lines.push('', `[Workflow run](${input.runUrl})`);
  return `${lines.join('\n')}\n`;
}

function formatChange(metric: MetricRow): string {
  if (metric.baseline === undefined) return '—';
  const delta = metric.candidate - metric.baseline;
  if (delta === 0) return '0';
  const arrow = delta > 0 ? '▲' : '▼';
  const better = metric.higherIsBetter === undefined ? undefined : delta > 0 === metric.higherIsBetter;
  const verdict = better === undefined ? '' : better ? ' (better)' : ' (worse)';
  return `${arrow} ${delta > 0 ? '+' : ''}${formatNumber(delta)}${verdict}`;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 1000 ? value.toFixed(1) : Number(value.toPrecision(4)).toString();
}
