import 'server-only';

/**
 * Per-process state, made once: connection pools, hubs, caches, timers. Kept on globalThis
 * under `key` so a module loaded twice (Next's dev reloads, its route bundles, tests importing
 * a file from two paths) shares one copy instead of leaking connections. The only globalThis
 * cache in lib/server: everything per-process goes through here.
 */
export function singleton<T>(key: string, create: () => T): T {
  const store = ((globalThis as { [STORE]?: Map<string, unknown> })[STORE] ??= new Map());
  if (store.has(key)) return store.get(key) as T;
  const value = create();
  store.set(key, value);
  return value;
}

const STORE = Symbol.for('riffle.singletons');
