import { markdownTable } from 'markdown-table';
import type {
  DatasetProfileJSON,
  EvaluatedMetric,
  Evaluation,
  GateResult,
  SliceResult,
} from '@mlops-actions/stats';
import { escapeHtml, escapeMarkdown } from './escape';
import { formatNumber, formatSigned } from './format';
import { diffProfiles, renderProfileDiff } from './profile-diff';

/** GitHub refuses comment bodies over 65,536 characters; keep a margin for the trimming note. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface MetricsCommentInput {
  evaluation: Evaluation;
  /** Overrides the model name of the evaluation (also the marker's). */
  modelName?: string;
  commitSha: string;
  runUrl?: string;
  /** Where the complete report lives (the job summary or an artifact), linked when sections are dropped. */
  fullReportUrl?: string;
  /** The candidate's and the baseline's training-data profiles, for the data-profile diff. */
  profiles?: { candidate: DatasetProfileJSON; baseline: DatasetProfileJSON };
  /** For tests of the trimming: the size to stay under. */
  limit?: number;
}

/**
 * The hidden marker that identifies our comment for one model on a pull request. The name goes
 * into an HTML comment, so every character that could close it is percent-encoded (UTF-8, `%`
 * itself included): one marker per exact name — `churn model` and `churn_model` get a comment each.
 */
