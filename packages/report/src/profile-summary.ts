import { markdownTable } from 'markdown-table';
import type { DatasetProfileJSON } from '@mlops-actions/stats';
import { escapeMarkdown } from './escape';
import { formatNumber } from './format';

/** A job-summary table of a profile: one row per column with its kind, nulls, distinct values and range. */
export function renderProfileSummary(profile: DatasetProfileJSON, title = 'Data profile'): string {
  const rows = Object.entries(profile.columns).map(([name, column]) => {
    const summary = column.summary;
    const nullShare = column.count === 0 ? 0 : column.nulls / column.count;
    const center =
      summary.mean !== undefined && summary.mean !== null
        ? `${formatNumber(summary.mean)} ± ${formatNumber(summary.stddev ?? Number.NaN)}`
        : (summary.mostFrequent ?? [])
            .slice(0, 3)
            .map((item) => `${escapeMarkdown(item.value)} (${formatNumber(item.count)})`)
            .join(', ');
    return [
      escapeMarkdown(name),
      column.kind,
      `${formatNumber(nullShare * 100)} %`,
      `≈ ${formatNumber(summary.distinct)}`,
      cell(summary.min),
      cell(summary.median),
      cell(summary.max),
      center || '—',
    ];
  });
  const files = profile.files
    .map((file) => `${escapeMarkdown(file.path)} (${formatNumber(file.rows)} rows)`)
    .join(', ');
  return [
    `### ${escapeMarkdown(title)}`,
    '',
    `${formatNumber(profile.rows)} rows · ${Object.keys(profile.columns).length} columns${files ? ` · ${files}` : ''}`,
    '',
    markdownTable([
      ['column', 'kind', 'nulls', 'distinct', 'min', 'median', 'max', 'mean ± sd / top values'],
      ...rows,
    ]),
    ...(profile.warnings.length
      ? ['', ...profile.warnings.map((warning) => `- ⚠️ ${escapeMarkdown(warning)}`)]
      : []),
    '',
  ].join('\n');
}

function cell(value: number | string | null | undefined): string {
  if (value === undefined || value === null) return '—';
  return typeof value === 'number' ? formatNumber(value) : escapeMarkdown(value);
}
