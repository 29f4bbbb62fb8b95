/** A look-up memoised in a map that starts again when full, so that memory stays flat. */
export function memo<T>(fn: (key: string) => T, limit = 65_536): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined && !cache.has(key)) {
      if (cache.size >= limit) cache.clear();
      cache.set(key, (v = fn(key)));
    }
    return v as T;
  };
}

