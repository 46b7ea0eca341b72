import { markdownTable } from 'markdown-table';
import { flattenEntries, formatCell } from './cells';
import { escapeMarkdown } from './escape';
import { formatNumber, formatSigned } from './format';
import { mermaidLabel } from './mermaid';

/**
 * What a model card shows. It is the shape of the registry's `lineage.json`, restated here so
 * that rendering stays free of the registry (report imports nothing of ours).
 */
export interface ModelCardInput {
  model: { name: string; version: number; tag: string };
  assets: { name: string; sha256: string; bytes: number }[];
  data: { path: string; sha256?: string; rows?: number }[];
  code: {
    repository: string;
    sha: string;
    ref: string;
    workflow: string;
    runId: number;
    runAttempt: number;
    actor: string;
    runUrl: string;
    commitUrl: string;
  };
  run?: {
    params: Record<string, unknown>;
    metrics: Record<string, number>;
    startedAt?: string;
    durationMs?: number;
  };
  parent?: { tag: string; version?: number };
  evaluation?: { passed?: boolean; metrics: CardMetric[] };
  createdAt: string;
}

export interface CardMetric {
  name: string;
  value: number;
  baseline?: number;
  higherIsBetter?: boolean;
}

export interface ModelCardOptions {
  /** Base of release links (the parent version): `https://github.com` or a GHES host. */
  serverUrl?: string;
}

