import { describe, expect, it } from 'vitest';
import { Lru } from '../src/lru.js';

describe('Lru', () => {
  it('drops the least recently used entry past the count, reading an entry making it the newest', () => {
    const lru = new Lru<string, number>({ maxEntries: 2 });
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1);
    lru.set('c', 3); // b is the oldest now
    expect(lru.has('b')).toBe(false);
    expect([lru.get('a'), lru.get('c'), lru.size]).toEqual([1, 3, 2]);
  });

  it('keeps the total weight under its bound, counts it down on delete, and never drops the entry just added', () => {
    const lru = new Lru<string, string>({ maxWeight: 10, weigh: (v) => v.length });
    lru.set('a', 'xxxx');
    lru.set('b', 'yyyy');
    expect(lru.weight).toBe(8);
    lru.set('c', 'zzzz'); // 12 > 10: a goes
    expect([lru.has('a'), lru.weight]).toEqual([false, 8]);
    lru.set('b', 'yy'); // replacing counts the new weight only
    expect(lru.weight).toBe(6);
    lru.set('huge', 'w'.repeat(50)); // alone over the bound: kept, the others go
    expect([lru.size, lru.get('huge')?.length, lru.weight]).toEqual([1, 50, 50]);
    expect(lru.delete('huge')).toBe(true);
    expect([lru.size, lru.weight]).toEqual([0, 0]);
  });

  it('drops every entry whose key passes a test', () => {
    const lru = new Lru<string, number>({ weigh: (v) => v });
    for (const [k, v] of [['x:1', 1], ['x:2', 2], ['y:1', 4]] as const) lru.set(k, v);
    lru.deleteWhere((k) => k.startsWith('x:'));
    expect([lru.size, lru.weight, lru.get('y:1')]).toEqual([1, 4, 4]);
  });
});
