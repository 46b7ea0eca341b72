import { ownEntry, type ColumnKind } from '@mlops-actions/data';
import type { ColumnProfile } from '../profiles/column-profile';
import { DatasetProfile } from '../profiles/dataset-profile';
import type { DatasetProfileJSON } from '../profiles/dataset-profile';
import { HyperLogLog } from '../sketches/hyperloglog';
import { sampleFromProfile } from './column-sample';
import type { ColumnSample } from './column-sample';
import { validateColumnTests } from './column-tests';
import type { ColumnTests } from './column-tests';
import { defaultDriftMethod, DRIFT_METHODS, isDrift } from './drift-methods';
import type { DriftMethod } from './drift-methods';
import { runDriftMethod } from './run-drift-method';

/** Dataset drift when at least this share of tested columns drifted (Evidently's `drift_share`). */
export const DEFAULT_DRIFT_SHARE = 0.5;

export interface DriftOptions {
  /** Share of drifted columns that makes the dataset drifted; default 0.5. */
  readonly driftShare?: number;
  /** Per-column method and threshold, e.g. `{ income: { method: 'psi', threshold: 0.2 } }`. */
  readonly tests?: ColumnTests;
}

export interface ColumnDrift {
  column: string;
  kind: ColumnKind;
  method: DriftMethod;
  /** KS D, χ² or z for the p-value tests (whose `pValue` decides); the distance for wasserstein, jensenshannon and psi. */
  statistic: number;
  pValue?: number;
  threshold: number;
  drifted: boolean;
  details: {
    /** 'exact': every value on both sides; 'sketch': at least one side from KLL or top-k (see `error`). */
    basis: 'exact' | 'sketch';
    referenceCount: number;
    currentCount: number;
    /** Distinct values in both samples together, which chose the default method. */
    distinct: number;
    /** Whether the method was Evidently's default or a `tests` override. */
    chosenBy: 'default' | 'override';
    /** For sketches: the error bound of what the test saw. */
    error?: string;
    [key: string]: number | string | undefined;
  };
}

export type DriftFindingKind =
  | 'missing-column'
  | 'new-column'
  | 'kind-changed'
  | 'empty-current'
  | 'empty-column'
  | 'not-tested'
  /** Prediction drift: the reference and current predictions are of different outputs or classes. */
  | 'predictions-not-comparable'
  /** Prediction drift: no reference predictions (an evaluation.json without `predictions`). */
  | 'no-reference-predictions';

export interface DriftFinding {
  kind: DriftFindingKind;
  column?: string;
  message: string;
}

export interface DriftReport {
  columns: ColumnDrift[];
  testedColumns: number;
  driftedColumns: number;
  /** drifted / tested, 0 when nothing was tested. */
  driftedShare: number;
  driftShare: number;
  datasetDrift: boolean;
  findings: DriftFinding[];
}

/**
 * Per-column drift between two profiles with Evidently's default tests (or `tests` overrides), and
 * dataset drift when the drifted share reaches `driftShare`. Each test runs on every value when the
 * profiles' samples kept them all, else on the sketches (see `sampleFromProfile`). Columns missing or new
 * in the current data, kind changes, all-null columns and empty current data become findings; a profile
 * of another schema version, or a bad override, is an error.
 */
export function driftBetweenProfiles(
  reference: DatasetProfile | DatasetProfileJSON,
  current: DatasetProfile | DatasetProfileJSON,
  options: DriftOptions = {},
): DriftReport {
  const referenceProfile = readProfile('reference', reference);
  const currentProfile = readProfile('current', current);
  const driftShare = options.driftShare ?? DEFAULT_DRIFT_SHARE;
  if (!(typeof driftShare === 'number' && driftShare > 0 && driftShare <= 1))
    throw new Error(`drift-share: ${String(driftShare)} is not a share — use a number in (0, 1], e.g. 0.5`);
  const referenceNames = [...referenceProfile.columns.keys()];
  const currentNames = [...currentProfile.columns.keys()];
  const tests = validateColumnTests(options.tests, [...new Set([...referenceNames, ...currentNames])]);

  const findings: DriftFinding[] = [];
  for (const name of referenceNames.filter((name) => !currentProfile.columns.has(name)))
    findings.push({
      kind: 'missing-column',
      column: name,
      message: `column "${name}" is in the reference but not in the current data`,
    });
  for (const name of currentNames.filter((name) => !referenceProfile.columns.has(name)))
    findings.push({
      kind: 'new-column',
      column: name,
      message: `column "${name}" is new in the current data (not in the reference): not tested`,
    });

  const columns: ColumnDrift[] = [];
  if (currentProfile.rows === 0) {
    findings.push({
      kind: 'empty-current',
      message: 'the current data has no rows: nothing to compare, no drift reported',
    });
  } else {
    for (const name of referenceNames) {
      const currentColumn = currentProfile.columns.get(name);
      if (!currentColumn) continue;
      const outcome = driftOfColumn(
        referenceProfile.column(name),
        currentColumn,
        ownEntry(tests, name) ?? {},
      );
      if ('finding' in outcome) findings.push(outcome.finding);
      else columns.push(outcome.drift);
    }
  }
  const driftedColumns = columns.filter((column) => column.drifted).length;
  const driftedShare = columns.length > 0 ? driftedColumns / columns.length : 0;
  return {
    columns,
    testedColumns: columns.length,
    driftedColumns,
    driftedShare,
    driftShare,
    datasetDrift: columns.length > 0 && driftedShare >= driftShare,
    findings,
  };
}