/** The model card: the release body of a model version (GitHub-flavoured Markdown). */
export function renderModelCard(card: ModelCardInput, options: ModelCardOptions = {}): string {
  const serverUrl = options.serverUrl ?? 'https://github.com';
  const sections = [
    header(card),
    metricsSection(card),
    lineageGraph(card),
    dataSection(card),
    codeSection(card, serverUrl),
    runSection(card),
    assetsSection(card),
  ];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

function header(card: ModelCardInput): string {
  const verdict =
    card.evaluation?.passed === undefined
      ? ''
      : card.evaluation.passed
        ? ' — ✅ evaluation passed'
        : ' — ❌ evaluation failed';
  return [
    `## ${escapeMarkdown(card.model.name)} v${card.model.version}${verdict}`,
    '',
    `Trained by **${escapeMarkdown(card.code.actor || 'unknown')}** in workflow ${escapeMarkdown(card.code.workflow || '—')}, ` +
      `[run ${card.code.runId} (attempt ${card.code.runAttempt})](${safeUrl(card.code.runUrl)}); registered ${formatTime(card.createdAt)}.`,
  ].join('\n');
}

function metricsSection(card: ModelCardInput): string {
  const metrics = card.evaluation?.metrics.length
    ? card.evaluation.metrics
    : Object.entries(card.run?.metrics ?? {}).map(([name, value]) => ({ name, value }) as CardMetric);
  if (metrics.length === 0) return '### Headline metrics\n\nNo evaluation or run record was given.';
  const source = card.evaluation?.metrics.length ? 'evaluation' : 'training run';
  const withBaseline = metrics.some((m) => m.baseline !== undefined);
  const head = withBaseline ? ['metric', 'value', baselineHeader(card), 'change'] : ['metric', 'value'];
  const rows = metrics.map((m) =>
    withBaseline
      ? [
          escapeMarkdown(m.name),
          formatNumber(m.value),
          m.baseline === undefined ? '—' : formatNumber(m.baseline),
          change(m),
        ]
      : [escapeMarkdown(m.name), formatNumber(m.value)],
  );
  return [`### Headline metrics`, '', `From the ${source}.`, '', markdownTable([head, ...rows])].join('\n');
}

function baselineHeader(card: ModelCardInput): string {
  return card.parent ? `baseline (${escapeMarkdown(card.parent.tag)})` : 'baseline';
}

function lineageGraph(card: ModelCardInput): string {
  const lines = ['flowchart LR'];
  card.data.forEach((file, index) => {
    const rows = file.rows === undefined ? '' : ` · ${file.rows} rows`;
    lines.push(`  data${index}["${mermaidLabel(`${file.path}${rows}`)}"] --> run`);
  });
  lines.push(`  run["${mermaidLabel(`run ${card.code.runId} · ${card.code.sha.slice(0, 7)}`)}"] --> model`);
  lines.push(`  model["${mermaidLabel(card.model.tag)}"]`);
  if (card.parent) lines.push(`  parent["${mermaidLabel(card.parent.tag)}"] -. baseline .-> model`);
  return ['### Lineage', '', '```mermaid', ...lines, '```'].join('\n');
}

function dataSection(card: ModelCardInput): string {
  if (card.data.length === 0) return '';
  const rows = card.data.map((file) => [
    escapeMarkdown(file.path),
    file.rows === undefined ? '—' : String(file.rows),
    file.sha256 === undefined ? '—' : hexCode(file.sha256),
  ]);
  return ['### Data', '', markdownTable([['file', 'rows', 'sha256'], ...rows])].join('\n');
}

function codeSection(card: ModelCardInput, serverUrl: string): string {
  const { code } = card;
  const items = [
    `- Commit [\`${hexCode(code.sha.slice(0, 12), false)}\`](${safeUrl(code.commitUrl)}) of ${escapeMarkdown(code.repository)} on ${escapeMarkdown(code.ref || '—')}`,
    `- Workflow ${escapeMarkdown(code.workflow || '—')}, [run ${code.runId}, attempt ${code.runAttempt}](${safeUrl(code.runUrl)}), by ${escapeMarkdown(code.actor || 'unknown')}`,
  ];
  if (card.parent) {
    const url = `${serverUrl}/${code.repository}/releases/tag/${encodeURIComponent(card.parent.tag)}`;
    items.push(`- Compared with the parent version [${escapeMarkdown(card.parent.tag)}](${safeUrl(url)})`);
  }
  return ['### Code and run', '', ...items].join('\n');
}

function runSection(card: ModelCardInput): string {
  if (!card.run) return '';
  const facts: string[] = [];
  if (card.run.startedAt) facts.push(`Started ${formatTime(card.run.startedAt)}`);
  if (card.run.durationMs !== undefined) facts.push(`took ${formatDuration(card.run.durationMs)}`);
  const params = flattenEntries(card.run.params);
  const table =
    params.length === 0
      ? []
      : [
          '',
          markdownTable([
            ['parameter', 'value'],
            ...params.map(([k, v]) => [escapeMarkdown(k), formatCell(v)]),
          ]),
        ];
  if (facts.length === 0 && table.length === 0) return '';
  return ['### Training run', ...(facts.length ? ['', `${facts.join(', ')}.`] : []), ...table].join('\n');
}

function assetsSection(card: ModelCardInput): string {
  const rows = card.assets.map((a) => [escapeMarkdown(a.name), String(a.bytes), hexCode(a.sha256)]);
  return [
    '### Assets',
    '',
    markdownTable([['asset', 'bytes', 'sha256'], ...rows]),
    '',
    '`lineage.json` holds all of the above for programs; `resolve-model` verifies the sha256 on download.',
  ].join('\n');
}

function change(metric: CardMetric): string {
  if (metric.baseline === undefined) return '—';
  const delta = metric.value - metric.baseline;
  if (delta === 0) return '0';
  const arrow = delta > 0 ? '▲' : '▼';
  const verdict =
    metric.higherIsBetter === undefined ? '' : delta > 0 === metric.higherIsBetter ? ' (better)' : ' (worse)';
  return `${arrow} ${formatSigned(delta)}${verdict}`;
}

/** A digest in a code span; anything that is not hex is escaped instead, never trusted as markup. */
function hexCode(value: string, wrap = true): string {
  if (!/^[0-9a-f]+$/i.test(value)) return escapeMarkdown(value);
  return wrap ? `\`${value}\`` : value;
}

/** Only http(s) links reach the card; anything else (a `javascript:` URL) becomes `#`. */
function safeUrl(url: string): string {
  return /^https?:\/\/[^\s()<>]+$/.test(url) ? url : '#';
}

/** An ISO timestamp as `2026-01-02 03:04 UTC`; anything else is data, and escaped. */
function formatTime(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?Z$/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : escapeMarkdown(iso);
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  return seconds < 120 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
