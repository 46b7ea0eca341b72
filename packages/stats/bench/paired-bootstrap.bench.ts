import { test } from 'vitest';
import {
  binaryPairedBootstraps,
  findMetric,
  FUSED_BINARY_METRICS,
  pairedBootstrapMetric,
  pairedBootstraps,
  rocAuc,
} from '../src/metrics/index';
import { Xoshiro128 } from '../src/metrics/numerics/seeded-random';

// 1000 resamples × 10,000 rows. The reference in the same run is the bare metric function that
// sorts on every resample; the prepared ROC AUC sorts once, so the ratio shows what that buys.
const random = new Xoshiro128(42);
const uniform = () => random.nextUint32() / 4294967296;
const labels = Array.from({ length: 10_000 }, () => (uniform() < 0.5 ? 1 : 0));
const candidate = labels.map((label) =>
  uniform() < 0.8 === (label === 1) ? 0.5 + 0.5 * uniform() : 0.5 * uniform(),
);
const baseline = labels.map((label) =>
  uniform() < 0.75 === (label === 1) ? 0.5 + 0.5 * uniform() : 0.5 * uniform(),
);

test('paired bootstrap, 1000 × 10k rows', async ({ bench }) => {
  await bench.compare(
    bench('accuracy (prepared)', () => {
      pairedBootstrapMetric(findMetric('binary', 'accuracy')!, labels, candidate, baseline);
    }),
    bench('roc_auc (prepared: one sort)', () => {
      pairedBootstrapMetric(findMetric('binary', 'roc_auc')!, labels, candidate, baseline);
    }),
    bench('roc_auc (reference: a sort per resample; 100 resamples, a tenth of the work)', () => {
      pairedBootstrapMetric(rocAuc, labels, candidate, baseline, { resamples: 100 });
    }),
    // A call takes up to a second: ten samples each (tinybench's defaults, 16 + 64, take minutes).
    { iterations: 10, time: 500, warmupIterations: 2, warmupTime: 100 },
  );
});

// The nine binary metrics of both models: one fused walk per resample against each metric's prepared
// statistic re-weighted per resample (what evaluate did before).
test('paired bootstrap of all nine binary metrics, 1000 × 10k rows', async ({ bench }) => {
  await bench.compare(
    bench('fused (binaryPairedBootstraps)', () => {
      binaryPairedBootstraps({ labels, candidate, baseline, metrics: FUSED_BINARY_METRICS }, { threads: 1 });
    }),
    bench('per metric (pairedBootstraps of prepared statistics)', () => {
      pairedBootstraps(
        FUSED_BINARY_METRICS.map((name) => {
          const definition = findMetric('binary', name)!;
          if (definition.task !== 'binary') throw new Error(name);
          return {
            candidate: definition.prepare(labels, candidate),
            baseline: definition.prepare(labels, baseline),
          };
        }),
        labels.length,
      );
    }),
    { iterations: 5, time: 500, warmupIterations: 1, warmupTime: 100 },
  );
});