export function commentMarker(modelName: string): string {
  const encoded = modelName.replace(/[^A-Za-z0-9._@/-]/gu, (ch) =>
    Array.from(
      new TextEncoder().encode(ch),
      (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    ).join(''),
  );
  return `<!-- mlops-actions:metrics-comment model=${encoded} -->`;
}

interface Section {
  /** Lower is dropped first when the comment is too long. */
  priority: number;
  name: string;
  markdown: string;
}

/**
 * The metric-diff comment for one model: verdict, metric table (baseline, candidate, change with
 * ▲/▼, interval, significance), gates, the paired test, slices and a chart of the deltas. When it
 * would exceed GitHub's limit, the least important sections go first and the comment says so.
 */
export function renderMetricsComment(input: MetricsCommentInput): string {
  const { evaluation } = input;
  const modelName = input.modelName ?? evaluation.model.name;
  const limit = input.limit ?? GITHUB_COMMENT_LIMIT;
  const sections: Section[] = [
    { priority: 100, name: 'header', markdown: header(input, modelName) },
    { priority: 90, name: 'metrics', markdown: metricTable(evaluation) },
    { priority: 80, name: 'gates', markdown: gateTable(evaluation.gates) },
    { priority: 60, name: 'paired test', markdown: pairedTestLine(evaluation) },
    { priority: 40, name: 'slices', markdown: sliceDetails(evaluation.slices) },
    {
      priority: 35,
      name: 'data-profile diff',
      markdown: input.profiles
        ? renderProfileDiff(diffProfiles(input.profiles.baseline, input.profiles.candidate))
        : '',
    },
    { priority: 30, name: 'chart', markdown: deltaChart(evaluation.metrics) },
  ].filter((section) => section.markdown !== '');

  const marker = commentMarker(modelName);
  const assemble = (kept: Section[], dropped: string[]) => {
    const note = dropped.length
      ? `\n> [!NOTE]\n> Left out to fit GitHub's comment size limit: ${dropped.join(', ')}.` +
        (input.fullReportUrl ? ` The full report is in [the job summary](${input.fullReportUrl}).` : '')
      : '';
    return `${marker}\n${kept.map((s) => s.markdown).join('\n\n')}${note}\n`;
  };
  let kept = sections;
  const dropped: string[] = [];
  while (assemble(kept, dropped).length > limit) {
    const leastImportant = kept
      .filter((section) => section.priority < 90)
      .sort((a, b) => a.priority - b.priority)[0];
    if (!leastImportant) {
      // Only the header and the metric table are left: cut the table's last rows (never mid-row),
      // keeping the note that says so.
      const note = assemble([], [...dropped, 'part of the metric table']).slice(marker.length + 1);
      return `${truncateTable(assemble(kept, []).trimEnd(), limit - note.length)}${note}`;
    }
    kept = kept.filter((section) => section !== leastImportant);
    dropped.push(leastImportant.name);
  }
  return assemble(kept, dropped);
}

function header(input: MetricsCommentInput, modelName: string): string {
  const { evaluation } = input;
  const failed = evaluation.gates.filter((gate) => !gate.passed).length;
  const verdict =
    evaluation.gates.length === 0
      ? 'no gates'
      : failed === 0
        ? evaluation.gates.length === 1
          ? '✅ the 1 gate passed'
          : `✅ all ${evaluation.gates.length} gates passed`
        : `❌ ${failed} of ${evaluation.gates.length} gate${evaluation.gates.length === 1 ? '' : 's'} failed`;
  const baseline = evaluation.baseline
    ? ` vs baseline ${code(evaluation.baseline.tag ?? evaluation.baseline.name)}`
    : ' (no baseline)';
  const run = input.runUrl
    ? ` · [workflow run](${input.runUrl}) · [artifacts](${input.runUrl}#artifacts)`
    : '';
  return [
    `### Model ${code(modelName)} — ${verdict}`,
    '',
    `Candidate at ${code(input.commitSha.slice(0, 7))}${baseline} · ${escapeMarkdown(evaluation.task)} · ${formatNumber(evaluation.rows)} rows${run}`,
  ].join('\n');
}

function metricTable(evaluation: Evaluation): string {
  const hasBaseline = evaluation.metrics.some((metric) => metric.baseline !== undefined);
  const confidence = evaluation.bootstrap?.confidence ?? 0.95;
  const heading = hasBaseline
    ? [
        'metric',
        'baseline',
        'candidate',
        'change',
        `${Math.round(confidence * 100)}% CI of change`,
        'significant',
      ]
    : ['metric', 'candidate'];
  const rows = evaluation.metrics.map((metric) =>
    hasBaseline
      ? [
          metricName(metric),
          metric.baseline === undefined ? '—' : formatNumber(metric.baseline),
          formatNumber(metric.candidate),
          change(metric),
          metric.interval
            ? `[${formatSigned(metric.interval.lower)}, ${formatSigned(metric.interval.upper)}]`
            : '—',
          metric.significant === undefined ? '—' : metric.significant ? 'yes' : 'no',
        ]
      : [metricName(metric), formatNumber(metric.candidate)],
  );
  return markdownTable([heading, ...rows], { align: ['l', ...heading.slice(1).map(() => 'r' as const)] });
}

function metricName(metric: EvaluatedMetric): string {
  const arrow = metric.higherIsBetter ? '↑' : '↓';
  const caveat = metric.warnings.length ? ' ⚠️' : '';
  return `${escapeMarkdown(metric.title)} ${arrow}${caveat}`;
}

function change(metric: EvaluatedMetric): string {
  if (metric.delta === undefined || Number.isNaN(metric.delta)) return '—';
  if (metric.delta === 0) return '0';
  const arrow = metric.delta > 0 ? '▲' : '▼';
  const better = metric.delta > 0 === metric.higherIsBetter;
  return `${arrow} ${formatSigned(metric.delta)} ${better ? '(better)' : '(worse)'}`;
}

function gateTable(gates: readonly GateResult[]): string {
  if (gates.length === 0) return '';
  const rows = gates.map((gate) => [
    gate.passed ? '✅' : '❌',
    `${escapeMarkdown(gate.metric)} ${ruleText(gate)}`,
    escapeMarkdown(gate.reason),
  ]);
  return `**Gates**\n\n${markdownTable([['', 'gate', 'result'], ...rows])}`;
}

function ruleText(gate: GateResult): string {
  switch (gate.rule) {
    case 'min':
      return `≥ ${formatNumber(gate.limit)}`;
    case 'max':
      return `≤ ${formatNumber(gate.limit)}`;
    case 'max-regression':
      return `regresses ≤ ${formatNumber(gate.limit)}`;
    case 'max-relative-regression':
      return `regresses ≤ ${formatNumber(gate.limit * 100)} %`;
  }
}

function pairedTestLine(evaluation: Evaluation): string {
  const test = evaluation.pairedTest;
  if (!test) return '';
  const verdict = test.pValue < 0.05 ? 'a significant difference' : 'no significant difference';
  if (test.test === 'mcnemar') {
    return `McNemar's test (${escapeMarkdown(test.method)}): p = ${formatNumber(test.pValue)} — ${verdict}; ${formatNumber(test.candidateOnly ?? Number.NaN)} rows only the candidate got right, ${formatNumber(test.baselineOnly ?? Number.NaN)} only the baseline.`;
  }
  return `Wilcoxon signed-rank test on absolute errors (${escapeMarkdown(test.method)}): p = ${formatNumber(test.pValue)} — ${verdict}.`;
}

function sliceDetails(slices: readonly SliceResult[]): string {
  if (slices.length === 0) return '';
  const metricNames = slices[0]?.metrics.map((metric) => metric.name) ?? [];
  const hasBaseline = slices.some((slice) => slice.metrics.some((metric) => metric.baseline !== undefined));
  const heading = ['column', 'value', 'rows', ...metricNames.map((name) => escapeMarkdown(name))];
  const rows = slices.map((slice) => [
    escapeMarkdown(slice.column),
    slice.value === null ? '*(missing)*' : escapeMarkdown(slice.value),
    formatNumber(slice.rows),
    ...slice.metrics.map((metric) =>
      hasBaseline && metric.baseline !== undefined
        ? `${formatNumber(metric.candidate)} (${formatSigned(metric.candidate - metric.baseline)})`
        : formatNumber(metric.candidate),
    ),
  ]);
  const columns = new Set(slices.map((slice) => slice.column)).size;
  const note = hasBaseline
    ? '\n\nEach cell: the candidate, and in brackets its change from the baseline.'
    : '';
  return `<details><summary>Slices (${slices.length} across ${columns} column${columns === 1 ? '' : 's'})</summary>\n\n${markdownTable([heading, ...rows])}${note}\n\n</details>`;
}

/** A mermaid bar chart of the metric changes (GitHub renders mermaid in comments). */
function deltaChart(metrics: readonly EvaluatedMetric[]): string {
  const shown = metrics.filter((metric) => metric.delta !== undefined && Number.isFinite(metric.delta));
  if (shown.length === 0) return '';
  // Mermaid labels are quoted strings: keep them to characters that cannot end the string or the chart.
  const label = (text: string) => `"${text.replace(/[^A-Za-z0-9 _.%()-]/g, ' ')}"`;
  const values = shown.map((metric) => Number((metric.delta ?? 0).toPrecision(4)));
  return [
    `<details><summary>Chart of the changes</summary>\n`,
    '```mermaid',
    'xychart-beta',
    '  title "Change from the baseline (candidate − baseline)"',
    `  x-axis [${shown.map((metric) => label(metric.name)).join(', ')}]`,
    `  bar [${values.join(', ')}]`,
    '```',
    '',
    `${escapeHtml('Bars above 0: the metric went up; for ↓ metrics (losses, errors) that is worse.')}`,
    '</details>',
  ].join('\n');
}

function code(text: string): string {
  // A backtick cannot be escaped inside a code span: replace it so the span cannot be closed early.
  return `\`${text.replace(/`/g, 'ˋ').replace(/\r?\n/g, ' ')}\``;
}

/** Drops the table's last rows until the text fits, keeping its header and separator rows. */
function truncateTable(markdown: string, limit: number): string {
  const lines = markdown.split('\n');
  let length = markdown.length;
  while (length > limit && lines.length > 2 && /^\|/.test(lines.at(-1)!) && !/^\| *:?-/.test(lines.at(-1)!)) {
    length -= lines.pop()!.length + 1;
  }
  return lines.join('\n');
}
