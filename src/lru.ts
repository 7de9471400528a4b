/**
 * A least-recently-used map, bounded by a count of entries and by a total
 * weight (bytes, or an estimate of them): the one eviction rule of the
 * app's caches (parsed city documents, engine results and views, visitors'
 * pages). Reading an entry makes it the newest; adding one drops the oldest
 * while either bound is passed, but never the entry just added (the caller
 * is about to use it).
 *
 * Example: const pages = new Lru<string, Buffer>({ maxWeight: 16 * 2 ** 20, weigh: (b) => b.byteLength });
 *          pages.set('/a', body); pages.get('/a'); pages.weight  // body.byteLength
 */
export interface LruOptions<V> {
  /** Entries kept at most (no bound when left out). */
  maxEntries?: number;
  /** Total weight kept at most, by `weigh` (no bound when left out). */
  maxWeight?: number;
  weigh?: (value: V) => number;
}

export class Lru<K, V> {
  private readonly entries = new Map<K, { value: V; weight: number }>();
  private total = 0;
  private readonly maxEntries: number;
  private readonly maxWeight: number;
  private readonly weigh: (value: V) => number;

  constructor(options: LruOptions<V> = {}) {
    this.maxEntries = options.maxEntries ?? Infinity;
    this.maxWeight = options.maxWeight ?? Infinity;
    this.weigh = options.weigh ?? (() => 0);
  }

  /** The value, made the most recently used; undefined when absent. */
  get(key: K): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** Adds or replaces the value as the most recently used, then drops the oldest while a bound is passed. */
  set(key: K, value: V): void {
    this.delete(key);
    const weight = this.weigh(value);
    this.entries.set(key, { value, weight });
    this.total += weight;
    while (this.entries.size > 1 && (this.entries.size > this.maxEntries || this.total > this.maxWeight)) {
      const oldest = this.entries.keys().next().value as K;
      if (oldest === key) break;
      this.delete(oldest);
    }
  }

  delete(key: K): boolean {
    const e = this.entries.get(key);
    if (!e) return false;
    this.total -= e.weight;
    return this.entries.delete(key);
  }

  /** Drops every entry whose key passes `test`. */
  deleteWhere(test: (key: K) => boolean): void {
    for (const k of [...this.entries.keys()]) if (test(k)) this.delete(k);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The total weight of the entries kept. */
  get weight(): number {
    return this.total;
  }
}
