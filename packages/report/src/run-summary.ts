import { markdownTable } from 'markdown-table';
import { flattenEntries, formatCell } from './cells';
import { escapeMarkdown } from './escape';
import { formatNumber } from './format';

/** What the summary reads of a run record (`run.json`); stated here so rendering needs no model code. */
export interface RunSummaryInput {
  modelName: string;
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
  data: readonly { path: string; rows: number; sha256: string }[];
  durationMs: number;
  model: { sha256: string; bytes: number; inputs: readonly { name: string }[] };
}

/** The job summary of a training run: model, data, parameters and metrics. */
export function renderRunSummary(record: RunSummaryInput, options: { cacheHit?: boolean } = {}): string {
  const metricRows = flattenEntries(record.metrics).map(([name, value]) => [
    escapeMarkdown(name),
    formatCell(value),
  ]);
  const paramRows = flattenEntries(record.params).map(([name, value]) => [
    escapeMarkdown(name),
    formatCell(value),
  ]);
  return [
    `### Training run of \`${record.modelName.replace(/`/g, "'")}\`${options.cacheHit ? ' — restored from the cache' : ''}`,
    '',
    `Model \`${record.model.sha256.slice(0, 12)}\` · ${formatNumber(record.model.bytes)} bytes · inputs ${record.model.inputs.map((i) => escapeMarkdown(i.name)).join(', ')} · trained in ${formatNumber(record.durationMs / 1000)} s`,
    '',
    markdownTable([
      ['data file', 'rows', 'sha256'],
      ...record.data.map((file) => [
        escapeMarkdown(file.path),
        formatNumber(file.rows),
        `\`${file.sha256.slice(0, 12)}\``,
      ]),
    ]),
    ...(paramRows.length ? ['', markdownTable([['parameter', 'value'], ...paramRows])] : []),
    ...(metricRows.length ? ['', markdownTable([['metric', 'value'], ...metricRows])] : []),
    '',
  ].join('\n');
}
