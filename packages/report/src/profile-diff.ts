import { markdownTable } from 'markdown-table';
import type { ColumnProfileJSON, DatasetProfileJSON } from '@mlops-actions/stats';
import { escapeMarkdown } from './escape';
import { formatNumber, formatSigned } from './format';

export interface ColumnChange {
  column: string;
  /** Null share, baseline → candidate. */
  nullShare: [number, number];
  /** Mean, baseline → candidate (numeric columns). */
  mean?: [number, number];
  /** |Δ mean| in baseline standard deviations. */
  meanShift?: number;
  /** Approximate distinct count, baseline → candidate. */
  distinct: [number, number];
  /** How much the column moved: the largest of the null-share change, the mean shift / 10 and the relative distinct change. */
  score: number;
}

export interface ProfileDiff {
  rows: [number, number];
  added: string[];
  removed: string[];
  changes: ColumnChange[];
}

/** Compares the data profile a candidate was trained on with the baseline's, column by column. */
export function diffProfiles(baseline: DatasetProfileJSON, candidate: DatasetProfileJSON): ProfileDiff {
  const before = Object.keys(baseline.columns);
  const after = Object.keys(candidate.columns);
  const changes = after
    .filter((name) => before.includes(name))
    .map((name) => columnChange(name, baseline.columns[name]!, candidate.columns[name]!))
    .sort((a, b) => b.score - a.score || a.column.localeCompare(b.column));
  return {
    rows: [baseline.rows, candidate.rows],
    added: after.filter((name) => !before.includes(name)),
    removed: before.filter((name) => !after.includes(name)),
    changes,
  };
}

function columnChange(column: string, before: ColumnProfileJSON, after: ColumnProfileJSON): ColumnChange {
  const nullShare: [number, number] = [share(before.nulls, before.count), share(after.nulls, after.count)];
  const distinct: [number, number] = [before.summary.distinct, after.summary.distinct];
  const meanBefore = before.summary.mean;
  const meanAfter = after.summary.mean;
  const hasMeans = typeof meanBefore === 'number' && typeof meanAfter === 'number';
  const std = before.summary.stddev;
  const meanShift = hasMeans
    ? Math.abs(meanAfter - meanBefore) / Math.max(typeof std === 'number' ? std : 0, 1e-12)
    : undefined;
  const distinctChange = Math.abs(distinct[1] - distinct[0]) / Math.max(distinct[0], 1);
  const score = Math.max(Math.abs(nullShare[1] - nullShare[0]), (meanShift ?? 0) / 10, distinctChange);
  return {
    column,
    nullShare,
    ...(hasMeans ? { mean: [meanBefore, meanAfter] as [number, number], meanShift: meanShift! } : {}),
    distinct,
    score,
  };
}

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

/** The diff as collapsed Markdown: the columns that moved most, and added or removed columns. */
export function renderProfileDiff(diff: ProfileDiff, limit = 10): string {
  const moved = diff.changes.filter((change) => change.score > 0).slice(0, limit);
  const lines = [
    `<details><summary>Training data vs the baseline's (${moved.length} column${moved.length === 1 ? '' : 's'} moved${diff.added.length + diff.removed.length ? `, ${diff.added.length} added, ${diff.removed.length} removed` : ''})</summary>`,
    '',
    `Rows: ${formatNumber(diff.rows[0])} → ${formatNumber(diff.rows[1])}.`,
  ];
  if (diff.added.length) lines.push('', `Added: ${diff.added.map(escapeMarkdown).join(', ')}.`);
  if (diff.removed.length) lines.push('', `Removed: ${diff.removed.map(escapeMarkdown).join(', ')}.`);
  if (moved.length) {
    lines.push(
      '',
      markdownTable([
        ['column', 'nulls', 'mean', 'shift (sd)', 'distinct'],
        ...moved.map((change) => [
          escapeMarkdown(change.column),
          `${pct(change.nullShare[0])} → ${pct(change.nullShare[1])}`,
          change.mean ? `${formatNumber(change.mean[0])} → ${formatNumber(change.mean[1])}` : '—',
          change.meanShift === undefined ? '—' : formatSigned(change.meanShift).replace('+', ''),
          `≈ ${formatNumber(change.distinct[0])} → ${formatNumber(change.distinct[1])}`,
        ]),
      ]),
    );
  } else {
    lines.push('', 'No column moved.');
  }
  lines.push('', '</details>');
  return lines.join('\n');
}

function pct(value: number): string {
  return `${formatNumber(value * 100)} %`;
}
