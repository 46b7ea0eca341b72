import { AlignedHistogram } from './aligned-histogram';
import type { AlignedHistogramJSON } from './aligned-histogram';
import { FixedHistogram } from './fixed-histogram';
import type { FixedHistogramJSON } from './fixed-histogram';

export { AlignedHistogram, FixedHistogram };
export type { AlignedHistogramJSON, FixedHistogramJSON };

export type HistogramJSON = FixedHistogramJSON | AlignedHistogramJSON;

export type Histogram = FixedHistogram | AlignedHistogram;

export function histogramFromJSON(json: HistogramJSON): Histogram {
  return json.type === 'fixed' ? FixedHistogram.fromJSON(json) : AlignedHistogram.fromJSON(json);
}