function readProfile(side: string, profile: DatasetProfile | DatasetProfileJSON): DatasetProfile {
  if (profile instanceof DatasetProfile) return profile;
  try {
    return DatasetProfile.fromJSON(profile);
  } catch (error) {
    throw new Error(`${side} profile: ${(error as Error).message}`);
  }
}

/** Kinds the tests apply to, and how: booleans are categories; datetimes and free text are not tested. */
function testedKind(kind: ColumnKind): 'numeric' | 'categorical' | null {
  if (kind === 'numeric') return 'numeric';
  if (kind === 'categorical' || kind === 'boolean') return 'categorical';
  return null;
}

function driftOfColumn(
  reference: ColumnProfile,
  current: ColumnProfile,
  override: { method?: DriftMethod; threshold?: number },
): { drift: ColumnDrift } | { finding: DriftFinding } {
  const name = reference.name;
  if (reference.kind !== current.kind)
    return {
      finding: {
        kind: 'kind-changed',
        column: name,
        message: `column "${name}" is ${reference.kind} in the reference but ${current.kind} in the current data: not tested — fix the data, or profile the current data with the reference's kinds`,
      },
    };
  const kind = testedKind(reference.kind);
  if (!kind)
    return {
      finding: {
        kind: 'not-tested',
        column: name,
        message: `column "${name}" is ${reference.kind}: Evidently's default tests cover numeric and categorical columns only`,
      },
    };
  const referenceSample = sampleFromProfile(reference);
  const currentSample = sampleFromProfile(current);
  if (referenceSample.count === 0 || currentSample.count === 0) {
    const side = referenceSample.count === 0 ? 'reference' : 'current data';
    return {
      finding: {
        kind: 'empty-column',
        column: name,
        message: `column "${name}" has no non-null values in the ${side}: not tested`,
      },
    };
  }
  const distinct = distinctTogether(reference, current, referenceSample, currentSample);
  const method = override.method ?? defaultDriftMethod(kind, referenceSample.count, distinct);
  const info = DRIFT_METHODS[method];
  if (info.needsNumbers && kind !== 'numeric')
    throw new Error(
      `tests.${name}.method: ${method} compares numbers and "${name}" is ${reference.kind} — use chisquare, z, jensenshannon or psi`,
    );
  const threshold = override.threshold ?? info.defaultThreshold;
  if (info.statistic === 'p-value' && threshold >= 1)
    throw new Error(
      `tests.${name}.threshold: ${threshold} is not a p-value level for ${method} — use a number in (0, 1)`,
    );
  const referenceDistinct = referenceSample.exact ? distinctOf(referenceSample) : reference.distinctCount();
  const outcome = runDriftMethod(method, referenceSample, currentSample, referenceDistinct);
  const exact = referenceSample.exact && currentSample.exact;
  const details: ColumnDrift['details'] = {
    basis: exact ? 'exact' : 'sketch',
    referenceCount: referenceSample.count,
    currentCount: currentSample.count,
    distinct,
    chosenBy: override.method ? 'override' : 'default',
    ...outcome.details,
  };
  if (!exact) details.error = sketchError(referenceSample, currentSample);
  const statistic = outcome.pValue ?? outcome.statistic;
  return {
    drift: {
      column: name,
      kind: reference.kind,
      method,
      statistic: outcome.statistic,
      ...(outcome.pValue === undefined ? {} : { pValue: outcome.pValue }),
      threshold,
      drifted: isDrift(method, statistic, threshold),
      details,
    },
  };
}

/** u: exact from the values when both sides are exact, else the union of the distinct-count sketches. */
function distinctTogether(
  reference: ColumnProfile,
  current: ColumnProfile,
  referenceSample: ColumnSample,
  currentSample: ColumnSample,
): number {
  if (referenceSample.exact && currentSample.exact)
    return new Set([...keysOf(referenceSample), ...keysOf(currentSample)]).size;
  reference.distinctCount(); // settles the sketch before it is copied
  current.distinctCount();
  return HyperLogLog.fromJSON(reference.distinct.toJSON()).merge(current.distinct).estimate();
}

function keysOf(sample: ColumnSample): Iterable<string | number> {
  return sample.type === 'numeric' ? sample.values : sample.counts.keys();
}

function distinctOf(sample: ColumnSample): number {
  return new Set(keysOf(sample)).size;
}

function sketchError(reference: ColumnSample, current: ColumnSample): string {
  const describe = (side: string, sample: ColumnSample) => {
    if (sample.exact) return `${side}: every value`;
    if (sample.type === 'numeric')
      return `${side}: KLL sketch, CDF within ±${(sample.rankError * 100).toFixed(2)}% (99%)`;
    return `${side}: top-${sample.counts.size} counts, each at most ${Math.ceil(sample.countError)} too high, the rest as "(other)"`;
  };
  return `${describe('reference', reference)}; ${describe('current', current)}`;
}
