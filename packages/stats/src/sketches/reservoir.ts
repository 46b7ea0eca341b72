import { expectJson } from './encoding';
import { Xoshiro128 } from '../metrics/numerics/seeded-random';

export type SampleValue = number | string | boolean;

export interface ReservoirJSON {
  capacity: number;
  /** Values offered so far. */
  seen: number;
  items: SampleValue[];
  /** The seed the sample was made with. */
  seed: number;
  /**
   * Generator state, with Algorithm L's skip state below, so a restored sample continues exactly.
   * Optional, so a sample without it still reads: its generator restarts from `seed`, still uniform.
   */
  state?: [number, number, number, number];
  threshold: number;
  next: number;
}

/**
 * A uniform random sample of at most `capacity` values from a stream: every subset of that size is
 * equally likely. Filling uses Li's Algorithm L ("Reservoir-sampling algorithms of time complexity
 * O(n(1 + log(N/n)))", ACM TOMS 1994), which draws random numbers only when a value is taken, so
 * offering a value costs one comparison. Merging draws how many of the merged sample come from each
 * side from the hypergeometric distribution (sizes n_a, n_b), then that many uniformly from each
 * sample, which keeps the result a uniform sample of the union; after a merge, filling goes on with
 * Vitter's Algorithm R (take the i-th value with probability capacity/i). Deterministic given a seed.
 *
 * Values are offered in two steps (`offer`, then `set`) so that a caller turns a cell into a
 * string only when it is kept.
 */
export class Reservoir {
  seen = 0;
  items: SampleValue[] = [];
  private random: Xoshiro128;
  /** Algorithm L's W, or 0 when filling with Algorithm R (after a merge). */
  private threshold = 0;
  /** Index of the next value Algorithm L takes. */
  private next = 0;

  constructor(
    readonly capacity = 1024,
    private readonly seed = 1,
  ) {
    if (!(Number.isInteger(capacity) && capacity >= 1))
      throw new Error(`sample capacity must be ≥ 1, not ${capacity}`);
    this.random = new Xoshiro128(seed);
    this.threshold = Math.exp(Math.log(this.random.next()) / capacity);
    this.next = capacity + Math.floor(Math.log(this.random.next()) / Math.log(1 - this.threshold));
  }

  /** Counts one more value; returns the slot to `set` it into when it is kept, else -1. */
  offer(): number {
    const index = this.seen++;
    if (index < this.capacity) return index;
    if (this.threshold === 0) {
      const slot = Math.floor(this.random.next() * (index + 1));
      return slot < this.capacity ? slot : -1;
    }
    if (index !== this.next) return -1;
    const slot = this.random.nextIndex(this.capacity);
    this.threshold *= Math.exp(Math.log(this.random.next()) / this.capacity);
    this.next += Math.floor(Math.log(this.random.next()) / Math.log(1 - this.threshold)) + 1;
    return slot;
  }

  /**
   * Offers `count` values at once and calls `keep(i, slot)` for the i-th of them (0-based) when it is
   * kept — the same choices, in the same order, as `count` calls of `offer`, but Algorithm L's skips
   * are jumped over instead of counted one by one.
   */
  offerMany(count: number, keep: (offset: number, slot: number) => void): void {
    const start = this.seen;
    const end = start + count;
    while (this.seen < end) {
      if (this.seen >= this.capacity && this.threshold !== 0) {
        if (this.next >= end) {
          this.seen = end;
          return;
        }
        this.seen = Math.max(this.seen, this.next);
      }
      const offset = this.seen - start;
      const slot = this.offer();
      if (slot >= 0) keep(offset, slot);
    }
  }

  set(slot: number, value: SampleValue): void {
    this.items[slot] = value;
  }

  add(value: SampleValue): void {
    const slot = this.offer();
    if (slot >= 0) this.set(slot, value);
  }

  merge(other: Reservoir): this {
    if (other.capacity !== this.capacity) {
      throw new Error(`cannot merge samples of capacity ${this.capacity} and ${other.capacity}`);
    }
    if (other.seen === 0) return this;
    if (this.seen === 0) {
      this.items = other.items.slice();
      this.seen = other.seen;
      this.threshold = 0;
      return this;
    }
    const size = Math.min(this.capacity, this.seen + other.seen);
    // How many come from this side: draws without replacement from seen_a + seen_b values.
    let fromThis = 0;
    let remainingThis = this.seen;
    let remainingOther = other.seen;
    for (let draw = 0; draw < size; draw++) {
      if (this.random.next() * (remainingThis + remainingOther) < remainingThis) {
        fromThis++;
        remainingThis--;
      } else {
        remainingOther--;
      }
    }
    const items = [...this.pick(this.items, fromThis), ...this.pick(other.items, size - fromThis)];
    this.items = this.pick(items, items.length);
    this.seen += other.seen;
    this.threshold = 0;
    return this;
  }

  /** `count` items drawn uniformly without replacement (a partial Fisher–Yates shuffle of a copy). */
  private pick(items: readonly SampleValue[], count: number): SampleValue[] {
    const copy = items.slice();
    for (let i = 0; i < count; i++) {
      const j = i + this.random.nextIndex(copy.length - i);
      [copy[i], copy[j]] = [copy[j] as SampleValue, copy[i] as SampleValue];
    }
    return copy.slice(0, count);
  }

  toJSON(): ReservoirJSON {
    return {
      capacity: this.capacity,
      seen: this.seen,
      items: this.items.slice(),
      seed: this.seed,
      state: this.random.state,
      threshold: this.threshold,
      next: this.next,
    };
  }

  static fromJSON(json: ReservoirJSON): Reservoir {
    expectJson(
      typeof json?.capacity === 'number' && Array.isArray(json.items),
      'a sample needs capacity and items',
    );
    const sample = new Reservoir(json.capacity, json.seed);
    if (json.state) sample.random = Xoshiro128.fromState(json.state);
    sample.seen = json.seen;
    sample.items = json.items.slice();
    sample.threshold = json.threshold;
    sample.next = json.next;
    return sample;
  }
}
