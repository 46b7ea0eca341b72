import { scoreGroups, type ScoreGroups } from './score-groups';

/** The 2×2 counts of thresholded scores (as `BinaryConfusionMatrix`). */
interface Counts {
  trueNegatives: number;
  falsePositives: number;
  falseNegatives: number;
  truePositives: number;
}

/**
 * What several binary metrics of the same labels and scores share, computed once instead of once per
 * metric: the checks of the inputs, the rows in score order (ROC AUC, average precision) and the
 * confusion counts at a threshold (accuracy, precision, recall, F1). Made for one pair of arrays by
 * a caller that computes many metrics of them (`evaluatePredictions`), given as `options.shared`; it
 * answers only for those very arrays, and the caller must not change them meanwhile.
 */
export class SharedBinaryInputs {
  private readonly checked = new Set<string>();
  private groups: ScoreGroups | undefined;
  private readonly counts = new Map<number, Counts>();

  constructor(
    private readonly labels: ArrayLike<number>,
    private readonly scores: ArrayLike<number>,
  ) {}

  /** This memo when it was made for `labels` and `scores`, else undefined. */
  for(labels: ArrayLike<number>, scores: ArrayLike<number>): SharedBinaryInputs | undefined {
    return labels === this.labels && scores === this.scores ? this : undefined;
  }

  /** Runs `check` unless a check of this kind passed before (a failing one runs again next time). */
  checkOnce(kind: string, check: () => void): void {
    if (this.checked.has(kind)) return;
    check();
    this.checked.add(kind);
  }

  /** The rows in ascending score order, when a metric sorted them already. */
  get sortedRows(): Uint32Array | undefined {
    return this.groups?.order;
  }

  scoreGroups(): ScoreGroups {
    this.groups ??= scoreGroups(this.labels, this.scores);
    return this.groups;
  }

  /** The unweighted counts at `threshold`, counted once. */
  countsAt(threshold: number, count: () => Counts): Counts {
    let counts = this.counts.get(threshold);
    if (!counts) this.counts.set(threshold, (counts = count()));
    return { ...counts };
  }
}
