import { detachString, expectJson } from './encoding';

export interface FrequentItem {
  value: string;
  /** Estimated count: never below the true count. */
  count: number;
  /** Most the estimate can exceed the true count: true count ∈ [count − error, count]. */
  error: number;
}

export interface SpaceSavingJSON {
  capacity: number;
  /** Total weight added. */
  n: number;
  /** [value, count, error], largest count first. */
  items: [string, number, number][];
}

/**
 * Frequent values by Space-Saving (Metwally, Agrawal & El Abbadi, "Efficient computation of frequent
 * and top-k elements in data streams", ICDT 2005): `capacity` counters; an unseen value takes over the
 * smallest counter and inherits its count as its error. Merging follows Cafaro, Pulimeno & Tempesta
 * ("A parallel space saving algorithm for frequent items and the Hurwitz zeta distribution", 2016):
 * a value missing from a full summary is credited that summary's smallest count.
 *
 * Error: every estimate is at most n/capacity above the true count (n = total count), and every value
 * more frequent than n/capacity is present. With fewer distinct values than `capacity` (never full)
 * the counts are exact, and stay exact through merges whose union still fits.
 */
export class SpaceSaving {
  n = 0;
  private readonly index = new Map<string, number>();
  private readonly values: string[] = [];
  // Grown up to `capacity` as values arrive: a wide file has many columns with few distinct values,
  // and counters allocated whole up front cost ~6 KB a column before a single value is seen.
  private counts: Float64Array;
  private errors: Float64Array;
  /** Min-heap of counter slots by count, and each slot's place in it. */
  private heap: Int32Array;
  private heapPlace: Int32Array;

  constructor(readonly capacity = 256) {
    if (!(Number.isInteger(capacity) && capacity >= 1))
      throw new Error(`Space-Saving capacity must be ≥ 1, not ${capacity}`);
    const initial = Math.min(capacity, 8);
    this.counts = new Float64Array(initial);
    this.errors = new Float64Array(initial);
    this.heap = new Int32Array(initial);
    this.heapPlace = new Int32Array(initial);
  }

  private grow(): void {
    const length = Math.min(this.capacity, this.counts.length * 2);
    const grown = <T extends Float64Array | Int32Array>(old: T, fresh: T): T => {
      fresh.set(old);
      return fresh;
    };
    this.counts = grown(this.counts, new Float64Array(length));
    this.errors = grown(this.errors, new Float64Array(length));
    this.heap = grown(this.heap, new Int32Array(length));
    this.heapPlace = grown(this.heapPlace, new Int32Array(length));
  }

  /** Number of values tracked. */
  get size(): number {
    return this.values.length;
  }

  get isFull(): boolean {
    return this.values.length === this.capacity;
  }

  /** True while no value has ever been evicted: counts are exact and every distinct value is tracked. */
  exact = true;

  has(value: string): boolean {
    return this.index.has(value);
  }

  /**
   * The most an untracked value can have occurred: 0 while exact, else the smallest tracked count
   * (at most n/capacity).
   */
  get minimumCount(): number {
    return this.exact || !this.isFull ? 0 : (this.counts[this.heap[0] as number] as number);
  }

  add(value: string, weight = 1): void {
    this.n += weight;
    const slot = this.index.get(value);
    if (slot !== undefined) {
      this.counts[slot]! += weight;
      this.siftDown(this.heapPlace[slot] as number);
      return;
    }
    if (!this.isFull) {
      const fresh = this.values.length;
      if (fresh === this.counts.length) this.grow();
      this.values.push(detachString(value));
      this.index.set(this.values[fresh] as string, fresh);
      this.counts[fresh] = weight;
      this.errors[fresh] = 0;
      this.heap[fresh] = fresh;
      this.heapPlace[fresh] = fresh;
      this.siftUp(fresh);
      return;
    }
    // Replace the smallest counter: the newcomer may have occurred that often unseen.
    this.exact = false;
    const smallest = this.heap[0] as number;
    this.index.delete(this.values[smallest] as string);
    this.values[smallest] = detachString(value);
    this.index.set(this.values[smallest] as string, smallest);
    this.errors[smallest] = this.counts[smallest] as number;
    this.counts[smallest]! += weight;
    this.siftDown(0);
  }

