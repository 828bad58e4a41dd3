// A read-only map that is built on first use. A pull is handed every listing omni remembers of
// its channel, which only some pulls read (Amazon's report, a POS without an item export): watch's
// cheap reads, every few seconds, would otherwise load the whole channel each time for nothing.

export function lazyMap<K, V>(load: () => ReadonlyMap<K, V>): ReadonlyMap<K, V> {
  let map: ReadonlyMap<K, V> | undefined;
  const m = () => (map ??= load());
  return {
    get: (k) => m().get(k),
    has: (k) => m().has(k),
    get size() { return m().size; },
    forEach: (fn, thisArg) => m().forEach(fn, thisArg),
    entries: () => m().entries(),
    keys: () => m().keys(),
    values: () => m().values(),
    [Symbol.iterator]: () => m()[Symbol.iterator](),
  };
}