  /** Tracked values, largest count first (ties by value, so the order is deterministic). */
  items(limit = this.capacity): FrequentItem[] {
    return this.values
      .map((value, slot) => ({
        value,
        count: this.counts[slot] as number,
        error: this.errors[slot] as number,
      }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
      .slice(0, limit);
  }

  /** Estimated count of a value: its counter, or for an untracked one the most it can be. */
  estimate(value: string): number {
    const slot = this.index.get(value);
    return slot === undefined ? this.minimumCount : (this.counts[slot] as number);
  }

  merge(other: SpaceSaving): this {
    if (other.capacity !== this.capacity) {
      throw new Error(
        `cannot merge frequent-value summaries of capacity ${this.capacity} and ${other.capacity}`,
      );
    }
    const ownMinimum = this.minimumCount;
    const otherMinimum = other.minimumCount;
    const combined = new Map<string, { count: number; error: number }>();
    for (const item of this.items()) {
      const slot = other.index.get(item.value);
      combined.set(item.value, {
        count: item.count + (slot === undefined ? otherMinimum : (other.counts[slot] as number)),
        error: item.error + (slot === undefined ? otherMinimum : (other.errors[slot] as number)),
      });
    }
    for (const item of other.items()) {
      if (combined.has(item.value)) continue;
      combined.set(item.value, { count: item.count + ownMinimum, error: item.error + ownMinimum });
    }
    const kept = [...combined.entries()]
      .sort(([a, x], [b, y]) => y.count - x.count || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, this.capacity);
    const exact = this.exact && other.exact && combined.size <= this.capacity;
    const n = this.n + other.n;
    this.reset();
    for (const [value, { count, error }] of kept) this.insert(value, count, error);
    this.n = n;
    this.exact = exact;
    return this;
  }

  private reset(): void {
    this.index.clear();
    this.values.length = 0;
    this.n = 0;
  }

  private insert(value: string, count: number, error: number): void {
    const slot = this.values.length;
    if (slot === this.counts.length) this.grow();
    this.values.push(value);
    this.index.set(value, slot);
    this.counts[slot] = count;
    this.errors[slot] = error;
    this.heap[slot] = slot;
    this.heapPlace[slot] = slot;
    this.siftUp(slot);
  }

  private siftUp(place: number): void {
    const { heap, heapPlace, counts } = this;
    const slot = heap[place] as number;
    const count = counts[slot] as number;
    while (place > 0) {
      const parentPlace = (place - 1) >> 1;
      const parent = heap[parentPlace] as number;
      if ((counts[parent] as number) <= count) break;
      heap[place] = parent;
      heapPlace[parent] = place;
      place = parentPlace;
    }
    heap[place] = slot;
    heapPlace[slot] = place;
  }

  private siftDown(place: number): void {
    const { heap, heapPlace, counts } = this;
    const size = this.values.length;
    const slot = heap[place] as number;
    const count = counts[slot] as number;
    for (;;) {
      let child = 2 * place + 1;
      if (child >= size) break;
      if (
        child + 1 < size &&
        (counts[heap[child + 1] as number] as number) < (counts[heap[child] as number] as number)
      )
        child++;
      const childSlot = heap[child] as number;
      if ((counts[childSlot] as number) >= count) break;
      heap[place] = childSlot;
      heapPlace[childSlot] = place;
      place = child;
    }
    heap[place] = slot;
    heapPlace[slot] = place;
  }

  toJSON(): SpaceSavingJSON {
    return {
      capacity: this.capacity,
      n: this.n,
      items: this.items().map((item) => [item.value, item.count, item.error]),
    };
  }

  /**
   * The summary of a stream whose exact counts are known (`counts[i]` of `values[i]`, positive): the
   * `capacity` largest with their exact counts and no error. Every untracked value then occurred at most
   * as often as the smallest tracked one, which is all Space-Saving promises (and `merge` relies on), so
   * this is a valid summary, tighter than adding the values one by one.
   */
  static fromCounts(values: readonly string[], counts: ArrayLike<number>, capacity: number): SpaceSaving {
    const summary = new SpaceSaving(capacity);
    let order = Array.from(values.keys());
    let n = 0;
    for (const i of order) n += counts[i] as number;
    if (order.length > capacity) {
      // Ties by value, so the kept set does not depend on the order values were first seen in.
      order.sort(
        (a, b) =>
          (counts[b] as number) - (counts[a] as number) ||
          ((values[a] as string) < (values[b] as string) ? -1 : 1),
      );
      order = order.slice(0, capacity);
      summary.exact = false;
    }
    for (const i of order) summary.insert(values[i] as string, counts[i] as number, 0);
    summary.n = n;
    return summary;
  }

  static fromJSON(json: SpaceSavingJSON): SpaceSaving {
    expectJson(
      typeof json?.capacity === 'number' && Array.isArray(json.items),
      'a frequent-value summary needs capacity and items',
    );
    const summary = new SpaceSaving(json.capacity);
    for (const [value, count, error] of json.items) summary.insert(value, count, error);
    summary.n = json.n;
    // Exact means every value is tracked with its true count: then no count carries an error and the
    // counts add up to n (a value dropped by a merge or by fromCounts leaves them short of n).
    let tracked = 0;
    for (const [, count] of json.items) tracked += count;
    summary.exact = tracked === json.n && json.items.every(([, , error]) => error === 0);
    return summary;
  }
}
